/** `npm run bench`: prints the figures the README and the issues quote. Not a test. */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import pg from 'pg'
import { embedDistPath } from '@ssobridge/embed'
import { benchBuiltBridge, IDLE_SECONDS, STARTS } from './load.js'
import { benchMint } from './mint.js'

const postgresUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits })

console.log('ssobridge benchmarks (one run on this machine; noisy, compare ratios)\n')

const script = readFileSync(embedDistPath)
const served = (coding: string) => readFileSync(`${embedDistPath}.${coding}`).length
console.log(
  `embed: ${script.length} bytes, ${served('gz')} gzipped as served (gzip -9: ${gzipSync(script, { level: 9 }).length}), ` +
    `${served('br')} brotli (test budget 1,300 gzipped, target 1,200)\n`,
)

console.log('minting (tokens/s, built bridge code in this process, 2 s each):')
for (const r of await benchMint()) {
  console.log(
    `  ${r.alg}: bridge ${fmt(r.bridge)}/s, bare jose ${fmt(r.bare)}/s, ratio ${fmt(r.ratio, 2)}`,
  )
}

console.log(
  '\nbuilt bridge (node packages/bridge/bin/ssobridge.js start, no tsx, from a temp folder);\n' +
    'session-reuse sign-ins: GET /authorize → form_post page, 50 connections, 10 s:',
)
const bridgeDir = resolve(import.meta.dirname, '../packages/bridge')
if (newest(join(bridgeDir, 'src')) > statSync(join(bridgeDir, 'dist/index.js')).mtimeMs) {
  console.log('  (packages/bridge/src changed since the last build: measuring dist/ as it is)')
}
const targets: ['sqlite' | 'postgres', string][] = [['sqlite', '']]
const client = new pg.Client({ connectionString: postgresUrl })
try {
  await client.connect()
  await client.end()
  targets.push(['postgres', postgresUrl])
} catch {
  console.log(`  (postgres skipped: cannot reach ${new URL(postgresUrl).host})`)
}
const reuse = new Map<string, number>()
for (const [kind, target] of targets) {
  const r = await benchBuiltBridge(kind, target)
  reuse.set(kind, r.requestsPerSecond)
  const via = r.readyPath === '/healthz' ? ', /healthz (/healthz/ready: 404)' : ''
  console.log(
    `  ${r.storage}: start → ready min ${fmt(r.readyMinMs)} ms, median ${fmt(r.readyMedianMs)} ms ` +
      `of ${STARTS} starts on empty storage${via} (target ≤ 400 ms)`,
  )
  console.log(
    `  ${r.storage}: idle RSS ${fmt(r.idleRssMb, 1)} MB, ${IDLE_SECONDS} s after ready (target ≤ 80 MB)`,
  )
  const reuseTarget =
    kind === 'sqlite'
      ? ' (target ≥ 1,500/s, p99 < 50 ms)'
      : ' (target ≥ 0.8× SQLite in this run, p99 < 50 ms)'
  console.log(
    `  ${r.storage}: ${fmt(r.requestsPerSecond)} sign-ins/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ` +
      `non-2xx ${r.non2xx}, errors ${r.errors}${reuseTarget}`,
  )
  const ops = r.roundTrips.byOp.map(([op, n]) => `${op} ${fmt(n, 3)}`).join(', ')
  console.log(
    `  ${r.storage}: storage round trips per sign-in ${fmt(r.roundTrips.total, 3)} (${ops}); ` +
      'read-mostly records come from memory',
  )
  console.log(`  ${r.storage}: bridge RSS after load ${fmt(r.rssMb, 1)} MB (target ≤ 120 MB)`)
}

const [sqlite, postgres] = [reuse.get('sqlite'), reuse.get('postgres')]
if (sqlite && postgres) {
  console.log(
    `  postgres / sqlite session-reuse sign-ins: ${fmt(postgres / sqlite, 2)}× (target ≥ 0.8)`,
  )
}

/** The newest modification time under a folder. */
function newest(path: string): number {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))))
}
