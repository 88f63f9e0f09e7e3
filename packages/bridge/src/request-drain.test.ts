/**
 * Early answers over a real listener: a 404 or 413 given before the body was read must reach the
 * client, not a connection reset, whatever the body's size, framing and pace.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from './logger.js'
import { MAX_DRAIN_BYTES } from './request-drain.js'
import { startBridge, type RunningBridge } from './server.js'

let bridge: RunningBridge
let dataDir: string
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ssobridge-drain-'))
  bridge = await startBridge({
    port: 0,
    dataDir,
    env: { SSOBRIDGE_SECRET_KEY: 'ab'.repeat(32) },
    logger: createLogger('silent'),
  })
})
afterAll(async () => {
  await bridge.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const CHUNK = 16 * 1024

/** A streamed body (chunked, no Content-Length) of `size` bytes, one chunk every `everyMs`. */
function streamed(size: number, everyMs: number): ReadableStream<Uint8Array> {
  let sent = 0
  return new ReadableStream({
    async pull(controller) {
      if (sent >= size) return controller.close()
      if (everyMs) await new Promise((done) => setTimeout(done, everyMs))
      sent += CHUNK
      controller.enqueue(new Uint8Array(CHUNK).fill(97))
    },
  })
}

async function post(path: string, body: ReadableStream<Uint8Array>): Promise<number | string> {
  try {
    const response = await fetch(bridge.url + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
      duplex: 'half',
    } as RequestInit)
    await response.text()
    return response.status
  } catch (error) {
    return `failed: ${String((error as { cause?: { code?: string } }).cause?.code ?? error)}`
  }
}

/**
 * Raw HTTP/1.1 on one socket: a POST with a Content-Length body, then (when asked) a GET on the
 * same connection. Resolves with everything read until the server closes or `idleMs` passes.
 */
function rawExchange(path: string, size: number, then?: string): Promise<string> {
  return new Promise((done) => {
    const socket = connect(bridge.port, '127.0.0.1')
    let got = ''
    const finish = () => {
      socket.destroy()
      done(got)
    }
    socket.on('data', (data) => {
      got += data.toString('latin1')
      if (then && (got.match(/HTTP\/1\.1 /g) ?? []).length === 2) finish()
    })
    socket.on('error', (error) => done(`${got}\n<${(error as NodeJS.ErrnoException).code}>`))
    socket.on('close', () => done(got))
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
        `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${size}\r\n\r\n`,
    )
    let sent = 0
    const pump = () => {
      while (sent < size) {
        const n = Math.min(CHUNK, size - sent)
        sent += n
        if (!socket.write(Buffer.alloc(n, 97))) return void socket.once('drain', pump)
      }
      if (then) socket.write(`GET ${then} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`)
    }
    pump()
    setTimeout(finish, 8_000).unref()
  })
}

describe('an answer given before the body is read', () => {
  const cases = [
    { name: 'a 404', path: '/no-such-page', status: 404 },
    { name: 'a body-limited 413', path: '/login', status: 413 },
    { name: 'the token endpoint 413', path: '/token', status: 413 },
  ]

  it.each(cases)('arrives as $name for a streamed 200 KB body, fast or slow', async (c) => {
    for (let i = 0; i < 3; i++) expect(await post(c.path, streamed(200_000, 0))).toBe(c.status)
    // Slower than node-server's own 500 ms drain budget: 13 chunks, 60 ms apart.
    expect(await post(c.path, streamed(200_000, 60))).toBe(c.status)
  })

  it.each(cases)('arrives as $name for a body over the drain cap', async (c) => {
    expect(await post(c.path, streamed(3 * MAX_DRAIN_BYTES, 0))).toBe(c.status)
  })

  it('leaves the connection usable once a 200 KB body is drained', async () => {
    const got = await rawExchange('/no-such-page', 200_000, '/healthz/live')
    expect(got).toMatch(/^HTTP\/1\.1 404 /)
    expect(got).toMatch(/\r\n\r\n[\s\S]*HTTP\/1\.1 200 /)
  })

  it('past the cap, answers then half-closes (FIN, no reset) while the client still sends', async () => {
    const { got, sent, ended } = await trickle('/no-such-page', 50 * MAX_DRAIN_BYTES)
    expect(got).toMatch(/^HTTP\/1\.1 404 /)
    expect(ended).toBe(true)
    expect(sent).toBeLessThan(10 * MAX_DRAIN_BYTES)
  })
})

/** Declares a large body and sends it at 64 KB per 5 ms until the server ends the connection. */
function trickle(path: string, size: number) {
  return new Promise<{ got: string; sent: number; ended: boolean }>((done) => {
    const socket = connect(bridge.port, '127.0.0.1')
    let got = ''
    let sent = 0
    let ended = false
    socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${size}\r\n\r\n`)
    const pump = setInterval(() => {
      if (!socket.writable || sent >= size) return
      sent += 64 * 1024
      socket.write(Buffer.alloc(64 * 1024, 97))
    }, 5)
    const finish = () => {
      clearInterval(pump)
      socket.destroy()
      done({ got, sent, ended })
    }
    socket.on('data', (data) => (got += data.toString('latin1')))
    socket.on('end', () => {
      ended = true
      finish()
    })
    socket.on('error', finish)
    setTimeout(finish, 8_000).unref()
  })
}
