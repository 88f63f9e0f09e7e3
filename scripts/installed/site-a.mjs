// Site A of the installed test: a plain node:http site, written the way a user would, that trusts
// the bridge's HS256 tokens through the installed @ssobridge/verify/node and keeps its own users,
// and hears of their lifecycle through the bridge's webhooks, checked with verifyWebhook.
// Copied into the temporary project and run there with `node`, so every import resolves in it.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer } from 'node:http'
import { logoutUrl, verifyWebhook, VerifyError } from '@ssobridge/verify'
import { nodeCallback } from '@ssobridge/verify/node'

const { PORT, BRIDGE_URL, APP_ID, SSO_SECRET, FORUM_APP_ID, FORUM_SECRET, WEBHOOK_SECRET } =
  process.env
const origin = `http://127.0.0.1:${PORT}`
// Cookies are not separated by port: this name must differ from site B's.
const sessionCookie = 'site_a_session'
const users = new Map() // `${iss} ${sub}` -> { sub, email, name }
const sessions = new Map() // session id -> { key: user key, sid: the bridge session's sid }
const webhookEvents = [] // verified events, oldest first
const seenWebhooks = new Set() // webhook-id of each event applied

const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

function sessionId(req) {
  const pair = (req.headers.cookie ?? '')
    .split(/;\s*/)
    .find((c) => c.startsWith(`${sessionCookie}=`))
  return pair?.slice(sessionCookie.length + 1)
}

function sessionUser(req) {
  const session = sessions.get(sessionId(req))
  return session && users.get(session.key)
}

const callback = nodeCallback(
  {
    issuer: BRIDGE_URL,
    audience: APP_ID,
    secret: SSO_SECRET,
    callbackUrl: `${origin}/sso/callback`,
  },
  {
    onSuccess(_req, res, { claims, returnTo }) {
      const key = `${claims.iss} ${claims.sub}`
      users.set(key, { sub: claims.sub, email: claims.email, name: claims.name })
      const id = randomBytes(32).toString('base64url')
      sessions.set(id, { key, sid: claims.sid })
      res.appendHeader('Set-Cookie', `${sessionCookie}=${id}; Path=/; HttpOnly; SameSite=Lax`)
      res.writeHead(303, { Location: returnTo }).end()
    },
  },
)

function home(req, res) {
  const user = sessionUser(req)
  const body = user
    ? `<p>Signed in as ${escapeHtml(user.email)}</p>
    <form method="post" action="/logout"><button type="submit">Sign out</button></form>`
    : `<script src="${BRIDGE_URL}/sso.js" data-app="${APP_ID}" defer></script>
    <button data-sso-login>Sign in</button>`
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
  res.end(`<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Site A</title></head>
  <body>
    <h1>Site A</h1>
    ${body}
  </body>
</html>`)
}

// Site A also runs a forum that signs in the way Discourse does (DiscourseConnect): a signed
// request with a nonce this browser holds, answered by a signed payload at /session/sso_login.
const forumNonces = new Map() // nonce -> browser cookie value
const forumCookie = 'site_a_forum_browser'
const forumSig = (sso) => createHmac('sha256', FORUM_SECRET).update(sso).digest('hex')

function forumLogin(req, res) {
  const browser = randomBytes(16).toString('hex')
  const nonce = randomBytes(16).toString('hex')
  forumNonces.set(nonce, browser)
  const payload = new URLSearchParams({ nonce, return_sso_url: `${origin}/session/sso_login` })
  const sso = Buffer.from(payload.toString()).toString('base64')
  const target = new URL(`${BRIDGE_URL}/authorize`)
  target.search = new URLSearchParams({ app: FORUM_APP_ID, sso, sig: forumSig(sso) }).toString()
  res.appendHeader('Set-Cookie', `${forumCookie}=${browser}; Path=/; HttpOnly; SameSite=Lax`)
  res.writeHead(302, { Location: target.href }).end()
}

function forumReturn(req, res, url) {
  const sso = url.searchParams.get('sso') ?? ''
  const sig = Buffer.from(url.searchParams.get('sig') ?? '')
  const good = Buffer.from(forumSig(sso))
  const fields = new URLSearchParams(Buffer.from(sso, 'base64').toString('utf8'))
  const browser = (req.headers.cookie ?? '').match(new RegExp(`${forumCookie}=([0-9a-f]+)`))?.[1]
  const nonce = fields.get('nonce') ?? ''
  const fail = (why) => res.writeHead(422, { 'Content-Type': 'text/plain' }).end(why)
  if (sig.length !== good.length || !timingSafeEqual(sig, good)) return fail('bad sig')
  if (!browser || forumNonces.get(nonce) !== browser) return fail('nonce not issued here')
  forumNonces.delete(nonce)
  if (!fields.get('external_id') || !fields.get('email')) return fail('no external_id or email')
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
  res.end(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Forum</title></head><body><h1>Forum</h1><p>Forum member ${escapeHtml(fields.get('email'))} (${escapeHtml(fields.get('username') ?? '')})</p></body></html>`,
  )
}

// Sign-out: a same-origin form POST; the bridge's session ends too (its sid says it is ours).
function logout(req, res) {
  if (req.headers.origin !== origin) return void res.writeHead(403).end()
  const id = sessionId(req)
  const session = sessions.get(id)
  sessions.delete(id)
  res.appendHeader('Set-Cookie', `${sessionCookie}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`)
  const target = logoutUrl({
    bridge: BRIDGE_URL,
    app: APP_ID,
    sid: session?.sid,
    returnTo: `${origin}/`,
  })
  res.writeHead(303, { Location: target }).end()
}

// The bridge's lifecycle events: the exact body bytes and the Standard Webhooks headers go to
// verifyWebhook; nothing is believed before it returns.
function webhook(req, res) {
  const chunks = []
  let size = 0
  req.on('data', (chunk) => {
    size += chunk.length
    if (size <= 64 * 1024) chunks.push(chunk)
  })
  req.on('end', () => {
    if (size > 64 * 1024) return void res.writeHead(413).end()
    let event
    try {
      event = verifyWebhook(WEBHOOK_SECRET, Buffer.concat(chunks), req.headers)
    } catch (error) {
      const code = error instanceof VerifyError ? error.code : 'server_error'
      res.writeHead(code === 'server_error' ? 500 : 400, { 'Content-Type': 'application/json' })
      return void res.end(JSON.stringify({ error: code }))
    }
    // A retry of an event already applied (its answer was lost) changes nothing.
    if (!seenWebhooks.has(event.id)) {
      seenWebhooks.add(event.id)
      const { user, sid, reason, changed } = event.data
      webhookEvents.push({ id: event.id, type: event.type, sub: user.sub, sid, reason, changed })
      if (event.type === 'session.ended' && sid)
        for (const [id, session] of sessions) if (session.sid === sid) sessions.delete(id)
    }
    res.writeHead(204).end()
  })
}

function json(res, value) {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
  res.end(JSON.stringify(value))
}

createServer((req, res) => {
  const url = new URL(req.url ?? '/', origin)
  const path = url.pathname
  if (path === '/sso/callback') return void callback(req, res)
  if (path === '/forum/login') return forumLogin(req, res)
  if (path === '/session/sso_login') return forumReturn(req, res, url)
  if (path === '/webhooks' && req.method === 'POST') return webhook(req, res)
  if (path === '/logout' && req.method === 'POST') return logout(req, res)
  if (req.method !== 'GET') return void res.writeHead(405).end()
  if (path === '/') return home(req, res)
  if (path === '/api/me') return json(res, { user: sessionUser(req) ?? null })
  if (path === '/api/users') return json(res, { users: [...users.values()] })
  if (path === '/api/webhooks') return json(res, { events: webhookEvents })
  if (path === '/api/session') return json(res, { sid: sessions.get(sessionId(req))?.sid ?? null })
  res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found')
}).listen(Number(PORT), '127.0.0.1', () => console.log(`site A listening on ${origin}`))
