/**
 * Where the bridge keeps its files (SQLite database, development master key) when
 * SSOBRIDGE_DATA_DIR does not say: next to the config file, as Dex and Keycloak users expect,
 * so the folder a service manager starts in does not matter; `./data` without a config.
 */
import { dirname, join, resolve } from 'node:path'

export function defaultDataDir(
  env: Record<string, string | undefined>,
  configFile: string | undefined,
): string {
  if (env.SSOBRIDGE_DATA_DIR) return resolve(env.SSOBRIDGE_DATA_DIR)
  return configFile ? join(dirname(resolve(configFile)), 'data') : resolve('data')
}
