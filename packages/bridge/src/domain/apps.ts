/** Apps as stored: the sites that may ask the bridge for a token. */
import type { AsymmetricAlgorithm } from '../keys/keystore.js'
import type { Storage } from '../storage/types.js'

export type AppSigning = { alg: 'HS256'; secretSealed: string } | { alg: AsymmetricAlgorithm }

export interface App {
  id: string
  name: string
  callbackUrls: string[]
  connections: string[]
  signing: AppSigning
  tokenTtl: number
  requireMfa?: boolean
  delivery: 'form_post'
  updatedAt: number
}

export const APPS = 'app'

export const getApp = (storage: Storage, id: string) => storage.get<App>(APPS, id)

export const appSecretContext = (appId: string) => `app-secret:${appId}`

/** Origins a `return_to` may point at: those of the app's registered callbacks. */
export function appOrigins(app: App): Set<string> {
  return new Set(app.callbackUrls.map((url) => new URL(url).origin))
}
