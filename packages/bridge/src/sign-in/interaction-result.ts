/**
 * An OpenID Connect sign-in's result, left by the bridge's sign-in for the interaction's finish
 * step (routes/openid-provider.ts), which consumes it once and hands it to oidc-provider.
 */
import type { Storage } from '../storage/types.js'

const FINISHED_SIGN_INS = 'op-sign-in'
const TTL_SECONDS = 5 * 60

export interface InteractionSignIn {
  userId: string
  authTime: number
  amr: string[]
  sid?: string
}

declare module '../storage/types.js' {
  interface StorageRecords {
    // Keyed by the interaction's uid.
    [FINISHED_SIGN_INS]: InteractionSignIn
  }
}

export const recordInteractionSignIn = (storage: Storage, uid: string, signIn: InteractionSignIn) =>
  storage.set(FINISHED_SIGN_INS, uid, { ...signIn }, TTL_SECONDS)

export const takeInteractionSignIn = (storage: Storage, uid: string) =>
  storage.consume(FINISHED_SIGN_INS, uid)
