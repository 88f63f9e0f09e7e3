import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { publishStaticSite, startStaticSite } from './index.js'

const dir = mkdtempSync(join(tmpdir(), 'gazette-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('the static demo site', () => {
  it('is published with the bridge URL in the snippet and nothing else of the server in it', () => {
    publishStaticSite('http://localhost:4000/', join(dir, 'a'))
    const html = readFileSync(join(dir, 'a', 'index.html'), 'utf8')
    expect(html).toContain('src="http://localhost:4000/sso.js"')
    // One snippet for every delivery: nothing says this app uses code delivery.
    expect(html).not.toContain('data-delivery')
    expect(html).not.toContain('{{')
    // No inline script: the page runs under a CSP without 'unsafe-inline'.
    expect(html.match(/<script/g)).toHaveLength(1)
  })

  it('refuses a bridge URL that is not http(s)', () => {
    expect(() => publishStaticSite('javascript:alert(1)', join(dir, 'b'))).toThrow(TypeError)
  })

  it('serves the files with a strict CSP', async () => {
    const site = await startStaticSite({
      port: 0,
      bridgeUrl: 'http://localhost:4000',
      outDir: join(dir, 'c'),
    })
    try {
      const page = await fetch(`${site.url}/`)
      expect(page.status).toBe(200)
      expect(page.headers.get('content-security-policy')).toContain(
        'script-src http://localhost:4000; connect-src http://localhost:4000',
      )
      expect(await page.text()).toContain('The Gazette')
      expect((await fetch(`${site.url}/style.css`)).status).toBe(200)
    } finally {
      await site.close()
    }
  })
})
