import { describe, expect, it } from 'vitest'
import { bundleSpa, startSpa } from './index.js'

describe('the single-page demo app', () => {
  it('bundles oidc-client-ts with the bridge URL built in', async () => {
    const bundle = await bundleSpa('http://localhost:4000/')
    expect(bundle).toContain('"http://localhost:4000"')
    expect(bundle).not.toContain('BRIDGE_URL')
    await expect(bundleSpa('javascript:alert(1)')).rejects.toThrow(TypeError)
  })

  it('serves its files with a CSP that lets it talk to the bridge only', async () => {
    const spa = await startSpa({ port: 0, bridgeUrl: 'http://localhost:4000' })
    try {
      const page = await fetch(`${spa.url}/`)
      expect(page.headers.get('content-security-policy')).toContain(
        "script-src 'self'; connect-src http://localhost:4000",
      )
      expect(await page.text()).toContain('<script src="/app.js" type="module">')
      expect((await fetch(`${spa.url}/app.js`)).status).toBe(200)
      expect((await fetch(`${spa.url}/nothing`)).status).toBe(404)
    } finally {
      await spa.close()
    }
  })
})
