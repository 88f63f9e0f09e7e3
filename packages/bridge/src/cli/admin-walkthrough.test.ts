/**
 * Issue 6, "Done when", the terminal half: from an empty data folder, only `ssobridge` commands
 * (admin, connection, user, app) make a bridge a user can sign in through; then the app's secret
 * is rotated with a grace period, in which the old secret still verifies, and without one.
 * The sign-in runs through the real bridge in-process, opened on the same data folder.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { errors, jwtVerify } from 'jose'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createBridge } from '../bridge.js'
import { loadEmbedAsset } from '../embed-asset.js'
import { loadMasterKey } from '../keys/master-key.js'
import { authorizeUrl } from '../testing/bridge-fixture.js'
import { readForm, TestBrowser } from '../testing/test-browser.js'
import { main } from './main.js'
import { openStorage } from './open-storage.js'

const ISSUER = 'http://localhost:4000'
const CALLBACK = 'http://127.0.0.1:4010/sso/callback'

const saved = { ...process.env }
let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ssobridge-walkthrough-'))
  Object.assign(process.env, {
    SSOBRIDGE_DATA_DIR: dir,
    DATABASE_URL: '',
    SSOBRIDGE_SECRET_KEY: '',
    SSOBRIDGE_ISSUER: ISSUER,
    SSOBRIDGE_ACTOR: 'ops',
  })
})
afterEach(() => {
  process.env = { ...saved }
  rmSync(dir, { recursive: true, force: true })
})

async function ssobridge(...argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) })
  if (code !== 0) throw new Error(`ssobridge ${argv.join(' ')} exited ${code}: ${err.join('\n')}`)
  return out.join('\n')
}

const shown = (text: string, label: string) => {
  const value = new RegExp(`${label}: (\\S+)`).exec(text)?.[1]
  if (!value) throw new Error(`no ${label} in:\n${text}`)
  return value
}

async function verifiesWithAny(token: string, secrets: string[]) {
  for (const secret of secrets) {
    try {
      await jwtVerify(token, new TextEncoder().encode(secret), {
        issuer: ISSUER,
        audience: 'blog',
        algorithms: ['HS256'],
      })
      return true
    } catch (error) {
      if (!(error instanceof errors.JWSSignatureVerificationFailed)) throw error
    }
  }
  return false
}

/** A user signs in at the bridge, opened on the CLI's data folder, and the app's token comes back. */
async function signIn(credentials: { email: string; password: string }) {
  const { storage } = await openStorage()
  const master = loadMasterKey({ env: process.env, dataDir: resolve(dir) })
  const { app } = createBridge({
    settings: { issuer: ISSUER, sessionTtl: 8 * 3600 },
    storage,
    masterKey: master.key,
    embed: loadEmbedAsset(),
  })
  try {
    const browser = new TestBrowser(app, ISSUER)
    const start = await browser.get(authorizeUrl({ app: 'blog', redirect_uri: CALLBACK }))
    expect(start.status).toBe(302)
    const login = readForm(await (await browser.get(start.headers.get('Location')!)).text())
    const done = await browser.post('/login', {
      ...login.fields,
      ...credentials,
      action: 'sign-in',
    })
    const posted = readForm(await done.text())
    expect(posted.action).toBe(CALLBACK)
    expect(posted.fields.state).toBe('state-123')
    return posted.fields.token!
  } finally {
    await storage.close()
  }
}

describe('an empty bridge set up with the CLI only', () => {
  it('signs a user in to a new app, then rotates its secret with and without a grace period', async () => {
    expect(await ssobridge('admin', 'create', '--email', 'root@example.com')).toContain(
      'created admin root@example.com',
    )
    const connection = await ssobridge(
      'connection',
      'add',
      '--type',
      'local',
      '--id',
      'staff',
      '--name',
      'Staff',
    )
    expect(connection).toContain('created connection staff')
    const user = await ssobridge(
      'user',
      'add',
      '--email',
      'alice@example.com',
      '--connection',
      'staff',
    )
    const alice = { email: 'alice@example.com', password: shown(user, 'password') }
    const created = await ssobridge(
      'app',
      'add',
      '--id',
      'blog',
      '--name',
      'Blog',
      '--callback',
      CALLBACK,
      '--connection',
      'staff',
    )
    expect(created).toContain('created app blog')
    expect(created).toMatch(/integrity="sha384-[^"]+"[^>]*data-app="blog"/)
    const firstSecret = shown(created, 'secret')

    const token = await signIn(alice)
    expect(await verifiesWithAny(token, [firstSecret])).toBe(true)
    const { payload } = await jwtVerify(token, new TextEncoder().encode(firstSecret))
    expect(payload).toMatchObject({ email: alice.email, aud: 'blog', iss: ISSUER })

    // A grace period: the bridge signs with the new secret, sites accept both for an hour.
    const rotated = await ssobridge('app', 'rotate-secret', 'blog', '--grace', '1h')
    const secondSecret = shown(rotated, 'signing now')
    expect(rotated).toContain('the old secret may still be accepted until')
    expect(await verifiesWithAny(token, [secondSecret, firstSecret])).toBe(true)
    expect(await verifiesWithAny(await signIn(alice), [secondSecret])).toBe(true)

    // No grace: the old secret is dropped at once, and its tokens no longer verify.
    const dropped = await ssobridge('app', 'rotate-secret', 'blog', '--grace', '0')
    const thirdSecret = shown(dropped, 'signing now')
    expect(dropped).toContain('the old secret is dropped now')
    expect(await verifiesWithAny(token, [thirdSecret])).toBe(false)
  })
})
