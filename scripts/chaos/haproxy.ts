/**
 * HAProxy from Debian's package in front of the bridges, in the foreground on a loopback port with
 * a config written to a temp folder: round robin, health checks on /healthz/ready, and two marks
 * that tell who produced a response. A response from a server gets `X-Chaos-Server: <name>`
 * (http-response rules run only on server responses); a response HAProxy made itself (no server
 * up, a server that died mid-response) comes from an errorfile carrying `X-Chaos-Balancer`.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

export const HAPROXY_BIN = '/usr/sbin/haproxy'
export const SERVER_HEADER = 'x-chaos-server'
export const BALANCER_HEADER = 'x-chaos-balancer'

const ERROR_STATUSES: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}
const START_TIMEOUT_MS = 10_000

export interface Backend {
  name: string
  port: number
}

export interface ServerStat {
  name: string
  /** UP, DOWN, `UP 1/2` (going down), `DOWN 1/2` (coming up), MAINT… */
  status: string
  /** Sessions the balancer sent it since HAProxy started. */
  sessions: number
}

export interface Haproxy {
  url: string
  stats(): Promise<ServerStat[]>
  /** Resolves once every named server is UP, bounded. */
  waitUp(names: string[], timeoutMs?: number): Promise<void>
  output(): string
  stop(): Promise<void>
}

export const haproxyInstalled = (): boolean => existsSync(HAPROXY_BIN)

export function haproxyConfig(dir: string, port: number, backends: Backend[]): string {
  const errorfiles = Object.entries(ERROR_STATUSES).map(([status, reason]) => {
    const file = join(dir, `${status}.http`)
    writeFileSync(
      file,
      [
        `HTTP/1.0 ${status} ${reason}`,
        'Cache-Control: no-cache',
        'Connection: close',
        'Content-Type: text/plain',
        `X-Chaos-Balancer: ${status}`,
        '',
        `haproxy: ${reason}`,
        '',
      ].join('\r\n'),
    )
    return `  errorfile ${status} ${file}`
  })
  return [
    'global',
    `  stats socket ${join(dir, 'admin.sock')} mode 600 level admin`,
    '  maxconn 512',
    'defaults',
    '  mode http',
    '  timeout connect 1s',
    '  timeout client 15s',
    '  timeout server 15s',
    '  timeout check 1s',
    // A connection refused (an instance just killed) is tried again, on another server.
    '  retries 3',
    '  option redispatch 1',
    ...errorfiles,
    'frontend public',
    `  bind 127.0.0.1:${port}`,
    '  default_backend bridges',
    'backend bridges',
    '  balance roundrobin',
    '  option httpchk GET /healthz/ready',
    '  http-check expect status 200',
    `  http-response set-header X-Chaos-Server %s`,
    '  default-server inter 250ms fastinter 100ms downinter 250ms fall 2 rise 2',
    ...backends.map(({ name, port }) => `  server ${name} 127.0.0.1:${port} check`),
    '',
  ].join('\n')
}

export async function startHaproxy(
  dir: string,
  port: number,
  backends: Backend[],
): Promise<Haproxy> {
  const configPath = join(dir, 'haproxy.cfg')
  writeFileSync(configPath, haproxyConfig(dir, port, backends))
  const socket = join(dir, 'admin.sock')
  const child: ChildProcess = spawn(HAPROXY_BIN, ['-db', '-f', configPath], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-16_384))
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const exited = new Promise<void>((done) => child.once('exit', () => done()))

  const stats = async (): Promise<ServerStat[]> => {
    const csv = await askSocket(socket, 'show stat\n')
    const [header = '', ...rows] = csv.replace(/^# /, '').trim().split('\n')
    const column = (name: string) => header.split(',').indexOf(name)
    const [px, sv, status, stot] = ['pxname', 'svname', 'status', 'stot'].map(column)
    return rows
      .map((row) => row.split(','))
      .filter((cells) => cells[px!] === 'bridges' && !['FRONTEND', 'BACKEND'].includes(cells[sv!]!))
      .map((cells) => ({
        name: cells[sv!]!,
        status: cells[status!]!,
        sessions: Number(cells[stot!]),
      }))
  }

  const haproxy: Haproxy = {
    url: `http://127.0.0.1:${port}`,
    stats,
    async waitUp(names, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs
      let last: ServerStat[] = []
      while (Date.now() < until) {
        last = await stats().catch(() => [])
        if (names.every((name) => last.find((s) => s.name === name)?.status === 'UP')) return
        await sleep(50)
      }
      throw new Error(`HAProxy: not all of ${names.join(', ')} UP: ${JSON.stringify(last)}`)
    },
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGKILL')
      await exited
    },
  }
  const until = Date.now() + START_TIMEOUT_MS
  for (;;) {
    if (child.exitCode !== null) throw new Error(`haproxy exited at start:\n${output}`)
    if (
      await stats().then(
        () => true,
        () => false,
      )
    )
      return haproxy
    if (Date.now() > until) {
      await haproxy.stop()
      throw new Error(`haproxy did not answer on its stats socket:\n${output}`)
    }
    await sleep(50)
  }
}

/** One command on HAProxy's stats socket; it answers and closes. */
function askSocket(path: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(path)
    let answer = ''
    socket.setTimeout(2000, () => socket.destroy(new Error('stats socket timed out')))
    socket.on('connect', () => socket.write(command))
    socket.on('data', (chunk) => (answer += chunk.toString()))
    socket.on('end', () => resolve(answer))
    socket.on('error', reject)
  })
}
