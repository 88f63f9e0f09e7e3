import { createHash } from 'node:crypto'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { beforeEach, describe, expect, it } from 'vitest'
import { createBridge } from '../bridge.js'
import { loadEmbedAsset } from '../embed-asset.js'
import { createSqliteStorage } from '../storage/sqlite.js'
import { pickContentCoding } from './content-coding.js'
import { createTestBridge, ISSUER } from '../testing/bridge-fixture.js'

let bridge: Awaited<ReturnType<typeof createTestBridge>>
beforeEach(async () => {
  bridge = await createTestBridge()
})

describe('public endpoints', () => {
  it('serves sso.js with an ETag, revalidation and a content-hashed twin for SRI', async () => {
    const response = await bridge.app.request('/sso.js')
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8')
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe('*')
    const etag = response.headers.get('ETag')!
    const body = await response.text()
    expect(body).toBe(bridge.services.embed.script)
    expect(
      (await bridge.app.request('/sso.js', { headers: { 'If-None-Match': etag } })).status,
    ).toBe(304)

    const { hashedPath, integrity } = bridge.services.embed
    const hashed = await bridge.app.request(hashedPath)
    expect(hashed.headers.get('Cache-Control')).toContain('immutable')
    expect(integrity).toBe(
      `sha384-${createHash('sha384')
        .update(await hashed.text())
        .digest('base64')}`,
    )
    expect((await bridge.app.request('/sso.000000000000.js')).status).toBe(404)
  })

  it('serves sso.js precompressed: brotli, else gzip, else identity, with an ETag per coding', async () => {
    const get = (headers: Record<string, string>) => bridge.app.request('/sso.js', { headers })
    const br = await get({ 'Accept-Encoding': 'gzip, deflate, br, zstd' })
    expect(br.headers.get('Content-Encoding')).toBe('br')
    expect(br.headers.get('Vary')).toBe('Accept-Encoding')
    const brBytes = Buffer.from(await br.arrayBuffer())
    expect(brotliDecompressSync(brBytes).toString()).toBe(bridge.services.embed.script)
    expect(brBytes.length).toBeLessThan(bridge.services.embed.script.length / 1.8)

    const gz = await get({ 'Accept-Encoding': 'gzip, br;q=0' })
    expect(gz.headers.get('Content-Encoding')).toBe('gzip')
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(
      bridge.services.embed.script,
    )
    const plain = await get({ 'Accept-Encoding': 'identity' })
    expect(plain.headers.get('Content-Encoding')).toBeNull()
    expect(plain.headers.get('Vary')).toBe('Accept-Encoding')
    expect(await plain.text()).toBe(bridge.services.embed.script)

    const tags = [br, gz, plain].map((response) => response.headers.get('ETag'))
    expect(new Set(tags).size).toBe(3)
    // A cache holding any coding of this script revalidates without a body.
    const again = await get({ 'Accept-Encoding': 'gzip', 'If-None-Match': `W/${tags[0]}` })
    expect(again.status).toBe(304)
    const stale = await get({ 'Accept-Encoding': 'gzip', 'If-None-Match': '"0123-gz"' })
    expect(stale.status).toBe(200)
  })

  it.each([
    ['', 'identity'],
    ['*', 'br'],
    ['*;q=0, gzip', 'gzip'],
    ['br;q=0, gzip;q=0', 'identity'],
    ['BR;Q=0.5', 'br'],
    ['x-gzip', 'gzip'],
    ['br;q=abc, gzip', 'gzip'],
    [`gzip, ${'x,'.repeat(600)}`, 'identity'],
  ])('reads Accept-Encoding %j as %s', (header, coding) => {
    expect(pickContentCoding(header)).toBe(coding)
  })

  it('publishes public keys only, with kid', async () => {
    await bridge.services.keystore.signingKey('ES256')
    const response = await bridge.app.request('/.well-known/jwks.json')
    expect(response.headers.get('Cache-Control')).toBe('public, max-age=300')
    const { keys } = (await response.json()) as { keys: Record<string, string>[] }
    expect(keys).toHaveLength(1)
    expect(keys[0]).toMatchObject({
      kty: 'EC',
      crv: 'P-256',
      alg: 'ES256',
      use: 'sig',
      kid: expect.any(String),
    })
    expect(keys[0]).not.toHaveProperty('d')
  })

  it('reports storage health, and 503 without a stack when storage is gone', async () => {
    const ok = await bridge.app.request('/healthz')
    expect(await ok.json()).toEqual({ status: 'ok', storage: 'sqlite' })
    await bridge.storage.close()
    const down = await bridge.app.request('/healthz')
    expect(down.status).toBe(503)
    expect(await down.json()).toEqual({ status: 'error', storage: 'sqlite' })
  })

  it('answers liveness without storage and readiness only while storage is migrated and reachable', async () => {
    expect(await (await bridge.app.request('/healthz/live')).json()).toEqual({ status: 'ok' })
    const ready = await bridge.app.request('/healthz/ready')
    expect(ready.status).toBe(200)
    expect(await ready.json()).toEqual({ status: 'ok', storage: 'sqlite' })

    bridge.services.lifecycle.draining = true
    const stopping = await bridge.app.request('/healthz/ready')
    expect(stopping.status).toBe(503)
    expect(await stopping.json()).toMatchObject({ status: 'stopping' })
    bridge.services.lifecycle.draining = false

    await bridge.storage.close()
    const down = await bridge.app.request('/healthz/ready')
    expect(down.status).toBe(503)
    expect(await down.json()).toEqual({ status: 'error', storage: 'sqlite', reason: 'unreachable' })
    expect((await bridge.app.request('/healthz/live')).status).toBe(200)
  })

  it('is not ready on a database whose schema is behind this code', async () => {
    const unmigrated = await createSqliteStorage({ filename: ':memory:' })
    const { app } = createBridge({
      settings: { issuer: ISSUER, sessionTtl: 3600 },
      storage: unmigrated,
      masterKey: new Uint8Array(32),
      embed: loadEmbedAsset(),
    })
    const response = await app.request('/healthz/ready')
    expect(response.status).toBe(503)
    expect(await response.json()).toMatchObject({ reason: 'not_migrated' })
    await unmigrated.migrate()
    expect((await app.request('/healthz/ready')).status).toBe(200)
    await unmigrated.close()
  })

  it('turns an unexpected failure into a 500 page with a reference, never a stack trace', async () => {
    await bridge.storage.close()
    const response = await bridge.app.request('/authorize?app=shop&state=x')
    expect(response.status).toBe(500)
    const html = await response.text()
    expect(html).toContain('<code>server_error</code>')
    expect(html).not.toMatch(/Error:|\.ts:\d+|node_modules/)
  })

  it('answers unknown paths with a 404 page', async () => {
    const response = await bridge.app.request('/nope')
    expect(response.status).toBe(404)
    expect(response.headers.get('Content-Security-Policy')).toContain("default-src 'none'")
  })
})
