/**
 * Several shipped bridges on one database: `node packages/bridge/bin/ssobridge.js start` (plain
 * node on dist/, no tsx), each from its own temp folder outside the repo, all with the same
 * config file and SSOBRIDGE_SECRET_KEY. An instance keeps its port across a kill and a restart,
 * so the balancer's server line stays right. Only HTTP and signals cross the boundary.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { freePort } from '../free-port.js'

const bin = resolve(import.meta.dirname, '../../packages/bridge/bin/ssobridge.js')
const built = resolve(import.meta.dirname, '../../packages/bridge/dist/cli/main.js')
const READY_TIMEOUT_MS = 20_000
const STOP_TIMEOUT_MS = 5_000

export interface BridgeInstance {
  name: string
  port: number
  url: string
  /** Running since the last start(). */
  running(): boolean
  /** The process id of the last start(). */
  pid(): number | undefined
  start(): Promise<void>
  /** SIGKILL: no drain, no closing of storage, as when a machine dies. */
  kill(): Promise<void>
  stop(): Promise<void>
  /** The last bytes of this instance's stderr (every start appends). */
  log(chars?: number): string
  /** Its stderr read as the JSON lines it should be: error lines by message, and lines of a stack trace. */
  logFindings(): { errors: Map<string, number>; stackLines: string[] }
}

export interface BridgeCluster {
  instances: BridgeInstance[]
  stop(): Promise<void>
}

export async function startBridgeCluster(options: {
  dir: string
  count: number
  configPath: string
  databaseUrl: string
  env: Record<string, string>
}): Promise<BridgeCluster> {
  if (!existsSync(built)) throw new Error(`no ${built}: run npm run build first`)
  const secretKey = randomBytes(32).toString('hex')
  const instances: BridgeInstance[] = []
  for (let i = 1; i <= options.count; i++) {
    const home = join(options.dir, `bridge-${i}`)
    mkdirSync(home, { recursive: true })
    instances.push(
      bridgeInstance(
        `b${i}`,
        home,
        await freePort(),
        {
          PATH: process.env.PATH ?? '',
          SSOBRIDGE_DATA_DIR: join(home, 'data'),
          SSOBRIDGE_SECRET_KEY: secretKey,
          SSOBRIDGE_LOG_LEVEL: 'warn',
          DATABASE_URL: options.databaseUrl,
          ...options.env,
        },
        options.configPath,
      ),
    )
  }
  const cluster = {
    instances,
    stop: async () => {
      await Promise.all(instances.map((instance) => instance.stop()))
    },
  }
  try {
    // One after the other: the first migrates the schema and applies the config alone.
    for (const instance of instances) await instance.start()
  } catch (error) {
    await cluster.stop()
    throw error
  }
  return cluster
}

function bridgeInstance(
  name: string,
  home: string,
  port: number,
  env: Record<string, string>,
  configPath: string,
): BridgeInstance {
  const url = `http://127.0.0.1:${port}`
  const stderrPath = join(home, 'stderr.log')
  let child: ChildProcess | undefined
  let exited: Promise<void> = Promise.resolve()
  const alive = () => child !== undefined && child.exitCode === null && child.signalCode === null

  const instance: BridgeInstance = {
    name,
    port,
    url,
    running: alive,
    pid: () => child?.pid,
    async start() {
      if (alive()) throw new Error(`${name} is already running`)
      // stdout carries the one-time admin setup link: kept in a file, never printed.
      const out = openSync(join(home, 'stdout.log'), 'a')
      const err = openSync(stderrPath, 'a')
      const started = spawn(
        process.execPath,
        [bin, 'start', '--config', configPath, '--port', String(port), '--host', '127.0.0.1'],
        { cwd: home, env, stdio: ['ignore', out, err] },
      )
      closeSync(out)
      closeSync(err)
      child = started
      exited = new Promise<void>((done) => started.once('exit', () => done()))
      const until = Date.now() + READY_TIMEOUT_MS
      while (Date.now() < until) {
        if (!alive()) throw new Error(`${name} exited at start:\n${instance.log()}`)
        if ((await statusOf(`${url}/healthz/ready`)) === 200) return
        await sleep(25)
      }
      throw new Error(`${name} not ready within ${READY_TIMEOUT_MS} ms:\n${instance.log()}`)
    },
    async kill() {
      if (!alive()) return
      child!.kill('SIGKILL')
      await exited
    },
    async stop() {
      if (!alive()) return
      child!.kill('SIGTERM')
      const timer = setTimeout(() => child?.kill('SIGKILL'), STOP_TIMEOUT_MS)
      await exited
      clearTimeout(timer)
    },
    logFindings() {
      const errors = new Map<string, number>()
      const stackLines: string[] = []
      for (const line of instance.log(Number.MAX_SAFE_INTEGER).split('\n')) {
        if (!line.trim()) continue
        try {
          const entry = JSON.parse(line) as { level?: string; msg?: string }
          if (entry.level === 'error')
            errors.set(`${entry.msg}`, (errors.get(`${entry.msg}`) ?? 0) + 1)
        } catch {
          // The CLI's own one-line messages (a signal, say) are not JSON and carry no stack.
          if (/^\s+at |node:internal|Error:/.test(line)) stackLines.push(line.slice(0, 200))
        }
      }
      return { errors, stackLines }
    },
    log(chars = 4000) {
      try {
        return readFileSync(stderrPath, 'utf8').slice(-chars)
      } catch {
        return '(no log)'
      }
    },
  }
  return instance
}

/** The status of one GET, or 0 when nothing answers. */
export async function statusOf(url: string): Promise<number> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) })
    await response.body?.cancel()
    return response.status
  } catch {
    return 0
  }
}
