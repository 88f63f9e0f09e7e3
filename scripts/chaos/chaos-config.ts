/**
 * The config every bridge of the chaos test runs with (one file, as production requires): a local
 * connection with one seed user per load worker (so the per-account throttle never meets another
 * worker's attempts), a form_post app and a code app with back-channel logout URLs, and an OpenID
 * Connect client with one too. Secrets stay in the environment (`env:NAME`).
 */
import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const SHOP = { id: 'shop', callback: 'http://127.0.0.1:4101/sso/callback' }
export const NOTES = { id: 'notes', callback: 'http://127.0.0.1:4102/' }
export const CRM = { id: 'crm', callback: 'http://127.0.0.1:4103/oidc/callback' }
/** The apps whose sign-ins are followed by a back-channel logout. */
export const BACKCHANNEL_APPS = [SHOP.id, NOTES.id, CRM.id]

export interface ChaosConfig {
  path: string
  env: Record<string, string>
  users: { email: string; password: string }[]
  crmSecret: string
}

export function writeChaosConfig(
  dir: string,
  options: { issuer: string; backchannelUrl: string; users: number },
): ChaosConfig {
  const users = Array.from({ length: options.users }, (_, i) => ({
    email: `worker${i}@example.com`,
    password: randomBytes(12).toString('base64url'),
  }))
  const crmSecret = randomBytes(32).toString('base64url')
  const env: Record<string, string> = {
    SHOP_SECRET: randomBytes(32).toString('base64url'),
    CRM_SECRET: crmSecret,
    ...Object.fromEntries(users.map((user, i) => [`PASSWORD_${i}`, user.password])),
  }
  const backchannel = (app: string) => ({
    backchannelLogoutUrl: `${options.backchannelUrl}/${app}`,
    dangerouslyAllowPrivateNetwork: true,
  })
  const config = {
    issuer: options.issuer,
    connections: [{ id: 'staff', type: 'local' }],
    apps: [
      {
        id: SHOP.id,
        name: 'Shop',
        callbackUrls: [SHOP.callback],
        connections: ['staff'],
        signing: { alg: 'HS256', secret: 'env:SHOP_SECRET' },
        ...backchannel(SHOP.id),
      },
      {
        id: NOTES.id,
        name: 'Notes',
        callbackUrls: [NOTES.callback],
        connections: ['staff'],
        signing: { alg: 'ES256' },
        delivery: 'code',
        ...backchannel(NOTES.id),
      },
      {
        id: CRM.id,
        name: 'CRM',
        callbackUrls: [CRM.callback],
        connections: ['staff'],
        signing: { alg: 'ES256' },
        oidc: { clientSecret: 'env:CRM_SECRET' },
        ...backchannel(CRM.id),
      },
    ],
    users: users.map((user, i) => ({
      email: user.email,
      name: `Worker ${i}`,
      password: `env:PASSWORD_${i}`,
      connection: 'staff',
    })),
  }
  const path = join(dir, 'ssobridge.json')
  writeFileSync(path, JSON.stringify(config, null, 2))
  return { path, env, users, crmSecret }
}
