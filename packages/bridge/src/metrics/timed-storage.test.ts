import { describe, expect, it } from 'vitest'
import { memoryStorage } from '../testing/bridge-fixture.js'
import { createBridgeMetrics } from './bridge-metrics.js'
import { timedStorage } from './timed-storage.js'

describe('timed storage', () => {
  it("times each call by method, a part's calls by part and method, and changes no answer", async () => {
    const raw = await memoryStorage()
    const metrics = createBridgeMetrics()
    const storage = timedStorage(raw, metrics)
    try {
      expect(storage.kind).toBe('sqlite')
      await storage.set('totp-step', 'k1', true, 60)
      expect(await storage.get('totp-step', 'k1')).toEqual(await raw.get('totp-step', 'k1'))
      expect(await storage.consume('totp-step', 'k1')).toBeDefined()
      expect(await storage.consume('totp-step', 'k1')).toBeUndefined()
      expect(await storage.outbox.list({ kind: 'test', owner: 'shop', limit: 10 })).toEqual([])
      // Synchronous methods stay synchronous: no promise, not timed.
      expect(storage.beforeClose(() => Promise.resolve())).toBeUndefined()
      const text = (await metrics.scrape())!.body
      expect(text).toContain('ssobridge_storage_duration_seconds_count{op="set"} 1')
      expect(text).toContain('ssobridge_storage_duration_seconds_count{op="get"} 1')
      expect(text).toContain('ssobridge_storage_duration_seconds_count{op="consume"} 2')
      expect(text).toContain('ssobridge_storage_duration_seconds_count{op="outbox_list"} 1')
      expect(text).not.toContain('op="beforeClose"')
      expect(text).not.toContain('k1')
    } finally {
      await raw.close()
    }
  })

  it('passes a failed call on as the same rejection, and still times it', async () => {
    const raw = await memoryStorage()
    const metrics = createBridgeMetrics()
    const storage = timedStorage(raw, metrics)
    await raw.close()
    await expect(storage.get('totp-step', 'k')).rejects.toThrow()
    expect((await metrics.scrape())!.body).toContain(
      'ssobridge_storage_duration_seconds_count{op="get"} 1',
    )
  })
})
