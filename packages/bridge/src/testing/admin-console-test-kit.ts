/** Helpers for the console tests: a bridge with an admin, a signed-in browser, forms by action. */
import { createAdmin } from '../admin/admin-accounts.js'
import { createTestBridge, ISSUER } from './bridge-fixture.js'
import { captureLogs } from './log-capture.js'
import type { Storage } from '../storage/types.js'
import type { TestBrowser } from './test-browser.js'

export const ADMIN = { email: 'root@example.com', password: 'a long admin password' }

const entities: Record<string, string> = {
  '&amp;': '&',
  '&quot;': '"',
  '&#39;': "'",
  '&lt;': '<',
  '&gt;': '>',
}
const decode = (v: string) => v.replace(/&(amp|quot|#39|lt|gt);/g, (m) => entities[m] ?? m)

/** The named fields of the form whose action is `action` (hidden and pre-filled values). */
export function formFields(html: string, action: string): Record<string, string> {
  const start = html.search(new RegExp(`<form[^>]*action="${action.replace(/[?.]/g, '\\$&')}"`))
  if (start < 0) throw new Error(`no form posting to ${action}`)
  const form = html.slice(start, html.indexOf('</form>', start))
  const fields: Record<string, string> = {}
  for (const match of form.matchAll(/<input([^>]*)>/g)) {
    const attributes = match[1] ?? ''
    const name = /name="([^"]*)"/.exec(attributes)?.[1]
    const value = /value="([^"]*)"/.exec(attributes)?.[1]
    const type = /type="([^"]*)"/.exec(attributes)?.[1]
    if (!name || type === 'checkbox' || type === 'file') continue
    if (value !== undefined) fields[decode(name)] = decode(value)
  }
  // As a browser submits them: a select's selected (or first) option, a textarea's text.
  for (const match of form.matchAll(/<select[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const options = [...(match[2] ?? '').matchAll(/<option([^>]*)>/g)].map((o) => o[1] ?? '')
    const chosen = options.find((o) => /selected/.test(o)) ?? options[0]
    const value = chosen && /value="([^"]*)"/.exec(chosen)?.[1]
    if (value !== undefined) fields[decode(match[1] as string)] = decode(value)
  }
  for (const match of form.matchAll(/<textarea[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g))
    fields[decode(match[1] as string)] = decode(match[2] ?? '')
  return fields
}

/** A form POST with repeated fields allowed, from the bridge's own origin by default. */
export async function post(
  browser: TestBrowser,
  path: string,
  fields: [string, string][] | Record<string, string>,
  headers: Record<string, string> = {},
) {
  const body = new URLSearchParams(Array.isArray(fields) ? fields : Object.entries(fields))
  const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  const response = await (browser as unknown as { app: { request: typeof fetch } }).app.request(
    new URL(path, ISSUER).href,
    {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: new URL(ISSUER).origin,
        ...(cookie ? { Cookie: cookie } : {}),
        ...headers,
      },
      body: body.toString(),
    },
  )
  for (const line of response.headers.getSetCookie()) {
    const [pair = ''] = line.split(';')
    const eq = pair.indexOf('=')
    const value = pair.slice(eq + 1)
    if (value === '' || /max-age=0/i.test(line)) browser.cookies.delete(pair.slice(0, eq))
    else browser.cookies.set(pair.slice(0, eq), value)
  }
  return response
}

/** Submits the edit form at `path` as the page shows it, with `changes` typed over it. */
export async function submitEdit(
  browser: TestBrowser,
  path: string,
  changes: Record<string, string>,
) {
  const form = formFields(await (await browser.get(path)).text(), path)
  return post(browser, path, { ...form, ...changes })
}

/** Moves every admin's sign-in back in time (forward when negative), as if the console stayed open. */
export async function ageAdminSessions(storage: Storage, minutes: number) {
  for (const { key, value } of await storage.list('admin-session'))
    await storage.set('admin-session', key, {
      ...value,
      createdAt: value.createdAt - minutes * 60_000,
    })
}

export async function consoleBridge() {
  // Kept so a test can name the refusal behind a status; DEBUG_ADMIN=1 prints them too.
  const debug = Boolean(process.env.DEBUG_ADMIN)
  const logs = captureLogs(debug ? 'debug' : 'info', debug)
  const bridge = await createTestBridge({ logger: logs.logger })
  await createAdmin(bridge.storage, { type: 'cli', id: 'test' }, ADMIN)
  async function signIn(browser = bridge.browser(), credentials = ADMIN) {
    const page = await (await browser.get('/admin/login')).text()
    const response = await post(browser, '/admin/login', {
      ...formFields(page, '/admin/login'),
      ...credentials,
    })
    return { browser, response }
  }
  /** The CSRF token of the signed-in browser, read from any console page. */
  async function csrfOf(browser: TestBrowser) {
    const html = await (await browser.get('/admin')).text()
    return formFields(html, '/admin/logout').csrf as string
  }
  return { bridge, signIn, csrfOf, logs }
}
