/**
 * Walks a browser through redirects that cross from the in-process bridge to a real upstream
 * IdP over HTTP and back, keeping each side's cookies, as a browser would.
 */
import { TestBrowser } from './test-browser.js'

export const httpClient = {
  request: (url: string | URL | Request, init?: RequestInit) =>
    fetch(url, { ...init, redirect: 'manual' }),
}

export class TwoSiteBrowser {
  readonly upstream: TestBrowser
  private lastOrigin: string
  constructor(
    readonly bridge: TestBrowser,
    readonly upstreamOrigin: string,
    readonly bridgeOrigin = 'http://localhost:4000',
  ) {
    this.upstream = new TestBrowser(httpClient, upstreamOrigin)
    this.lastOrigin = bridgeOrigin
  }

  /** Follows redirects on either side until a page answers. */
  async follow(response: Response): Promise<Response> {
    let current = response
    for (let hops = 0; hops < 20 && current.status >= 300 && current.status < 400; hops++) {
      const location = new URL(current.headers.get('Location') as string, this.lastOrigin)
      this.lastOrigin = location.origin
      current =
        location.origin === this.bridgeOrigin
          ? await this.bridge.get(location.pathname + location.search)
          : await this.upstream.get(location.href)
    }
    return current
  }

  /** Submits the upstream's login form on the page `response` shows. */
  async submitUpstreamLogin(page: Response, fields: Record<string, string>): Promise<Response> {
    const html = await page.text()
    const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1]
    if (!action) throw new Error(`no form on the upstream page: ${html.slice(0, 200)}`)
    const url = new URL(
      action.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))),
      this.upstreamOrigin,
    )
    this.lastOrigin = url.origin
    return this.follow(await this.upstream.post(url.href, fields, { Origin: this.upstreamOrigin }))
  }
}
