/** `npm run bench`: prints the figures the README and the issues quote. Not a test. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import pg from 'pg'
import { embedDistPath } from '@ssobridge/embed'
import { benchSessionReuse } from './load.js'
import { benchMint } from './mint.js'

const postgresUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits })

console.log('ssobridge benchmarks (one run on this machine; noisy, compare ratios)\n')

const script = readFileSync(embedDistPath)
console.log(
  `embed: ${script.length} bytes, ${gzipSync(script, { level: 9 }).length} bytes gzipped (budget 1,500)\n`,
)

console.log('minting (tokens/s, same process, 2 s each):')
for (const r of await benchMint()) {
  console.log(
    `  ${r.alg}: bridge ${fmt(r.bridge)}/s, bare jose ${fmt(r.bare)}/s, ratio ${fmt(r.ratio, 2)}`,
  )
}

console.log('\nsession-reuse sign-ins (GET /authorize → form_post page, 50 connections, 10 s):')
const dir = mkdtempSync(join(tmpdir(), 'ssobridge-bench-'))
const targets: ['sqlite' | 'postgres', string][] = [['sqlite', join(dir, 'bench.db')]]
const client = new pg.Client({ connectionString: postgresUrl })
try {
  await client.connect()
  await client.end()
  targets.push(['postgres', postgresUrl])
} catch {
  console.log(`  (postgres skipped: cannot reach ${new URL(postgresUrl).host})`)
}
for (const [kind, target] of targets) {
  const r = await benchSessionReuse(kind, target)
  console.log(
    `  ${r.storage}: ${fmt(r.requestsPerSecond)} sign-ins/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ` +
      `non-2xx ${r.non2xx}, errors ${r.errors}, bridge RSS after load ${fmt(r.rssMb, 1)} MB`,
  )
}
rmSync(dir, { recursive: true, force: true })
