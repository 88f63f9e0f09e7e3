/**
 * `ssobridge start` as a real process, started from a folder that is not the repo: bad input
 * gets one line and a non-zero exit, and a signal lets requests in flight finish.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { freePort } from '../../../../scripts/free-port.js'
import { tsxLoader } from '../../../../scripts/tsx-loader.js'

const repo = fileURLToPath(new URL('../../../..', import.meta.url))
const mainTs = fileURLToPath(new URL('./main.ts', import.meta.url))
// tsx needs the repo's tsconfig for JSX; the process itself runs in another folder.
// Arguments travel in the environment: after -e, node itself would take `--version`.
const runCli = `import { main } from ${JSON.stringify(mainTs)}; process.exitCode = await main(JSON.parse(process.env.CLI_ARGS))`

let dir: string
const children: ChildProcess[] = []
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ssobridge-start-'))
})
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
  rmSync(dir, { recursive: true, force: true })
})

function cli(args: string[], env: Record<string, string> = {}, cwd = dir) {
  const child = spawn(
    process.execPath,
    ['--import', tsxLoader, '--input-type=module', '-e', runCli],
    {
      cwd,
      env: {
        PATH: process.env.PATH,
        TSX_TSCONFIG_PATH: join(repo, 'tsconfig.json'),
        CLI_ARGS: JSON.stringify(args),
        // Bad input tests count lines: only errors, not the development key's warning.
        SSOBRIDGE_LOG_LEVEL: 'error',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  children.push(child)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk))
  const exited = once(child, 'exit').then(([code]) => code as number | null)
  return {
    child,
    exited,
    output: () => ({ stdout, stderr }),
    /** Resolves when stdout has printed `text`; bounded. */
    async printed(text: string, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs
      while (!stdout.includes(text)) {
        if (Date.now() > until || child.exitCode !== null) {
          throw new Error(`never printed ${text}:\n${stdout}\n${stderr}`)
        }
        await new Promise((done) => setTimeout(done, 50))
      }
    },
  }
}

const config = (issuer: string, extra = '') => `
issuer: ${issuer}
connections:
  - { id: staff, type: local }
apps:
  - id: shop
    callbackUrls: [http://127.0.0.1:4001/sso/callback]
    connections: [staff]
    signing: { alg: HS256, secret: ${extra || 'env:SHOP_SSO_SECRET'} }
`
const secret = { SHOP_SSO_SECRET: 's'.repeat(40) }

/** Exits non-zero with one line on stderr and no stack trace. */
async function refused(run: ReturnType<typeof cli>) {
  const code = await run.exited
  const { stderr } = run.output()
  expect(code).not.toBe(0)
  expect(stderr.trim().split('\n')).toHaveLength(1)
  expect(stderr).not.toMatch(/\n\s+at |node:internal|\.ts:\d+/)
  return stderr.trim()
}

describe('ssobridge start, bad input', () => {
  it('names a config path that does not exist, or a folder', async () => {
    const missing = join(dir, 'nope.yaml')
    expect(await refused(cli(['start', '--config', missing]))).toBe(
      `config file ${missing} does not exist`,
    )
    expect(await refused(cli(['start'], { SSOBRIDGE_CONFIG: dir }))).toBe(
      `config file ${dir} is a folder, not a file`,
    )
  })

  it('refuses a port that is not a number, and one in use', async () => {
    expect(await refused(cli(['start'], { PORT: 'abc' }))).toBe(
      'ssobridge: PORT must be a whole number from 0 to 65535 (got "abc")',
    )
    expect(await refused(cli(['start', '--port', '70000']))).toMatch(/^ssobridge: --port must be/)
    const taken = createServer()
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done))
    const port = (taken.address() as { port: number }).port
    try {
      expect(await refused(cli(['start', '--port', String(port)]))).toBe(
        `ssobridge: port ${port} on 127.0.0.1 is already in use`,
      )
    } finally {
      taken.close()
    }
  })

  it('refuses a metrics port that is not a number, or is the public port', async () => {
    expect(await refused(cli(['start', '--metrics-port', 'nine']))).toBe(
      'ssobridge: --metrics-port must be a whole number from 0 to 65535 (got "nine")',
    )
    expect(await refused(cli(['start'], { SSOBRIDGE_METRICS_PORT: '1e3' }))).toBe(
      'ssobridge: SSOBRIDGE_METRICS_PORT must be a whole number from 0 to 65535 (got "1e3")',
    )
    expect(await refused(cli(['start', '--port', '4100', '--metrics-port', '4100']))).toBe(
      'ssobridge: --metrics-port must differ from the public port (4100): metrics are never served there',
    )
    expect(await refused(cli(['start'], { PORT: '4100', SSOBRIDGE_METRICS_PORT: '4100' }))).toBe(
      'ssobridge: SSOBRIDGE_METRICS_PORT must differ from the public port (4100): metrics are never served there',
    )
    expect(await refused(cli(['start', '--metrics-host', '127.0.0.1']))).toBe(
      'ssobridge: --metrics-host needs --metrics-port or SSOBRIDGE_METRICS_PORT',
    )
  })

  it('will not start an https issuer without a master key, and says how to make one', async () => {
    writeFileSync(join(dir, 'c.yaml'), config('https://sso.example.com'))
    const line = await refused(cli(['start', '--config', 'c.yaml', '--port', '0'], secret))
    expect(line).toContain(
      'SSOBRIDGE_SECRET_KEY is not set (the issuer https://sso.example.com is https)',
    )
    expect(line).toContain('openssl rand -hex 32')
  })

  it('names an unreadable file: secret by field and path, never a value', async () => {
    writeFileSync(join(dir, 'c.yaml'), config('http://localhost:4000', 'file:secrets/shop'))
    const run = cli(['start', '--config', join(dir, 'c.yaml'), '--port', '0'])
    expect(await run.exited).toBe(1)
    expect(run.output().stderr).toContain(
      `apps[0].signing.secret: cannot read secret file ${join(dir, 'secrets', 'shop')} (ENOENT)`,
    )
  })
})

describe('ssobridge start, running', () => {
  async function started(env: Record<string, string> = {}) {
    const port = await freePort()
    writeFileSync(join(dir, 'c.yaml'), config(`http://localhost:${port}`))
    // Started from a sub-folder: the data folder is next to the config, not where it runs.
    mkdirSync(join(dir, 'elsewhere'), { recursive: true })
    const run = cli(
      ['start'],
      {
        ...secret,
        SSOBRIDGE_CONFIG: join(dir, 'c.yaml'),
        PORT: String(port),
        SSOBRIDGE_LOG_LEVEL: 'warn',
        ...env,
      },
      join(dir, 'elsewhere'),
    )
    await run.printed('ssobridge listening on')
    return { run, port, url: `http://127.0.0.1:${port}` }
  }

  /** A POST /token whose body is still on its way: a request in flight. */
  async function requestInFlight(port: number) {
    const socket = connect(port, '127.0.0.1')
    await once(socket, 'connect')
    const body = 'grant_type=authorization_code&code=x'
    socket.write(
      `POST /token HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
        `Content-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
    )
    let response = ''
    socket.on('data', (chunk: Buffer) => (response += chunk))
    const ended = once(socket, 'close')
    return { socket, finish: () => socket.write(body.slice(10)), ended, response: () => response }
  }

  it('serves readiness, keeps data next to its config, and reports its version', async () => {
    const { url, run } = await started()
    expect((await fetch(`${url}/healthz/ready`)).status).toBe(200)
    expect((await fetch(`${url}/healthz/live`)).status).toBe(200)
    expect(run.output().stderr).toContain(join(dir, 'data', 'secret.key'))
    const version = cli(['--version'])
    expect(await version.exited).toBe(0)
    expect(version.output().stdout.trim()).toMatch(/^\d+\.\d+\.\d+/)
  })

  it('serves metrics only with a metrics port, on loopback, never on the public port', async () => {
    const plain = await started()
    expect(plain.run.output().stdout).not.toContain('metrics on')
    expect((await fetch(`${plain.url}/metrics`)).status).toBe(404)
    plain.run.child.kill('SIGTERM')
    expect(await plain.run.exited).toBe(0)

    const metricsPort = await freePort()
    const { run, url } = await started({ SSOBRIDGE_METRICS_PORT: String(metricsPort) })
    await run.printed(`metrics on http://127.0.0.1:${metricsPort}/metrics`)
    expect((await fetch(`${url}/healthz/ready`)).status).toBe(200)
    expect((await fetch(`${url}/metrics`)).status).toBe(404)
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text()
    expect(text).toMatch(
      /^ssobridge_http_request_duration_seconds_count\{group="health",method="GET",status="200"\} 1$/m,
    )
    expect(text).toMatch(/^ssobridge_refusals_total\{code="not_found"\} 1$/m)
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m)
  })

  it('on SIGTERM stops taking connections, finishes the request in flight, then exits 0', async () => {
    const { run, port, url } = await started()
    const inFlight = await requestInFlight(port)
    await new Promise((done) => setTimeout(done, 200))
    run.child.kill('SIGTERM')
    await waitFor(() => run.output().stderr.includes('SIGTERM, finishing requests in flight'))
    await expect(fetch(`${url}/healthz/live`)).rejects.toThrow()
    inFlight.finish()
    await inFlight.ended
    expect(inFlight.response()).toMatch(/^HTTP\/1\.1 400 /)
    expect(inFlight.response()).toContain('"error":"invalid_request"')
    expect(await run.exited).toBe(0)
  })

  it('cuts a request that outlives the grace period, and exits at once on a second signal', async () => {
    const slow = await started({ SSOBRIDGE_SHUTDOWN_TIMEOUT: '1' })
    const stuck = await requestInFlight(slow.port)
    const before = Date.now()
    slow.run.child.kill('SIGTERM')
    expect(await slow.run.exited).toBe(0)
    await stuck.ended
    expect(Date.now() - before).toBeGreaterThanOrEqual(900)
    expect(stuck.response()).toBe('')

    const twice = await started()
    const held = await requestInFlight(twice.port)
    twice.run.child.kill('SIGTERM')
    await waitFor(() => twice.run.output().stderr.includes('finishing requests in flight'))
    twice.run.child.kill('SIGTERM')
    expect(await twice.run.exited).toBe(143)
    expect(twice.run.output().stderr).toContain('SIGTERM again, stopping now')
    held.socket.destroy()
  })
})

async function waitFor(check: () => boolean, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out')
    await new Promise((done) => setTimeout(done, 25))
  }
}
