/**
 * Every platform preset in Chromium: the platform's fake starts the sign-in (or the visitor starts
 * at the bridge), Alice signs in on the bridge's page, and the fake checks what arrives with its
 * platform's rules. Then the refusals a platform makes: a clock ahead, a wrong key, a replay.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { parseConfig, startBridge, type RunningBridge } from '@ssobridge/bridge'
import { activePublicKeyPem } from '../packages/bridge/src/keys/public-key-pem.js'
import { platformNames, type PlatformName } from '../packages/bridge/src/platforms/checks/index.js'
import type { PlatformFake } from '../packages/bridge/src/testing/platform-fakes/index.js'
import { presetApp, startPresetFake } from '../packages/bridge/src/testing/preset-apps.js'
import { freePort } from '../scripts/free-port.js'

const ALICE = { email: 'alice@example.com', password: 'alice-presets-password-42' }
const fakes = new Map<string, PlatformFake>()
let bridge: RunningBridge
let bridgeUrl = ''
let dataDir = ''

test.beforeAll(async () => {
  const port = await freePort()
  bridgeUrl = `http://localhost:${port}`
  let rsaPem = ''
  for (const platform of platformNames) {
    const extra = platform === 'freshworks' ? { key: () => rsaPem } : {}
    fakes.set(
      platform,
      await startPresetFake(platform, `${bridgeUrl}/authorize?app=${platform}`, extra),
    )
  }
  fakes.set(
    'zendesk-late',
    await startPresetFake('zendesk', `${bridgeUrl}/authorize?app=zendesk-late`, {
      now: () => Date.now() + 600_000,
    }),
  )
  fakes.set(
    'zendesk-wrongkey',
    await startPresetFake('zendesk', `${bridgeUrl}/authorize?app=zendesk-wrongkey`, {
      key: 'another-secret-0123456789abcdef',
    }),
  )
  dataDir = mkdtempSync(join(tmpdir(), 'ssobridge-presets-'))
  const env = { ...process.env, DATABASE_URL: '', SSOBRIDGE_LOG_LEVEL: 'warn' }
  const config = parseConfig(
    {
      issuer: bridgeUrl,
      connections: [{ id: 'staff', type: 'local', name: 'Staff' }],
      users: [{ ...ALICE, name: 'Alice Example', emailVerified: true, connection: 'staff' }],
      apps: [...fakes].map(([id, fake]) => presetApp(fake, id)),
    },
    env,
  )
  bridge = await startBridge({ port, config, dataDir, databaseUrl: '', env })
  rsaPem = await activePublicKeyPem(
    bridge.services.keystore as Parameters<typeof activePublicKeyPem>[0],
    'RS256',
  )
})

test.afterAll(async () => {
  await bridge?.close()
  await Promise.all([...fakes.values()].map((f) => f.close()))
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

/** Where each platform sends the visitor back to, if it sends one. */
const targets: Partial<Record<PlatformName, string>> = {
  thinkific: '/courses/intro',
  zendesk: '/hc/en-us',
  canny: '/board/ideas',
  featurebase: '/roadmap',
  gitbook: '/guides/start?tab=1',
  mintlify: '/api-reference',
  readme: '/docs/intro',
  helpscout: '/article/42-hello',
}

async function signIn(page: Page, app: string, fake: PlatformFake, platform: PlatformName) {
  const startsAtBridge = platform === 'bigcommerce' || platform === 'shopify'
  await page.goto(
    startsAtBridge ? `${bridgeUrl}/authorize?app=${app}` : fake.start(targets[platform]),
  )
  await page.getByLabel('Email').fill(ALICE.email)
  await page.getByLabel('Password').fill(ALICE.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

for (const platform of platformNames) {
  test(`${platform}: the platform accepts what the bridge sends`, async ({ page }) => {
    const fake = fakes.get(platform)!
    await signIn(page, platform, fake, platform)
    await expect(page.getByText(/signed in as/)).toBeVisible()
    expect(fake.refused.map((r) => r.failed)).toEqual([])
    expect(fake.accepted).toHaveLength(1)
  })
}

test('Zendesk with its clock 10 minutes ahead refuses: clock.iat', async ({ page }) => {
  const fake = fakes.get('zendesk-late')!
  await signIn(page, 'zendesk-late', fake, 'zendesk')
  await expect.poll(() => fake.refused.length).toBe(1)
  expect(fake.refused[0]!.failed).toContain('clock.iat')
  expect(fake.accepted).toHaveLength(0)
})

test('Zendesk holding another key refuses: signature', async ({ page }) => {
  const fake = fakes.get('zendesk-wrongkey')!
  await signIn(page, 'zendesk-wrongkey', fake, 'zendesk')
  await expect.poll(() => fake.refused.length).toBe(1)
  expect(fake.refused[0]!.failed).toEqual(['signature'])
})

test('BigCommerce refuses the same login token twice: replay', async ({ page }) => {
  const fake = fakes.get('bigcommerce')!
  const tokens: string[] = []
  page.on('request', (r) => {
    if (r.url().startsWith(`${fake.origin}/login/token/`)) tokens.push(r.url())
  })
  const before = fake.accepted.length
  await signIn(page, 'bigcommerce', fake, 'bigcommerce')
  await expect(page.getByText(/signed in as/)).toBeVisible()
  expect(fake.accepted).toHaveLength(before + 1)
  expect(tokens).toHaveLength(1)
  await page.goto(tokens[0]!)
  await expect.poll(() => fake.refused.length).toBe(1)
  expect(fake.refused[0]!.failed.some((rule) => rule.startsWith('replay.'))).toBe(true)
})
