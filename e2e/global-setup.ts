/**
 * Starts the demo exactly as `npm start` does (scripts/demo.ts), on free ports and a fresh data
 * folder, and hands its URLs (the mailbox's too) and the passwords to the tests through the
 * environment.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { freePort } from '../scripts/free-port.js'

const root = resolve(import.meta.dirname, '..')

export default async function globalSetup() {
  const dataDir = mkdtempSync(join(tmpdir(), 'ssobridge-e2e-'))
  const [bridgePort, shopPort, forumPort, oidcIdpPort, vaultPort, samlIdpPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ]
  const [staticPort, platformPort] = [await freePort(), await freePort()]
  const spaPort = await freePort()
  const [communityPort, storePort] = [await freePort(), await freePort()]
  const [mailboxPort, mailboxSmtpPort] = [await freePort(), await freePort()]
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
    cwd: root,
    env: {
      ...process.env,
      BRIDGE_PORT: String(bridgePort),
      SHOP_PORT: String(shopPort),
      FORUM_PORT: String(forumPort),
      OIDC_IDP_PORT: String(oidcIdpPort),
      VAULT_PORT: String(vaultPort),
      SAML_IDP_PORT: String(samlIdpPort),
      STATIC_PORT: String(staticPort),
      PLATFORM_PORT: String(platformPort),
      SPA_PORT: String(spaPort),
      COMMUNITY_PORT: String(communityPort),
      STORE_PORT: String(storePort),
      MAILBOX_PORT: String(mailboxPort),
      MAILBOX_SMTP_PORT: String(mailboxSmtpPort),
      SSOBRIDGE_DEMO_DIR: dataDir,
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const passwords = await new Promise<string[]>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`demo did not start:\n${output}`)), 30_000)
    const read = (chunk: Buffer) => {
      output += chunk.toString()
      // The banner ends with the snippet line; by then every password has been printed.
      if (output.includes('Ctrl+C stops everything')) {
        clearTimeout(timer)
        done([...output.matchAll(/password: (\S+)/g)].map((m) => m[1] as string))
      }
    }
    child.stdout.on('data', read)
    child.stderr.on('data', read)
    child.once('exit', (code) => fail(new Error(`demo exited with ${code}:\n${output}`)))
  })
  Object.assign(process.env, {
    E2E_BRIDGE_URL: `http://localhost:${bridgePort}`,
    E2E_SHOP_URL: `http://127.0.0.1:${shopPort}`,
    E2E_FORUM_URL: `http://127.0.0.1:${forumPort}`,
    E2E_DATA_DIR: dataDir,
    E2E_ALICE_PASSWORD: passwords[0],
    E2E_CAROL_PASSWORD: passwords[1],
    E2E_OIDC_IDP_URL: `http://127.0.0.1:${oidcIdpPort}`,
    E2E_VAULT_URL: `http://127.0.0.1:${vaultPort}`,
    E2E_DANA_PASSWORD: passwords[2],
    E2E_ERIN_PASSWORD: passwords[3],
    E2E_SAML_IDP_URL: `http://127.0.0.1:${samlIdpPort}`,
    E2E_STATIC_URL: `http://127.0.0.1:${staticPort}`,
    E2E_PLATFORM_URL: `http://127.0.0.1:${platformPort}`,
    E2E_SPA_URL: `http://127.0.0.1:${spaPort}`,
    E2E_COMMUNITY_URL: `http://127.0.0.1:${communityPort}`,
    E2E_STORE_URL: `http://127.0.0.1:${storePort}`,
    // The demo mailbox: /messages.json lists every email the bridge sent, newest first.
    E2E_MAILBOX_URL: `http://127.0.0.1:${mailboxPort}`,
  })
  return async () => {
    child.kill('SIGTERM')
    await new Promise((done) => child.once('exit', done))
    rmSync(dataDir, { recursive: true, force: true })
  }
}
