import { describe, expect, it } from 'vitest'
import { isBridgeError } from '../errors.js'
import { createTestBridge, ISSUER } from '../testing/bridge-fixture.js'
import { integrationConfig } from '../testing/integration-fixture.js'
import { isAdminInputError } from './input.js'
import { platformCheckService } from './platform-check.js'

const actor = { type: 'admin', id: 'a1', label: 'root@example.com' } as const

async function setup() {
  const bridge = await createTestBridge({ config: integrationConfig() })
  const { storage, box, keystore, embed } = bridge.services
  return platformCheckService({ storage, box, keystore, issuer: ISSUER, embed })
}

async function refusal(promise: Promise<unknown>) {
  try {
    await promise
  } catch (error) {
    if (!isBridgeError(error)) throw error
    return {
      code: error.code,
      status: error.status,
      paths: isAdminInputError(error) ? error.issues.map((i) => i.path) : [],
    }
  }
  throw new Error('expected a refusal')
}

const failing = (report: { results: { rule: string; pass: boolean }[] }) =>
  report.results.filter((r) => !r.pass).map((r) => r.rule)

describe('platform check service', () => {
  it('passes every rule of Thinkific with the key the bridge says to paste', async () => {
    const report = await (await setup()).run(actor, 'academy', {})
    expect(report.results.length).toBeGreaterThan(0)
    expect(failing(report)).toEqual([])
    expect(report.failed).toBe(0)
    expect(report.passed).toBe(report.results.length)
    expect(report.decoded.format).toBe('jwt')
  })

  it('fails the signature with a fix when the platform holds another key', async () => {
    const report = await (
      await setup()
    ).run(actor, 'academy', {
      platformKey: 'wrong-secret-0123456789',
    })
    const signature = report.results.find((r) => r.rule === 'signature')
    expect(signature?.pass).toBe(false)
    expect(signature?.fix).toBeTruthy()
  })

  it("fails Zendesk's iat rule when the platform's clock runs five minutes ahead", async () => {
    const service = await setup()
    expect(failing(await service.run(actor, 'help', {}))).toEqual([])
    const report = await service.run(actor, 'help', { clockOffsetSeconds: 300 })
    expect(failing(report)).toContain('clock.iat')
    expect(report.clock.offsetSeconds).toBe(300)
  })

  it('refuses an app without a preset and an unknown app', async () => {
    const service = await setup()
    expect(await refusal(service.run(actor, 'shop', {}))).toMatchObject({
      code: 'invalid_request',
      status: 400,
    })
    expect(await refusal(service.run(actor, 'nope', {}))).toMatchObject({ status: 404 })
  })

  it('refuses bad input naming the field', async () => {
    const service = await setup()
    expect(await refusal(service.run(actor, 'academy', { clockOffsetSeconds: 'soon' }))).toEqual(
      expect.objectContaining({ code: 'invalid_request', paths: ['clockOffsetSeconds'] }),
    )
    expect(
      (await refusal(service.run(actor, 'academy', { platformKey: 'x'.repeat(9000) }))).paths,
    ).toEqual(['platformKey'])
  })
})
