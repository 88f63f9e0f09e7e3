import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { nodeCallback, type NodeCallbackHandlers, type NodeCallbackOptions } from './node.js'
import { AUDIENCE, claims, ISSUER, SECRET, signHs256, STATE } from './test-support.js'
import type { VerifyError } from './verify-error.js'

const options: NodeCallbackOptions = { issuer: ISSUER, audience: AUDIENCE, secret: SECRET }
const cookie = `ssobridge_state_${AUDIENCE}=${STATE}`
const formType = 'application/x-www-form-urlencoded'

const onSuccess: NodeCallbackHandlers['onSuccess'] = (_req, res, { claims, returnTo }) => {
  res.appendHeader('Set-Cookie', `session=${claims.sub}; HttpOnly`)
  res.writeHead(303, { Location: returnTo }).end()
}

let server: Server | undefined
afterEach(async () => {
  server?.closeAllConnections()
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined))
  server = undefined
})

type Listener = (req: IncomingMessage & { body?: unknown }, res: ServerResponse) => void

async function listen(listener: Listener): Promise<string> {
  server = createServer(listener)
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/sso/callback`
}

function form(fields: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    body: new URLSearchParams(fields).toString(),
    headers: { 'content-type': formType, cookie },
    redirect: 'manual',
  }
}

function clearsState(res: Response): boolean {
  return res.headers.getSetCookie().some((c) => c.startsWith(`ssobridge_state_${AUDIENCE}=;`))
}

describe('nodeCallback with node:http', () => {
  it('signs in, redirects and clears the state cookie', async () => {
    const url = await listen(nodeCallback(options, { onSuccess }))
    const token = await signHs256(claims())
    const res = await fetch(url, form({ token, state: STATE, return_to: '/account' }))
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(new URL('/account', url).href)
    expect(res.headers.getSetCookie()).toContain('session=user-123; HttpOnly')
    expect(clearsState(res)).toBe(true)
  })

  it('answers 400 with the code by default, and clears the state cookie', async () => {
    const url = await listen(nodeCallback(options, { onSuccess }))
    const res = await fetch(url, form({ token: 'a.b.c', state: 'forged' }))
    expect(res.status).toBe(400)
    expect((await res.text()).split(':')[0]).toBe('state_mismatch')
    expect(clearsState(res)).toBe(true)
  })

  it('passes the VerifyError to a custom onError', async () => {
    const seen: VerifyError[] = []
    const url = await listen(
      nodeCallback(options, {
        onSuccess,
        onError: (_req, res, error) => {
          seen.push(error)
          res.writeHead(303, { Location: '/login' }).end()
        },
      }),
    )
    const res = await fetch(url, form({ error: 'login_required', state: STATE }))
    expect(res.status).toBe(303)
    expect(seen.map((e) => [e.code, e.error])).toEqual([['bridge_error', 'login_required']])
    expect(clearsState(res)).toBe(true)
  })

  it('reads a body that arrived while other middleware was busy', async () => {
    const handler = nodeCallback(options, { onSuccess })
    const url = await listen((req, res) => void setTimeout(() => void handler(req, res), 50))
    const token = await signHs256(claims())
    const res = await fetch(url, form({ token, state: STATE }))
    expect(res.status).toBe(303)
  })

  it('refuses a body over 16 KB', async () => {
    const url = await listen(nodeCallback(options, { onSuccess }))
    const res = await fetch(url, form({ state: STATE, token: 'x'.repeat(20_000) }))
    expect(res.status).toBe(400)
    expect((await res.text()).split(':')[0]).toBe('token_malformed')
  })

  it('refuses a streamed body over 16 KB without Content-Length', async () => {
    const url = await listen(nodeCallback(options, { onSuccess }))
    const chunk = new TextEncoder().encode('x'.repeat(1024))
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(chunk)
        controller.close()
      },
    })
    const res = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': formType, cookie },
      duplex: 'half',
    } as RequestInit)
    expect(res.status).toBe(400)
    expect((await res.text()).split(':')[0]).toBe('token_malformed')
  })

  it('refuses a body that is not a urlencoded form', async () => {
    const url = await listen(nodeCallback(options, { onSuccess }))
    const token = await signHs256(claims())
    const res = await fetch(url, {
      method: 'POST',
      body: JSON.stringify({ token, state: STATE }),
      headers: { 'content-type': 'application/json', cookie },
    })
    expect(res.status).toBe(400)
    expect((await res.text()).split(':')[0]).toBe('token_missing')
  })

  it('answers 405 to other methods', async () => {
    const url = await listen(nodeCallback(options, { onSuccess }))
    const res = await fetch(url)
    expect(res.status).toBe(405)
  })

  it('answers 500 without details when onSuccess throws and there is no next', async () => {
    const url = await listen(
      nodeCallback(options, {
        onSuccess: () => {
          throw new Error('database down at /srv/app.js:12')
        },
      }),
    )
    const token = await signHs256(claims())
    const res = await fetch(url, form({ token, state: STATE }))
    expect(res.status).toBe(500)
    expect(await res.text()).toBe('Internal Server Error')
  })
})

describe('nodeCallback behind Express-style middleware', () => {
  /** What express.urlencoded() does: read the stream, set req.body, call the route. */
  function withBodyParser(
    handler: ReturnType<typeof nodeCallback>,
    next?: (e?: unknown) => void,
  ): Listener {
    return (req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        req.body = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString()))
        void handler(req, res, next)
      })
    }
  }

  it('uses req.body when a body parser already ran', async () => {
    const url = await listen(withBodyParser(nodeCallback(options, { onSuccess })))
    const token = await signHs256(claims())
    const res = await fetch(url, form({ token, state: STATE, return_to: '/cart' }))
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(new URL('/cart', url).href)
  })

  it('reads the stream when a parser only set req.body = {} (Express 4 json parser)', async () => {
    const handler = nodeCallback(options, { onSuccess })
    const url = await listen((req, res) => {
      req.body = {}
      void handler(req, res)
    })
    const token = await signHs256(claims())
    const res = await fetch(url, form({ token, state: STATE }))
    expect(res.status).toBe(303)
  })

  it('uses req.protocol and req.originalUrl for the callback URL', async () => {
    const handler = nodeCallback(options, { onSuccess })
    const url = await listen((req, res) => {
      Object.assign(req, { protocol: 'https', originalUrl: '/sso/callback' })
      void handler(req, res)
    })
    const token = await signHs256(claims())
    const host = new URL(url).host
    const res = await fetch(url, form({ token, state: STATE, return_to: `https://${host}/cart` }))
    expect(res.headers.get('location')).toBe(`https://${host}/cart`)
  })

  it('hands unexpected errors to next()', async () => {
    const errors: unknown[] = []
    let respond: ServerResponse | undefined
    const handler = nodeCallback(options, {
      onSuccess: (_req, res) => {
        respond = res
        throw new Error('database down')
      },
    })
    const url = await listen(
      withBodyParser(handler, (error) => {
        errors.push(error)
        respond?.writeHead(502).end()
      }),
    )
    const token = await signHs256(claims())
    const res = await fetch(url, form({ token, state: STATE }))
    expect(res.status).toBe(502)
    expect(errors).toHaveLength(1)
  })
})
