/**
 * Child processes of the installed test: each in its own process group (so that killing `npx`
 * also kills the server it started), with a clean environment, bounded waits and its output kept
 * for the error message.
 */
import { spawn, type ChildProcess } from 'node:child_process'

const OUTPUT_LIMIT = 64 * 1024

/**
 * What a user's shell would have, and nothing of the test runner's: no NODE_OPTIONS or loader
 * of Playwright's, no npm_* variables of the `npm run` that started us, no DATABASE_URL.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TERM', 'USER']
  const base = Object.fromEntries(
    keep.flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]]])),
  )
  return { ...base, NO_COLOR: '1', ...extra }
}

export interface Started {
  name: string
  child: ChildProcess
  /** The last 64 KB of stdout and stderr. */
  output(): string
  exited(): boolean
}

export function start(
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Started {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_LIMIT)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  let exited = false
  child.once('exit', () => (exited = true))
  child.once('error', (error) => keep(Buffer.from(`\n${name}: ${error.message}\n`)))
  return { name, child, output: () => output, exited: () => exited || child.exitCode !== null }
}

/** Runs a command to its end; throws with its output on a non-zero exit or after `timeoutMs`. */
export async function run(
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<string> {
  const started = start(name, command, args, options)
  const code = await new Promise<number | string>((done) => {
    const timer = setTimeout(() => done('timeout'), options.timeoutMs)
    started.child.once('exit', (exitCode, signal) => {
      clearTimeout(timer)
      done(exitCode ?? String(signal))
    })
    started.child.once('error', () => {
      clearTimeout(timer)
      done('spawn error')
    })
  })
  if (code === 'timeout') await stop(started)
  if (code !== 0) {
    throw new Error(
      `${name} failed (${code === 'timeout' ? `no end after ${options.timeoutMs} ms` : `exit ${code}`}): ` +
        `${command} ${args.join(' ')}\n${started.output()}`,
    )
  }
  return started.output()
}

/** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stop(started: Started, graceMs = 5_000): Promise<void> {
  const { child } = started
  if (child.pid === undefined || started.exited()) return
  const gone = new Promise<void>((done) => child.once('exit', () => done()))
  signalGroup(child, 'SIGTERM')
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs)
  await Promise.race([gone, new Promise((done) => setTimeout(done, graceMs + 2_000))])
  clearTimeout(timer)
}

export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    // Already gone.
  }
}

/**
 * Polls `probe` until it resolves true, failing at once with the output of a process that died
 * and after `timeoutMs` in any case.
 */
export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  options: { timeoutMs: number; process?: Started },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs
  let last = 'no answer yet'
  while (Date.now() < deadline) {
    if (options.process?.exited()) {
      throw new Error(`${what}: ${options.process.name} exited\n${options.process.output()}`)
    }
    try {
      if (await probe()) return
    } catch (error) {
      last = (error as Error).message
    }
    await new Promise((done) => setTimeout(done, 250))
  }
  const output = options.process ? `\n${options.process.output()}` : ''
  throw new Error(`${what}: not ready after ${options.timeoutMs} ms (${last})${output}`)
}

/** A GET with a timeout of its own, so that a hung server cannot hang the wait. */
export async function get(url: string, timeoutMs = 2_000): Promise<Response> {
  return fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' })
}
