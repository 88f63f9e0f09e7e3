/**
 * A cookie-keeping client for in-process requests to a Hono app (`app.request`), so that tests
 * can walk a sign-in the way a browser would, one redirect at a time.
 */

/** What the browser needs of an app: Hono's `app.request`, or `fetch` to a real server. */
interface Fetchable {
  request(href: string, init: RequestInit): Response | Promise<Response>
}

/** What a browser asks for when it opens a page or posts a form. */
const DOCUMENT = 'text/html,application/xhtml+xml,*/*;q=0.8'

export class TestBrowser {
  constructor(
    private readonly app: Fetchable,
    private readonly origin = 'http://localhost:4000',
    /** Pass another browser's cookies to model one browser talking to several instances. */
    readonly cookies = new Map<string, string>(),
  ) {}

  private cookieHeader(): Record<string, string> {
    if (this.cookies.size === 0) return {}
    return { Cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') }
  }

  private remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === ''
      if (expired) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    return response
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const url = new URL(path, this.origin)
    return this.remember(
      await this.app.request(url.href, {
        headers: { Accept: DOCUMENT, ...this.cookieHeader(), ...headers },
      }),
    )
  }

  async post(
    path: string,
    fields: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const url = new URL(path, this.origin)
    return this.remember(
      await this.app.request(url.href, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: DOCUMENT,
          Origin: this.origin,
          ...this.cookieHeader(),
          ...headers,
        },
        body: new URLSearchParams(fields).toString(),
      }),
    )
  }
}

const entities: Record<string, string> = {
  '&amp;': '&',
  '&quot;': '"',
  '&#39;': "'",
  '&lt;': '<',
  '&gt;': '>',
}
const decode = (value: string) => value.replace(/&(amp|quot|#39|lt|gt);/g, (m) => entities[m] ?? m)

/** The form of a page: its action and its named inputs' values. */
export function readForm(html: string): { action: string; fields: Record<string, string> } {
  const action = decode(/<form[^>]*action="([^"]*)"/.exec(html)?.[1] ?? '')
  const fields: Record<string, string> = {}
  for (const match of html.matchAll(/<input([^>]*)>/g)) {
    const attributes = match[1] ?? ''
    const name = /name="([^"]*)"/.exec(attributes)?.[1]
    const value = /value="([^"]*)"/.exec(attributes)?.[1]
    if (name && value !== undefined) fields[decode(name)] = decode(value)
  }
  return { action, fields }
}
