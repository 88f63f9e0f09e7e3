/** /admin/api/strings: the stored wording of the visitor pages, per language. */
import { describe, expect, it } from 'vitest'
import { listAudit } from '../../domain/audit-log.js'
import { apiBridge } from '../../testing/admin-api-test-kit.js'

async function loginHtml(bridge: Awaited<ReturnType<typeof apiBridge>>['bridge'], lang: string) {
  const browser = bridge.browser()
  const start = await browser.get('/authorize?app=shop&state=s')
  const page = await browser.get(start.headers.get('Location')!, { 'Accept-Language': lang })
  return page.text()
}

describe('admin API: strings', () => {
  it('sets a language, which the visitor pages then speak, audited; {} removes it', async () => {
    const { bridge, call } = await apiBridge()
    const put = await call('PUT', '/strings/de', {
      body: { strings: { 'login.heading': 'Willkommen <b>zurück</b>' } },
    })
    expect(put.status).toBe(200)
    expect(put.json).toMatchObject({ locale: 'de', changed: true })
    expect((await call('GET', '/strings/de')).json.strings).toEqual({
      'login.heading': 'Willkommen <b>zurück</b>',
    })
    expect((await call('GET', '/strings')).json.strings.de).toBeDefined()
    expect(await loginHtml(bridge, 'de')).toContain('<h1>Willkommen &lt;b&gt;zurück&lt;/b&gt;</h1>')
    expect(await loginHtml(bridge, 'en')).toContain('<h1>Sign in</h1>')
    const { entries } = await listAudit(bridge.storage, { event: 'strings.updated' })
    expect(entries[0]).toMatchObject({ actor: { type: 'api_key' }, target: { id: 'de' } })
    expect((await call('PUT', '/strings/de', { body: { strings: {} } })).json.changed).toBe(true)
    expect(await loginHtml(bridge, 'de')).not.toContain('Willkommen')
  })

  it('refuses what the config refuses, an unknown language and a missing scope; nothing saved', async () => {
    const { call, key } = await apiBridge()
    const refused = async (path: string, body: unknown, token?: string) => {
      const r = await call('PUT', path, { body, key: token })
      return { status: r.status, body: r.text }
    }
    expect(await refused('/strings/de', { strings: { 'login.headline': 'x' } })).toMatchObject({
      status: 400,
    })
    expect((await refused('/strings/de', { strings: { 'login.title': '{{user}}' } })).body).toMatch(
      /not a placeholder/,
    )
    expect((await refused('/strings/de', { strings: { 'login.heading': '' } })).status).toBe(400)
    expect((await refused('/strings/de', { strings: 'x' })).status).toBe(400)
    expect((await refused('/strings/de', { strings: {}, extra: 1 })).status).toBe(400)
    expect((await refused('/strings/xx', { strings: {} })).status).toBe(404)
    const readOnly = await key(['apps:read'])
    expect((await refused('/strings/de', { strings: {} }, readOnly)).status).toBe(403)
    expect((await call('GET', '/strings/de', { key: await key(['users:read']) })).status).toBe(403)
    expect((await call('GET', '/strings/de')).json.strings).toEqual({})
  })
})
