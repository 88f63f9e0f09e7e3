/**
 * `ssobridge export`: the stored apps and connections as a config file, secrets left out. Each
 * secret becomes an `env:NAME` reference, so the file applies again once those variables are
 * set. Users are not exported: their passwords exist only as hashes.
 */
import { stringify } from 'yaml'
import { APPS, type App } from '../domain/apps.js'
import { presets } from '../domain/presets.js'
import { CONNECTIONS } from '../domain/connections.js'
import type { Storage } from '../storage/types.js'
import { appAsConfig, connectionAsConfig, connectionSecretFields } from './config-views.js'

const envName = (...parts: string[]) =>
  `SSOBRIDGE_${parts.join('_')}`.toUpperCase().replace(/[^A-Z0-9_]/g, '_')
const snake = (camel: string) => camel.replace(/[A-Z]/g, (c) => `_${c}`)

/**
 * The `alg` beside an exported secret: left to the preset where its platform takes only the one,
 * named where the preset has a default the app may have turned from (Help Scout's HS512).
 */
function sharedSecretAlg(app: App): { alg?: 'HS256' | 'HS512' } {
  const alg = app.tokenAlg === 'HS512' ? 'HS512' : 'HS256'
  if (!app.preset) return { alg }
  return presets[app.preset].alg ? { alg } : {}
}

export async function exportConfig(
  storage: Storage,
  issuer: string,
): Promise<{ yaml: string; secrets: string[] }> {
  const secrets: string[] = []
  const reference = (name: string) => {
    secrets.push(name)
    return `env:${name}`
  }
  const connections = (await storage.list(CONNECTIONS)).map(({ value }) => {
    const config = connectionAsConfig(value)
    for (const field of connectionSecretFields(value))
      config[field] = reference(envName('connection', value.id, snake(field)))
    return config
  })
  const apps = (await storage.list(APPS)).map(({ value }) => {
    const config = appAsConfig(value)
    if (value.signing.alg === 'HS256')
      config.signing = {
        ...sharedSecretAlg(value),
        secret: reference(envName('app', value.id, 'secret')),
      }
    else if (value.signing.privateKeySealed)
      // Only a preset signs with a key its platform issued; the preset says which algorithm.
      config.signing = { privateKey: reference(envName('app', value.id, 'private_key')) }
    if (value.platform?.apiTokenSealed)
      config.platform = {
        ...(config.platform as object),
        apiToken: reference(envName('app', value.id, 'platform_api_token')),
      }
    if (value.oidc?.clientSecretSealed)
      config.oidc = {
        ...(config.oidc as object),
        clientSecret: reference(envName('app', value.id, 'client_secret')),
      }
    if (value.webhooks?.length)
      config.webhooks = value.webhooks.map(({ secretSealed: _, createdAt: __, ...endpoint }) => ({
        ...endpoint,
        secret: reference(envName('app', value.id, 'webhook', endpoint.id, 'secret')),
      }))
    return config
  })
  const header = [
    '# Exported by ssobridge export. Secrets are not exported: set these variables to apply it.',
    ...secrets.map((name) => `#   ${name}`),
    '# Users are not exported (their passwords are stored only as hashes).',
  ].join('\n')
  return { yaml: `${header}\n${stringify({ issuer, connections, apps })}`, secrets }
}
