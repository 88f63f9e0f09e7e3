/** What the offline commands need: storage and the secret box, as the server would open them. */
import { resolve } from 'node:path'
import { createSecretBox } from '../keys/secret-box.js'
import { loadMasterKey } from '../keys/master-key.js'
import { createStorage } from '../storage/create-storage.js'

export async function openStorage(env: Record<string, string | undefined> = process.env) {
  const dataDir = resolve(env.SSOBRIDGE_DATA_DIR ?? 'data')
  const master = loadMasterKey({ env, dataDir, production: env.NODE_ENV === 'production' })
  const storage = await createStorage({ databaseUrl: env.DATABASE_URL, dataDir })
  return { storage, box: createSecretBox(master.key) }
}
