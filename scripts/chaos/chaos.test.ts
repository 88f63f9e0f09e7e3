/**
 * The chaos test: three built bridges on one Postgres behind a real HAProxy, under a bounded load
 * of every sign-in that runs headless and a stream of logouts to sites with back-channel URLs.
 * One instance is SIGKILLed mid-load and started again; then, on a Postgres cluster of the test's
 * own, the database itself is restarted under running bridges. Without HAProxy (or initdb for the
 * second part) it is skipped loudly, and under CI=true it fails instead.
 *
 * The bridges are the built ones (packages/bridge/dist, as `npm test` builds it first): after a
 * change to the bridge's sources, `npm run build` before running this file alone. Back-channel
 * logouts are counted by the rule in logout-ledger.ts (at least once, repeats with their jti).
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, describe, expect, it } from 'vitest'
import {
  findPostgresTestDatabase,
  type TestSchema,
} from '../../packages/bridge/src/testing/postgres-test-database.js'
import { statusOf, type BridgeInstance } from './bridge-cluster.js'
import { CRM, NOTES, SHOP } from './chaos-config.js'
import { startChaosStack, type ChaosStack } from './chaos-stack.js'
import { HAPROXY_BIN, haproxyInstalled } from './haproxy.js'
import { journey, KINDS, LoadReport, runLoad, tryLogout } from './load.js'
import { squareLogouts } from './logout-ledger.js'
import { outboxCounts } from './outbox-probe.js'
import { postgresBinDir, startPrivatePostgres, type PrivatePostgres } from './private-postgres.js'
import { crmClient } from './sign-in-flows.js'
import { chaosSummary } from './summary.js'
import { errorCodeOf } from './traffic.js'

/** A missing tool skips its part loudly, and fails it under CI=true. */
function required(tool: string, present: boolean, hint: string): boolean {
  if (present) return true
  if (process.env.CI === 'true') throw new Error(`${tool} is required under CI=true: ${hint}`)
  console.warn(`\n*** CHAOS TEST SKIPPED: ${tool} is missing (${hint}). ***\n`)
  return false
}

const postgres = await findPostgresTestDatabase()
const hasHaproxy = required(
  'HAProxy',
  haproxyInstalled(),
  `no ${HAPROXY_BIN}; apt-get install haproxy`,
)
const postgresBin = postgresBinDir()
const hasInitdb = required(
  'initdb',
  postgresBin !== undefined,
  'no /usr/lib/postgresql/*/bin/initdb for a private cluster; apt-get install postgresql',
)

const WORKERS = 6
const KILL_AFTER_MS = 5_000
const DOWN_FOR_MS = 2_500
/** Requests the restarted instance must serve through the balancer before the load stops. */
const SERVED_AFTER_RESTART = 20
const LOAD_BOUND_MS = 45_000
const HOLD_BEFORE_KILL_MS = 2_000
/** The bridge's lease on a delivery (2 × its 5 s timeout + 10 s), a poll, and some room. */
const OUTBOX_SETTLE_MS = 35_000

/** Polls until `check` holds or the time is up; says which. */
async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs
  while (Date.now() < end) {
    if (await check()) return true
    await sleep(50)
  }
  return check()
}

const expectNoUncleanFailures = (report: LoadReport) => {
  for (const kind of KINDS) expect(report.outcome(kind).unclean, kind).toEqual([])
}

describe.runIf(postgres.available && hasHaproxy)('chaos: three bridges behind HAProxy', () => {
  let stack: ChaosStack | undefined
  let schema: TestSchema | undefined
  afterAll(async () => {
    await stack?.close()
    await schema?.drop()
  }, 30_000)

  it('one bridge SIGKILLed mid-load and started again: nothing lost, nothing accepted twice, no 5xx from a bridge', async () => {
    const started = Date.now()
    schema = await postgres.createSchema()
    stack = await startChaosStack({
      databaseUrl: schema.connectionString,
      bridges: 3,
      workers: WORKERS,
    })
    const { tally, haproxy, cluster, receiver, config } = stack
    const crm = await crmClient(haproxy.url, config.crmSecret, stack.fetch)
    const victim = cluster.instances[1]!
    let stopped = false
    const load = runLoad({
      issuer: haproxy.url,
      fetch: stack.fetch,
      crm,
      users: config.users,
      stop: () => stopped,
      deadline: Date.now() + LOAD_BOUND_MS,
    })
    let downAs: string | undefined
    let servedAfterRestart = 0
    let heldAtKill = 0
    try {
      await sleep(KILL_AFTER_MS - HOLD_BEFORE_KILL_MS)
      // The site holds its answers, so the victim dies with deliveries in flight: claimed, POSTed,
      // never settled. Another instance must deliver them again once their lease runs out.
      let release = () => undefined as void
      const held = new Promise<void>((done) => (release = done))
      receiver.answer = () => {
        heldAtKill++
        return held.then(() => 200)
      }
      await sleep(HOLD_BEFORE_KILL_MS)
      await victim.kill()
      receiver.answer = () => 200
      release()
      await until(
        async () =>
          (await haproxy.stats()).some((s) => s.name === victim.name && s.status === 'DOWN'),
        DOWN_FOR_MS,
      )
      downAs = (await haproxy.stats()).find((s) => s.name === victim.name)?.status
      await sleep(DOWN_FOR_MS)
      await victim.start()
      await haproxy.waitUp([victim.name])
      const before = tally.served(victim.name)
      await until(() => tally.served(victim.name) >= before + SERVED_AFTER_RESTART, 15_000)
      servedAfterRestart = tally.served(victim.name) - before
    } finally {
      stopped = true
    }
    const report = await load

    // Logouts that met the outage are tried again, as a site would.
    const unfinished = []
    for (const session of report.pendingLogouts.splice(0)) {
      if (!(await tryLogout(report, session))) unfinished.push(session.sid)
    }
    // Settled means delivered: a claim of the killed instance waits for its lease (20 s) to end.
    const settled = await until(
      async () => (await outboxCounts(schema!.connectionString)).pending === 0,
      OUTBOX_SETTLE_MS,
    )
    const outbox = await outboxCounts(schema.connectionString)
    const ledger = squareLogouts(receiver.received, report.loggedOut)
    const stats = await haproxy.stats()
    const direct = await statusOf(`${victim.url}/healthz/ready`)
    const logs = cluster.instances.map((instance) => instance.logFindings())

    console.log(
      chaosSummary('one of three bridges SIGKILLed and restarted', {
        report,
        tally,
        ledger,
        notes: [
          `victim ${victim.name}: HAProxy saw it ${downAs}; after restart: ${stats.find((s) => s.name === victim.name)?.status}, ` +
            `served ${servedAfterRestart} requests through the balancer, /healthz/ready directly ${direct}`,
          `logouts still unfinished after the load: ${unfinished.length}; deliveries held by the site at the kill: ${heldAtKill}; ` +
            `outbox: delivered ${outbox.delivered}, pending ${outbox.pending}, failed ${outbox.failed}, took more than one attempt ${outbox.retried}`,
          logLine(logs),
          `wall time ${((Date.now() - started) / 1000).toFixed(1)} s`,
        ],
      }),
    )

    // Every sign-in completed or failed cleanly, and every kind ran for real.
    expectNoUncleanFailures(report)
    for (const kind of KINDS) expect(report.outcome(kind).completed, kind).toBeGreaterThanOrEqual(5)
    // No code was accepted twice: each second redemption was refused with invalid_grant.
    expect(report.replays.get('accepted') ?? 0).toBe(0)
    expect(report.replays.get('other') ?? 0).toBe(0)
    expect(report.replays.get('refused') ?? 0).toBeGreaterThan(10)
    // No login transaction was accepted twice: each login form posted again got login_expired.
    expect(report.transactionReplays.get('accepted') ?? 0).toBe(0)
    expect(report.transactionReplays.get('other') ?? 0).toBe(0)
    expect(report.transactionReplays.get('refused') ?? 0).toBeGreaterThan(10)
    // No bridge answered a 5xx, and every answer came from a bridge or the balancer's errorfiles.
    expect(tally.bridge5xx).toEqual([])
    expect(tally.unmarked).toEqual([])
    expect(logs.flatMap((log) => log.stackLines)).toEqual([])
    // Each back-channel logout arrived: once per (app, sid), repeats only with their jti.
    expect(unfinished).toEqual([])
    expect(settled).toBe(true)
    expect(outbox).toMatchObject({ pending: 0, failed: 0, delivered: ledger.distinct })
    expect(ledger.expected).toBeGreaterThan(10)
    expect(ledger.missing).toEqual([])
    expect(ledger.unasked).toEqual([])
    expect(ledger.jtiChanged).toEqual([])
    // The kill was seen, and the restarted instance serves again.
    expect(downAs).toBe('DOWN')
    expect(stats.find((s) => s.name === victim.name)?.status).toBe('UP')
    expect(direct).toBe(200)
    expect(servedAfterRestart).toBeGreaterThanOrEqual(SERVED_AFTER_RESTART)
  }, 115_000)
})

describe.runIf(hasHaproxy && hasInitdb)('chaos: Postgres restarted under the bridges', () => {
  let stack: ChaosStack | undefined
  let cluster: PrivatePostgres | undefined
  afterAll(async () => {
    await stack?.close()
    await cluster?.destroy()
  }, 30_000)

  it('/healthz/ready goes 503 while Postgres is down and 200 after; the same processes serve sign-ins again', async () => {
    const started = Date.now()
    cluster = await startPrivatePostgres(postgresBin!)
    stack = await startChaosStack({ databaseUrl: cluster.url, bridges: 3, workers: 3 })
    const { haproxy, config, tally } = stack
    const instances = stack.cluster.instances
    const names = instances.map(({ name }) => name)
    const pids = instances.map((instance) => instance.pid())
    const crm = await crmClient(haproxy.url, config.crmSecret, stack.fetch)
    const everyKind = (report: LoadReport) =>
      Promise.all(
        [0, 1, 2].map((first) =>
          journey(
            { issuer: haproxy.url, fetch: stack!.fetch, crm },
            report,
            config.users[first]!,
            first,
          ),
        ),
      )
    const haproxySays = async (status: string) =>
      (await haproxy.stats()).filter((s) => s.status === status).length === instances.length
    const before = new LoadReport()
    await everyKind(before)

    await cluster.stop()
    // At once, before the balancer notices: what the bridges answer themselves.
    const outage = new LoadReport()
    await everyKind(outage)
    const ready503 = await Promise.all(
      instances.map((instance) =>
        until(async () => (await statusOf(`${instance.url}/healthz/ready`)) === 503, 10_000),
      ),
    )
    // Each instance directly: a page, /token's JSON and the OpenID Provider refuse with 503.
    const direct = (
      await Promise.all(instances.map((instance) => outageAnswers(instance.url)))
    ).flat()
    const allDown = await until(() => haproxySays('DOWN'), 5_000)
    // With every instance unready, the balancer answers for them.
    const balancerBefore = tally.balancer.get(503) ?? 0
    const down = new LoadReport()
    await everyKind(down)
    const balancer503 = (tally.balancer.get(503) ?? 0) - balancerBefore

    await cluster.start()
    const ready200 = await Promise.all(
      instances.map((instance) =>
        until(async () => (await statusOf(`${instance.url}/healthz/ready`)) === 200, 20_000),
      ),
    )
    await haproxy.waitUp(names)
    const after = new LoadReport()
    await everyKind(after)
    await everyKind(after)
    const logs = instances.map((instance) => instance.logFindings())
    // The logouts before and after the outage owe their back-channel logouts all the same.
    const loggedOut = new Map([...before.loggedOut, ...after.loggedOut])
    await until(
      () => squareLogouts(stack!.receiver.received, loggedOut).missing.length === 0,
      30_000,
    )
    const ledger = squareLogouts(stack.receiver.received, loggedOut)

    console.log(
      chaosSummary('Postgres restarted under three bridges', {
        report: after,
        tally,
        ledger,
        notes: [
          `the table: sign-ins after the restart; logouts: those before the outage and after; before it: ${completions(before)}`,
          `Postgres stopped: at once, through the balancer: ${failures(outage)}`,
          `  /healthz/ready 503 on ${ready503.filter(Boolean).length}/${instances.length} instances; ` +
            `directly: ${direct.map((d) => `${d.what} ${d.status} ${d.code}`).join(', ')}`,
          `  HAProxy marked all DOWN: ${allDown}; then through the balancer: ${failures(down)} ` +
            `(balancer 503s: ${balancer503})`,
          `Postgres started: /healthz/ready 200 on ${ready200.filter(Boolean).length}/${instances.length}; ` +
            `same processes: ${instances.every((instance, i) => instance.running() && instance.pid() === pids[i])}`,
          logLine(logs),
          `wall time ${((Date.now() - started) / 1000).toFixed(1)} s`,
        ],
      }),
    )

    for (const report of [before, outage, down, after]) expectNoUncleanFailures(report)
    expect(ready503).toEqual(instances.map(() => true))
    expect(direct.filter((d) => d.status !== 503 || d.code !== 'temporarily_unavailable')).toEqual(
      [],
    )
    expect(allDown).toBe(true)
    expect(balancer503).toBeGreaterThan(0)
    expect(ready200).toEqual(instances.map(() => true))
    // Nobody restarted the bridges: the processes that saw the outage serve again.
    for (const [i, instance] of instances.entries()) {
      expect(instance.running()).toBe(true)
      expect(instance.pid()).toBe(pids[i])
    }
    for (const kind of ['password', 'session_reuse', 'code_pkce', 'openid_provider'] as const) {
      expect(before.outcome(kind).completed, kind).toBeGreaterThan(0)
      expect(outage.outcome(kind).completed + down.outcome(kind).completed, kind).toBe(0)
      expect(after.outcome(kind).completed, kind).toBeGreaterThanOrEqual(2)
    }
    expect(after.replays.get('refused')).toBeGreaterThan(0)
    expect(ledger.expected).toBeGreaterThan(0)
    expect(ledger.missing).toEqual([])
    expect(ledger.unasked).toEqual([])
    expect(ledger.jtiChanged).toEqual([])
    expect(after.replays.get('accepted') ?? 0).toBe(0)
    // A bridge's only 5xx is the outage's 503 temporarily_unavailable; no stack in any log.
    expect(
      tally.bridge5xx.filter((f) => f.status !== 503 || f.code !== 'temporarily_unavailable'),
    ).toEqual([])
    expect(logs.flatMap((log) => log.stackLines)).toEqual([])
  }, 100_000)
})

/** A page, /token (JSON) and the OpenID Provider's authorization endpoint, asked directly. */
async function outageAnswers(url: string) {
  const ask = async (what: string, path: string, init: RequestInit = {}) => {
    const response = await fetch(url + path, { ...init, redirect: 'manual' })
    return { what, status: response.status, code: errorCodeOf(await response.text()) }
  }
  const query = new URLSearchParams({ app: SHOP.id, redirect_uri: SHOP.callback, state: 's' })
  const op = new URLSearchParams({
    client_id: CRM.id,
    redirect_uri: CRM.callback,
    response_type: 'code',
    scope: 'openid',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  })
  return Promise.all([
    ask('page', `/authorize?${query}`),
    ask('token', '/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: NOTES.id,
        code: 'x',
        redirect_uri: NOTES.callback,
        code_verifier: 'v'.repeat(43),
      }).toString(),
    }),
    ask('openid', `/oidc/authorize?${op}`),
  ])
}

const completions = (report: LoadReport) =>
  KINDS.map((kind) => `${kind} ${report.outcome(kind).completed}`).join(', ')

const failures = (report: LoadReport) =>
  KINDS.flatMap((kind) => [...report.outcome(kind).clean].map(([what, n]) => `${what} ×${n}`)).join(
    '; ',
  ) || 'no failures'

function logLine(logs: ReturnType<BridgeInstance['logFindings']>[]): string {
  const errors = new Map<string, number>()
  for (const log of logs)
    for (const [msg, n] of log.errors) errors.set(msg, (errors.get(msg) ?? 0) + n)
  const listed = [...errors].map(([msg, n]) => `${msg} ×${n}`).join(', ') || 'none'
  return `bridge logs: error lines ${listed}; stack trace lines ${logs.flatMap((l) => l.stackLines).length}`
}
