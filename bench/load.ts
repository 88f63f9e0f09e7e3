/**
 * Session-reuse sign-ins per second: GET /authorize with a live bridge session, through to the
 * form_post page, at 50 concurrent connections, against a bridge in its own process.
 */
import autocannon from 'autocannon'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')

export interface LoadResult {
  storage: string
  requestsPerSecond: number
  p50: number
  p99: number
  non2xx: number
  errors: number
  rssMb: number
}

export async function benchSessionReuse(
  kind: 'sqlite' | 'postgres',
  target: string,
): Promise<LoadResult> {
  const schema = `bench_${randomBytes(6).toString('hex')}`
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/bridge-process.ts', kind, target, schema],
    {
      cwd: root,
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  )
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]()
  const next = async () => JSON.parse((await lines.next()).value as string)
  const { url, cookie } = (await next()) as { url: string; cookie: string }
  const path = `/authorize?${new URLSearchParams({ app: 'bench', state: 'bench-state' })}`

  const run = (duration: number) =>
    autocannon({ url: url + path, connections: 50, duration, headers: { cookie } })
  await run(2) // warm-up: JIT, caches, connection pool
  const result = await run(10)
  child.stdin!.write('rss\n')
  const { rss } = (await next()) as { rss: number }
  child.stdin!.write('exit\n')
  await new Promise((done) => child.once('exit', done))
  if (kind === 'postgres') {
    const admin = new pg.Client({ connectionString: target })
    await admin.connect()
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    await admin.end()
  }
  return {
    storage: kind,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    rssMb: rss / 1024 / 1024,
  }
}
