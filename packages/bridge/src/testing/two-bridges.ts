/**
 * Two `ssobridge start` processes (real OS processes, through spawnCli) on one Postgres schema,
 * with one master key, one config and one public URL, as behind a load balancer. A visitor's
 * browser keeps one cookie jar and can send each request to either process; what a process
 * refused is read back from its own JSON log lines (code and reason never reach the client).
 */
import type { ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../../../../scripts/free-port.js'
import { ISSUER } from './bridge-fixture.js'
import { spawnCli, type CliProcess } from './cli-process.js'
import { TestBrowser } from './test-browser.js'

export type Side = 0 | 1

/** One JSON log line that carries a `reason`: a refusal, as the process saw it. */
export interface LoggedRefusal {
  msg: string
  reason: string
  code?: string
  path?: string
}

/** What `fetch` gets for a request to the public URL, sent to one process. */
export interface Fetchable {
  request(href: string, init?: RequestInit): Promise<Response>
}

const LOG_WAIT_MS = 3000

export async function startTwoBridges(options: {
  /** The config file's content; its issuer should be ISSUER, the URL nothing listens on. */
  config: Record<string, unknown>
  /** DATABASE_URL of both: one schema. */
  databaseUrl: string
  env?: Record<string, string>
}) {
  const dir = mkdtempSync(join(tmpdir(), 'ssobridge-two-'))
  const configFile = join(dir, 'ssobridge.json')
  writeFileSync(configFile, JSON.stringify(options.config))
  const children: ChildProcess[] = []
  const env = {
    ...options.env,
    DATABASE_URL: options.databaseUrl,
    SSOBRIDGE_SECRET_KEY: randomBytes(32).toString('hex'),
    // Refusals are logged at info, with their code and reason.
    SSOBRIDGE_LOG_LEVEL: 'info',
  }
  const start = async (side: Side): Promise<Started> => {
    const port = await freePort()
    const run = spawnCli(['start', '--config', configFile, '--port', String(port)], {
      env: { ...env, SSOBRIDGE_DATA_DIR: join(dir, `data-${side}`) },
      cwd: dir,
      children,
    })
    await run.printed(/ssobridge listening on/, 60_000)
    return { run, url: `http://127.0.0.1:${port}` }
  }
  const stop = () => Promise.all(children.map(stopChild))
  let processes: readonly [Started, Started]
  try {
    // One after the other: the first migrates and applies the config, the second finds it done.
    const first = await start(0)
    processes = [first, await start(1)]
  } catch (error) {
    // The caller gets nothing to close: stop what did start.
    await stop()
    rmSync(dir, { recursive: true, force: true })
    throw error
  }

  const fetchable = (side: Side): Fetchable => ({
    request: (href, init) =>
      fetch(href.replace(ISSUER, processes[side].url), { ...init, redirect: 'manual' }),
  })

  return {
    processes,
    fetchable,
    /** A browser on the public URL whose requests go to `side`; share `cookies` to switch. */
    browser: (side: Side, cookies?: Map<string, string>) =>
      new TestBrowser(fetchable(side), ISSUER, cookies),
    /** A browser whose requests go to one process and the next, in turn, like a balancer's. */
    roundRobin() {
      let turn = 0
      return new TestBrowser(
        {
          request: (href, init) => fetchable(turn++ % 2 === 0 ? 0 : 1).request(href, init),
        },
        ISSUER,
      )
    },
    /** The same browser (same cookies) sending its next requests to the other process. */
    switchTo: (side: Side, browser: TestBrowser) =>
      new TestBrowser(fetchable(side), ISSUER, browser.cookies),
    /**
     * Runs `request` against `side` and waits for the refusal that process logged for it; fails
     * when none comes. The log is a pipe: the line may arrive a moment after the response.
     */
    async refusedBy<T>(
      side: Side,
      request: () => T | Promise<T>,
    ): Promise<{ result: T; refusal: LoggedRefusal }> {
      const output = () => processes[side].run.output().stderr
      const from = output().length
      const result = await request()
      const until = Date.now() + LOG_WAIT_MS
      for (;;) {
        const refusal = refusalsIn(output().slice(from))[0]
        if (refusal) return { result, refusal }
        if (Date.now() > until) throw new Error(`process ${side} logged no refusal`)
        await new Promise((done) => setTimeout(done, 20))
      }
    },
    async close() {
      await stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export type TwoBridges = Awaited<ReturnType<typeof startTwoBridges>>

interface Started {
  run: CliProcess
  url: string
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((done) => child.once('exit', done))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
  await exited
  clearTimeout(timer)
}

function refusalsIn(text: string): LoggedRefusal[] {
  const found: LoggedRefusal[] = []
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue
    try {
      const entry = JSON.parse(line) as Partial<LoggedRefusal>
      if (typeof entry.reason === 'string') found.push(entry as LoggedRefusal)
    } catch {
      // A line cut in the middle: the rest arrives with the next chunk.
    }
  }
  return found
}
