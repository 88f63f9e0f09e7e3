/**
 * A real sign-in over HTTP, the way a browser does it: /authorize, the login page's form, POST
 * /login with the seeded password. Returns the bridge session cookie (`name=value`), checked live.
 */
import { randomBytes } from 'node:crypto'
import { APP_ID, CALLBACK_URL } from './bridge-process.js'

const TIMEOUT_MS = 5_000
const MAX_BODY_BYTES = 256 * 1024

export async function signIn(
  url: string,
  account: { email: string; password: string },
): Promise<string> {
  // Plain http issuer: no `__Host-` prefix (packages/bridge/src/routes/cookies.ts).
  const loginCookie = 'ssobridge_login'
  const sessionCookie = 'ssobridge_session'

  const query = new URLSearchParams({
    app: APP_ID,
    state: randomBytes(16).toString('base64url'),
    redirect_uri: CALLBACK_URL,
  })
  const start = await request(`${url}/authorize?${query}`)
  const location = start.headers.get('location') ?? ''
  if (start.status !== 302 || !location.startsWith('/login?')) {
    throw new Error(`GET /authorize: expected a redirect to /login, got ${start.status}`)
  }
  const cookie = cookieFrom(start, loginCookie)

  const page = await request(url + location, { headers: { cookie } })
  const html = await readText(page)
  if (page.status !== 200) throw new Error(`GET /login: ${page.status}`)
  const form = /<form\b[^>]*\baction="\/login"[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1]
  if (!form) throw new Error('GET /login: no form posting to /login')
  const fields = new URLSearchParams(hiddenInputs(form))
  fields.set('email', account.email)
  fields.set('password', account.password)
  fields.set('action', 'sign-in')

  const done = await request(`${url}/login`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: fields.toString(),
  })
  const result = await readText(done)
  if (done.status !== 200 || !result.includes('name="token"')) {
    throw new Error(`POST /login: expected the form_post page, got ${done.status}`)
  }
  const session = cookieFrom(done, sessionCookie)

  // The session is live: /authorize with it goes straight to the form_post page.
  const again = await request(`${url}/authorize?${query}`, { headers: { cookie: session } })
  if (again.status !== 200 || !(await readText(again)).includes('name="token"')) {
    throw new Error(`GET /authorize with the session: expected the form_post page`)
  }
  return session
}

function request(url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) })
}

/** `name=value` from the response's Set-Cookie headers; never printed (it is a credential). */
function cookieFrom(response: Response, name: string): string {
  for (const header of response.headers.getSetCookie()) {
    const pair = header.split(';', 1)[0] ?? ''
    if (pair.startsWith(`${name}=`) && pair.length > name.length + 1) return pair
  }
  throw new Error(`${new URL(response.url).pathname}: no ${name} cookie set`)
}

async function readText(response: Response): Promise<string> {
  const reader = response.body?.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
    size += read.value.byteLength
    if (size > MAX_BODY_BYTES) {
      await reader?.cancel()
      throw new Error(`${new URL(response.url).pathname}: body larger than ${MAX_BODY_BYTES} bytes`)
    }
    chunks.push(read.value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** The form's hidden fields (tx, csrf), with the entities JSX escapes in attributes decoded. */
function hiddenInputs(form: string): [string, string][] {
  const fields: [string, string][] = []
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    if (!/\btype="hidden"/.test(tag)) continue
    const name = /\bname="([^"]*)"/.exec(tag)?.[1]
    const value = /\bvalue="([^"]*)"/.exec(tag)?.[1]
    if (name !== undefined && value !== undefined) fields.push([decode(name), decode(value)])
  }
  return fields
}

function decode(text: string): string {
  const entities: Record<string, string> = { amp: '&', quot: '"', '#39': "'", lt: '<', gt: '>' }
  return text.replace(/&(amp|quot|#39|lt|gt);/g, (_, name: string) => entities[name] ?? '')
}
