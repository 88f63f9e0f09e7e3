/**
 * Pairwise subjects: `sub` = HMAC-SHA256(bridge salt, app id | user id), so two apps cannot join
 * their users on `sub`. The salt is made once per deployment, sealed, shared by all processes.
 */
import { createHmac, randomBytes } from 'node:crypto'
import type { SecretBox } from '../keys/secret-box.js'
import type { Storage } from '../storage/types.js'

const SECRETS = 'bridge-secret'
const KEY = 'pairwise-salt'

// Sealed secrets the bridge makes for itself: this salt, and the OpenID Provider's cookie keys.
declare module '../storage/types.js' {
  interface StorageRecords {
    [SECRETS]: string
  }
}

export type PairwiseSubjects = (appId: string, userId: string) => Promise<string>

export function createPairwiseSubjects(storage: Storage, box: SecretBox): PairwiseSubjects {
  let salt: Promise<Buffer> | undefined

  async function load(): Promise<Buffer> {
    const fresh = randomBytes(32).toString('base64url')
    // The first process to store a salt wins; everyone then uses that one.
    await storage.add(SECRETS, KEY, box.seal(fresh, `${SECRETS}:${KEY}`))
    const sealed = await storage.get(SECRETS, KEY)
    if (!sealed) throw new Error('pairwise salt missing from storage')
    return Buffer.from(box.open(sealed, `${SECRETS}:${KEY}`), 'base64url')
  }

  return async (appId, userId) => {
    salt ??= load().catch((error: unknown) => {
      salt = undefined
      throw error
    })
    return createHmac('sha256', await salt)
      .update(`${appId}|${userId}`)
      .digest('base64url')
  }
}
