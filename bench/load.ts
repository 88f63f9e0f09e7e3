/**
 * The built bridge per storage: start to ready over a few fresh starts, RSS when idle,
 * session-reuse sign-ins per second (GET /authorize with a live bridge session, through to the
 * form_post page, at 50 concurrent connections) and RSS after that load.
 */
import autocannon from 'autocannon'
import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { APP_ID, startBridgeProcess, type BridgeProcess } from './bridge-process.js'
import { signIn } from './sign-in.js'

export const STARTS = 5
// V8's memory reducer shrinks the heap only after the process has gone quiet (here its GC comes
// some 8 s after the last allocation, later on a busy machine), so idle RSS is read after 15 s.
export const IDLE_SECONDS = 15

export interface BuiltBridgeResult {
  storage: 'sqlite' | 'postgres'
  readyMinMs: number
  readyMedianMs: number
  readyPath: string
  idleRssMb: number
  requestsPerSecond: number
  p50: number
  p99: number
  non2xx: number
  errors: number
  rssMb: number
  /** Storage calls per sign-in during the measured run, by operation, and their sum. */
  roundTrips: { total: number; byOp: [string, number][] }
}

export async function benchBuiltBridge(
  kind: 'sqlite' | 'postgres',
  postgresUrl: string,
): Promise<BuiltBridgeResult> {
  const admin = kind === 'postgres' ? new pg.Client({ connectionString: postgresUrl }) : undefined
  await admin?.connect()
  const schemas: string[] = []
  // Every start gets empty storage: a new data folder, or on Postgres a new schema.
  const start = async () => {
    if (!admin) return startBridgeProcess()
    const schema = `bench_${randomBytes(6).toString('hex')}`
    await admin.query(`CREATE SCHEMA "${schema}"`)
    schemas.push(schema)
    return startBridgeProcess({ databaseUrl: withSearchPath(postgresUrl, schema) })
  }
  let bridge: BridgeProcess | undefined
  try {
    const readyMs: number[] = []
    for (let i = 0; i < STARTS; i++) {
      await bridge?.stop()
      bridge = await start()
      readyMs.push(bridge.readyMs)
    }
    readyMs.sort((a, b) => a - b)
    const { url, readyPath } = bridge!

    await sleep(IDLE_SECONDS * 1000)
    const idleRss = bridge!.rss()

    const cookie = await signIn(url, bridge!.account)
    const path = `/authorize?${new URLSearchParams({ app: APP_ID, state: 'bench-state' })}`
    const run = (duration: number) =>
      autocannon({ url: url + path, connections: 50, duration, headers: { cookie } })
    await run(2) // warm-up: JIT, caches, connection pool
    const before = await storageCalls(bridge!.metricsUrl)
    const result = await run(10)
    const after = await storageCalls(bridge!.metricsUrl)
    const rss = bridge!.rss()
    const signIns = result.requests.total
    const byOp = [...after]
      .map(([op, count]): [string, number] => [op, (count - (before.get(op) ?? 0)) / signIns])
      .filter(([, perSignIn]) => perSignIn >= 0.001)
      .sort((a, b) => b[1] - a[1])
    return {
      storage: kind,
      readyMinMs: readyMs[0]!,
      readyMedianMs: readyMs[Math.floor(readyMs.length / 2)]!,
      readyPath,
      idleRssMb: idleRss / 1024 / 1024,
      requestsPerSecond: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors,
      rssMb: rss / 1024 / 1024,
      roundTrips: { total: byOp.reduce((sum, [, n]) => sum + n, 0), byOp },
    }
  } finally {
    await bridge?.stop()
    for (const schema of schemas) await admin?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    await admin?.end()
  }
}

/**
 * How many storage calls the bridge has made, by operation: the count of its storage timing
 * histogram. Background work (the purge, the outbox worker's polls) is in it too, and shows as
 * what it is, a small fraction per sign-in.
 */
async function storageCalls(metricsUrl: string): Promise<Map<string, number>> {
  const text = await (await fetch(metricsUrl)).text()
  const counts = new Map<string, number>()
  for (const match of text.matchAll(
    /^ssobridge_storage_duration_seconds_count\{op="([^"]+)"\} (\d+)$/gm,
  )) {
    counts.set(match[1]!, Number(match[2]))
  }
  return counts
}

/** Pins the bridge to one schema the way its own tests do: a startup option in the URL. */
function withSearchPath(connectionString: string, schema: string): string {
  const url = new URL(connectionString)
  const options = [url.searchParams.get('options'), `-c search_path=${schema}`]
  url.searchParams.set('options', options.filter(Boolean).join(' '))
  return url.href
}
