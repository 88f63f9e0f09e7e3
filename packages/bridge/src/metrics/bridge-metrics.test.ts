import { describe, expect, it } from 'vitest'
import { createBridgeMetrics } from './bridge-metrics.js'

const body = async (metrics: ReturnType<typeof createBridgeMetrics>) =>
  (await metrics.scrape())!.body

describe('bridge metrics', () => {
  it('folds label values that are not ids or codes into "other"', async () => {
    const metrics = createBridgeMetrics()
    metrics.signIn({ app: 'shop', connection: 'alice@example.com', reason: 'Wrong Password!' })
    metrics.signIn({ connection: 'staff', reason: 'invalid_credentials' })
    metrics.refusal('10.0.0.1')
    metrics.tokenMinted('none')
    metrics.request('login', 'PROPFIND', 200, 0.01)
    metrics.storageCall('get:user/123', 0.001)
    const text = await body(metrics)
    expect(text).toContain(
      'ssobridge_sign_ins_total{app="shop",connection="other",outcome="failed",reason="other"} 1',
    )
    expect(text).toContain(
      'ssobridge_sign_ins_total{app="none",connection="staff",outcome="failed",reason="invalid_credentials"} 1',
    )
    expect(text).toContain('ssobridge_refusals_total{code="other"} 1')
    expect(text).toContain('ssobridge_tokens_minted_total{alg="other"} 1')
    expect(text).toContain(
      'ssobridge_http_request_duration_seconds_count{group="login",method="other",status="200"} 1',
    )
    expect(text).toContain('ssobridge_storage_duration_seconds_count{op="other"} 1')
    expect(text).not.toMatch(/alice|10\.0\.0\.1|PROPFIND|user\/123/)
  })

  it('has process metrics only when asked', async () => {
    expect(await body(createBridgeMetrics())).not.toContain('process_cpu_user_seconds_total')
    expect(await body(createBridgeMetrics({ processMetrics: true }))).toContain(
      'process_cpu_user_seconds_total',
    )
  })

  it('reads the outbox depth at each scrape, once something registers a reader', async () => {
    const metrics = createBridgeMetrics()
    expect(await body(metrics)).not.toContain('ssobridge_backchannel_outbox_pending')
    let pending = 3
    metrics.observeOutboxDepth(() => Promise.resolve(pending))
    expect(await body(metrics)).toContain('ssobridge_backchannel_outbox_pending 3')
    pending = 0
    expect(await body(metrics)).toContain('ssobridge_backchannel_outbox_pending 0')
    metrics.observeOutboxDepth(() => Promise.reject(new Error('storage down')))
    expect(await body(metrics)).toMatch(/^ssobridge_backchannel_outbox_pending nan$/im)
  })
})
