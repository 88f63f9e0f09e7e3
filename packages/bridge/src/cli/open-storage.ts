/** What the offline commands need: storage and the secret box, as the server would open them. */
import { defaultDataDir } from '../config/data-dir.js'
import { createSecretBox } from '../keys/secret-box.js'
import { loadMasterKey, masterKeyRequiredBecause } from '../keys/master-key.js'
import { createStorage } from '../storage/create-storage.js'

export async function openStorage(
  env: Record<string, string | undefined> = process.env,
  /** The config file these records belong with (its folder holds the default data folder). */
  config: { file?: string; issuer?: string } = { file: env.SSOBRIDGE_CONFIG },
) {
  const dataDir = defaultDataDir(env, config.file)
  const requiredBecause = masterKeyRequiredBecause(env, config.issuer)
  const master = loadMasterKey({ env, dataDir, requiredBecause })
  const storage = await createStorage({ databaseUrl: env.DATABASE_URL, dataDir })
  return { storage, box: createSecretBox(master.key) }
}
