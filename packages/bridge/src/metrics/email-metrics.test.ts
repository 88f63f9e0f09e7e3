/**
 * Email outcomes reach the metrics with real SMTP: a bridge with its metrics, an SMTP capture
 * that is down at first (an attempt retried, then sent) and refuses one recipient (failed).
 */
import { randomBytes } from 'node:crypto'
import { afterEach, expect, it } from 'vitest'
import { createBridge } from '../bridge.js'
import { loadEmbedAsset } from '../embed-asset.js'
import { ISSUER, memoryStorage } from '../testing/bridge-fixture.js'
import { startSmtpCapture } from '../testing/smtp-capture.js'
import { createBridgeMetrics } from './bridge-metrics.js'

const cleanups: (() => Promise<unknown>)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

const link = (path: string) => ({
  appName: 'Shop',
  link: `${ISSUER}${path}?token=abc`,
  expiresInMinutes: 30,
})

it('counts emails sent, retried and failed by template, with no address in a label', async () => {
  const smtp = await startSmtpCapture({ down: true, refuse: ['nobody@example.org'] })
  cleanups.push(() => smtp.close())
  const metrics = createBridgeMetrics()
  const { services } = createBridge({
    settings: {
      issuer: ISSUER,
      sessionTtl: 3600,
      email: { url: smtp.url, from: 'Sign-in <signin@example.com>', templates: {} },
    },
    storage: await memoryStorage(),
    masterKey: randomBytes(32),
    embed: loadEmbedAsset(),
    metrics,
    email: { pollMs: 50, retryDelaysMs: Array.from({ length: 20 }, () => 50) },
  })
  cleanups.push(() => services.emailSender.stop())
  const count = async (template: string, outcome: string) => {
    const body = await metrics.registry.metrics()
    const line = new RegExp(
      `^ssobridge_emails_total\\{template="${template}",outcome="${outcome}"\\} (\\d+)$`,
      'm',
    ).exec(body)
    return Number(line?.[1] ?? 0)
  }

  await services.email.enqueue({
    to: 'ada@example.org',
    template: 'verify-email',
    owner: 'staff',
    data: link('/verify-email'),
  })
  // A refused connection is retried at once; a loaded machine may still take a while.
  const deadline = Date.now() + 10_000
  while ((await count('verify-email', 'retried')) === 0 && Date.now() < deadline)
    await new Promise((done) => setTimeout(done, 20))
  expect(await count('verify-email', 'retried')).toBeGreaterThanOrEqual(1)
  expect(await count('verify-email', 'sent')).toBe(0)

  await smtp.up()
  await services.email.enqueue({
    to: 'nobody@example.org',
    template: 'reset-password',
    owner: 'staff',
    data: link('/reset-password'),
  })
  await smtp.next('ada@example.org')
  await services.emailSender.idle()
  expect(await count('verify-email', 'sent')).toBe(1)
  expect(await count('reset-password', 'failed')).toBe(1)
  expect(await count('reset-password', 'sent')).toBe(0)
  const body = await metrics.registry.metrics()
  expect(body).toContain('# TYPE ssobridge_emails_total counter')
  expect(body).not.toContain('@example.org')
})

it('folds a template name of another shape into other', async () => {
  const metrics = createBridgeMetrics()
  metrics.emailAttempt('Ada@Example.org\n', 'gave_up')
  metrics.emailAttempt('login-code', 'sent')
  const body = await metrics.registry.metrics()
  expect(body).toContain('ssobridge_emails_total{template="other",outcome="failed"} 1')
  expect(body).toContain('ssobridge_emails_total{template="login-code",outcome="sent"} 1')
})
