import { beforeEach, describe, expect, it } from 'vitest'
import { createApiKey } from './admin/api-keys.js'
import { createLogger } from './logger.js'
import { createIntegrationBridge, redeemAt, STATIC_ORIGIN } from './testing/integration-fixture.js'

type Log = { level: string; msg: string; requestId?: string; [field: string]: unknown }

let logs: Log[]
let bridge: Awaited<ReturnType<typeof createIntegrationBridge>>
beforeEach(async () => {
  logs = []
  bridge = await createIntegrationBridge({
    logger: createLogger('debug', (line) => logs.push(JSON.parse(line) as Log)),
  })
})

const SERVER_ERROR = 'Something went wrong on our side. Try again in a moment.'
const tokenForm = (extra: Record<string, string> = {}) => ({
  client_id: 'static',
  code: 'some-code',
  redirect_uri: 'http://127.0.0.1:4010/',
  code_verifier: 'v'.repeat(43),
  ...extra,
})
/** The one log line of a refusal with this code. */
const loggedFor = (code: string) => {
  const lines = logs.filter((line) => line.code === code)
  expect(lines).toHaveLength(1)
  return lines[0] as Log
}
const referenceOf = (html: string) => /reference <code>([^<]+)<\/code>/.exec(html)?.[1]

describe('each route group answers its own errors', () => {
  it('in its own shape for an unexpected failure: a 500, the cause in the log only', async () => {
    const { key } = await createApiKey(
      bridge.storage,
      { type: 'cli', id: 'test' },
      { name: 'test', scopes: ['admin'] },
    )
    await bridge.storage.close()
    const expectLogged = (requestId?: string) => {
      const line = loggedFor('server_error')
      expect(line).toMatchObject({ level: 'error', reason: 'unhandled' })
      if (requestId) expect(line.requestId).toBe(requestId)
      logs.length = 0
    }

    const token = await redeemAt(bridge.app, tokenForm())
    expect(token.status).toBe(500)
    expect(token.headers.get('Cache-Control')).toBe('no-store')
    expect(await token.json()).toEqual({ error: 'server_error', error_description: SERVER_ERROR })
    expectLogged()

    const api = await bridge.app.request('/admin/api/apps', {
      headers: { Authorization: `Bearer ${key}` },
    })
    expect(api.status).toBe(500)
    expect(await api.json()).toEqual({ error: 'server_error', error_description: SERVER_ERROR })
    expectLogged()

    for (const [path, headers] of [
      ['/authorize?app=shop&state=x', {}],
      ['/admin', { Cookie: 'ssobridge_admin=some-session' }],
    ] as const) {
      const page = await bridge.app.request(path, { headers })
      expect(page.status, path).toBe(500)
      const html = await page.text()
      expect(html).toContain('<code>server_error</code>')
      expect(html).not.toMatch(/Error:|\.ts:\d+|node_modules/)
      expectLogged(referenceOf(html))
    }
  })

  it('in its own shape for a refusal, with the reason in the log and not in the answer', async () => {
    const token = await redeemAt(bridge.app, tokenForm({ grant_type: 'password' }))
    expect(token.status).toBe(400)
    expect(token.headers.get('Access-Control-Allow-Origin')).toBe(STATIC_ORIGIN)
    const tokenBody = await token.text()
    expect(JSON.parse(tokenBody)).toEqual({
      error: 'unsupported_grant_type',
      error_description: 'Only the authorization_code grant is supported.',
    })
    expect(tokenBody).not.toContain('grant_type_unsupported')
    expect(loggedFor('unsupported_grant_type').reason).toBe('grant_type_unsupported')

    const api = await bridge.app.request('/admin/api/apps')
    expect(api.status).toBe(401)
    expect(api.headers.get('WWW-Authenticate')).toBe('Bearer realm="ssobridge-admin"')
    expect(await api.json()).toMatchObject({ error: 'unauthorized' })

    const console = await bridge.app.request('/admin/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://evil.test' },
      body: 'email=a&password=b',
    })
    expect(console.status).toBe(403)
    const consoleHtml = await console.text()
    expect(consoleHtml).toContain('<code>csrf_failed</code>')
    expect(consoleHtml).not.toContain('cross_origin_post')
    expect(loggedFor('csrf_failed')).toMatchObject({
      reason: 'cross_origin_post',
      requestId: referenceOf(consoleHtml),
    })

    const page = await bridge.app.request('/logout?return_to=https://x.test/')
    expect(page.status).toBe(400)
    const pageHtml = await page.text()
    expect(pageHtml).toContain('return_to needs the app parameter.')
    expect(loggedFor('invalid_request').reason).toBe('return_to_without_app')
  })

  it('for unknown paths and methods too: JSON under /token and /admin/api, a page elsewhere', async () => {
    const token = await bridge.app.request('/token')
    expect(token.status).toBe(404)
    expect(token.headers.get('Cache-Control')).toBe('no-store')
    expect(await token.json()).toEqual({
      error: 'invalid_request',
      error_description: 'There is nothing here.',
    })
    for (const path of ['/admin/api', '/admin/api/nope']) {
      const api = await bridge.app.request(path, { method: 'DELETE' })
      expect(api.status, path).toBe(404)
      expect(await api.json(), path).toMatchObject({ error: 'not_found' })
    }
    for (const path of ['/nope', '/admin/nope', '/tokens']) {
      const page = await bridge.app.request(path)
      expect(page.status, path).toBe(404)
      expect(await page.text(), path).toContain('<code>not_found</code>')
    }
  })
})
