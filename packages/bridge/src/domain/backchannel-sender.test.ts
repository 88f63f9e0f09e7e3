/** Back-channel logout POSTs go through the outbound client: private sites only with the app's opt-in. */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../logger.js'
import { createBackchannelSender } from './backchannel-sender.js'

let hits = 0
let url = ''
const site = createServer((_req, res) => {
  hits++
  res.writeHead(200).end()
})
beforeAll(async () => {
  await new Promise<void>((done) => site.listen(0, '127.0.0.1', done))
  url = `http://127.0.0.1:${(site.address() as AddressInfo).port}/sso/backchannel-logout`
})
afterAll(() => new Promise<void>((done) => site.close(() => done())))

describe('back-channel logout delivery', () => {
  it('never POSTs to loopback without the opt-in, and does not retry the refusal', async () => {
    const lines: Record<string, unknown>[] = []
    const logger = createLogger('info', (line) => lines.push(JSON.parse(line)))
    const sender = createBackchannelSender({ logger, timeoutMs: 100, retryDelaysMs: [5, 5] })
    sender.send([{ appId: 'shop', url, logoutToken: 'token' }])
    await sender.idle()
    expect(hits).toBe(0)
    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'back-channel logout failed',
        app: 'shop',
        attempt: 1,
        outcome: 'refused',
        reason: 'address_refused',
      }),
    ])

    sender.send([{ appId: 'shop', url, logoutToken: 'token', allowPrivateNetwork: true }])
    await sender.idle()
    expect(hits).toBe(1)
    expect(lines.at(-1)).toMatchObject({ msg: 'back-channel logout delivered', status: 200 })
  })
})
