/**
 * The shipped bridge in a process of its own: `node packages/bridge/bin/ssobridge.js start`, plain
 * node running dist/ (no tsx), from a temporary folder outside the repo with a config that seeds
 * one app and one local user. Only HTTP and /proc cross the boundary; nothing is imported from it.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

const bin = resolve(import.meta.dirname, '../packages/bridge/bin/ssobridge.js')

const READY_TIMEOUT_MS = 20_000
const POLL_EVERY_MS = 5
const STOP_TIMEOUT_MS = 5_000

export const APP_ID = 'bench'
export const CALLBACK_URL = 'http://127.0.0.1:4001/sso/callback'

export interface BridgeProcess {
  url: string
  pid: number
  /** From spawn() to the first 200 of the health check. */
  readyMs: number
  /** The check that answered: `/healthz/ready`, or `/healthz` when the build has no readiness. */
  readyPath: string
  /** The seeded local user, for a real sign-in. */
  account: { email: string; password: string }
  /** The Prometheus listener (its own port), where the bench reads storage round trips. */
  metricsUrl: string
  /** Resident set size as the kernel counts it (VmRSS), in bytes. */
  rss(): number
  stop(): Promise<void>
}

/** Starts a bridge and resolves once it is ready. `databaseUrl` unset: SQLite in the data folder. */
export async function startBridgeProcess(
  options: { databaseUrl?: string } = {},
): Promise<BridgeProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'ssobridge-bench-'))
  const port = await freePort()
  const metricsPort = await freePort()
  const url = `http://127.0.0.1:${port}`
  const account = { email: 'bench@example.com', password: randomBytes(18).toString('base64url') }
  const config = join(dir, 'ssobridge.json')
  writeFileSync(
    config,
    JSON.stringify({
      issuer: url,
      connections: [{ id: 'staff', type: 'local' }],
      apps: [
        {
          id: APP_ID,
          name: 'Bench',
          callbackUrls: [CALLBACK_URL],
          connections: ['staff'],
          signing: { alg: 'HS256', secret: 'env:BENCH_APP_SECRET' },
        },
      ],
      users: [{ email: account.email, password: 'env:BENCH_PASSWORD', connection: 'staff' }],
    }),
  )
  // A clean environment, so nothing from the parent (NODE_OPTIONS with tsx, a DATABASE_URL)
  // changes what is measured; PG* variables pass for a server that wants them.
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    SSOBRIDGE_DATA_DIR: join(dir, 'data'),
    SSOBRIDGE_SECRET_KEY: randomBytes(32).toString('hex'),
    BENCH_APP_SECRET: randomBytes(32).toString('base64url'),
    BENCH_PASSWORD: account.password,
    SSOBRIDGE_METRICS_PORT: String(metricsPort),
  }
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith('PG') && value !== undefined) env[name] = value
  }
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl

  // Files, not pipes: the logs (a line per token at the default level) cost the parent nothing.
  // stdout also carries the one-time admin setup link, so it is never printed.
  const out = openSync(join(dir, 'stdout.log'), 'w')
  const err = openSync(join(dir, 'stderr.log'), 'w')
  const started = performance.now()
  const child = spawn(
    process.execPath,
    [bin, 'start', '--config', config, '--port', String(port)],
    { cwd: dir, env, stdio: ['ignore', out, err] },
  )
  closeSync(out)
  closeSync(err)
  const exited = new Promise<void>((done) => child.once('exit', () => done()))

  const stop = async () => {
    await stopChild(child, exited)
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    const { at, path } = await waitReady(url, child)
    const pid = child.pid!
    return {
      url,
      pid,
      readyMs: at - started,
      readyPath: path,
      account,
      metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
      rss: () => readRss(pid),
      stop,
    }
  } catch (error) {
    const log = tail(join(dir, 'stderr.log'), 2000)
    await stop()
    throw new Error(`${(error as Error).message}; bridge stderr:\n${log}`)
  }
}

/**
 * Polls until the first 200. Until the app is mounted the bridge answers 503 to everything, so a
 * 404 only comes from a build without `/healthz/ready`; then `/healthz` is the check.
 */
async function waitReady(url: string, child: ChildProcess): Promise<{ at: number; path: string }> {
  const deadline = performance.now() + READY_TIMEOUT_MS
  let path = '/healthz/ready'
  while (performance.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`bridge exited before it was ready (${child.exitCode ?? child.signalCode})`)
    }
    const status = await statusOf(url + path)
    if (status === 200) return { at: performance.now(), path }
    if (status === 404 && path === '/healthz/ready') {
      path = '/healthz'
      continue
    }
    await sleep(POLL_EVERY_MS)
  }
  throw new Error(`bridge not ready within ${READY_TIMEOUT_MS} ms`)
}

/** The status of one GET, or 0 when nothing answers (not listening yet). */
async function statusOf(url: string): Promise<number> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) })
    await response.body?.cancel()
    return response.status
  } catch {
    return 0
  }
}

function readRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]
  if (!kb) throw new Error(`no VmRSS in /proc/${pid}/status`)
  return Number(kb) * 1024
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
  await exited
  clearTimeout(timer)
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done, fail) => {
    server.once('error', fail)
    server.listen(0, '127.0.0.1', done)
  })
  const { port } = server.address() as AddressInfo
  await new Promise<void>((done) => server.close(() => done()))
  return port
}

function tail(file: string, chars: number): string {
  try {
    return readFileSync(file, 'utf8').slice(-chars)
  } catch {
    return '(no log)'
  }
}
