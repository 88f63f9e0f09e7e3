import { describe, expect, it, vi } from 'vitest'
import { createTestBridge, ISSUER } from '../testing/bridge-fixture.js'

describe("the console's wording is read only for documents", () => {
  it('a page a browser opens reads it; health, sso.js and the JWKS do not', async () => {
    const bridge = await createTestBridge()
    const current = vi.spyOn(bridge.services.liveTranslations, 'current')
    for (const path of ['/healthz/live', '/sso.js', '/.well-known/jwks.json'])
      expect((await bridge.app.request(`${ISSUER}${path}`)).status).toBe(200)
    expect(current).not.toHaveBeenCalled()
    const page = await bridge.browser().get('/authorize?app=nope')
    expect(page.status).toBe(400)
    expect(current).toHaveBeenCalledTimes(1)
  })
})
