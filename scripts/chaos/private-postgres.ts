/**
 * A Postgres cluster of the test's own (initdb in a temp folder, a free port, its socket in that
 * folder), so that a test can stop and start the server without touching the shared one other test
 * files use. Run as the `postgres` user when the test runs as root (initdb refuses root).
 */
import { execFile } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { freePort } from '../free-port.js'

const run = promisify(execFile)
const COMMAND_TIMEOUT_MS = 60_000

export interface PrivatePostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string
  port: number
  /** pg_ctl stop -m fast: every connection is cut, as in a crash of the server. */
  stop(): Promise<void>
  start(): Promise<void>
  /** Stops the server and removes the cluster. */
  destroy(): Promise<void>
}

/** The newest installed server's bin folder (/usr/lib/postgresql/<version>/bin), if any. */
export function postgresBinDir(root = '/usr/lib/postgresql'): string | undefined {
  if (!existsSync(root)) return undefined
  // The glob /usr/lib/postgresql/*/bin/initdb, by hand: fs.globSync needs Node 22.
  return readdirSync(root)
    .filter((version) => /^\d+$/.test(version))
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => join(root, version, 'bin'))
    .find((bin) => existsSync(join(bin, 'initdb')))
}

export async function startPrivatePostgres(bin: string): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'ssobridge-chaos-pg-'))
  const asRoot = userInfo().uid === 0
  if (asRoot) {
    const postgres = await run('id', ['-u', 'postgres'])
    const group = await run('id', ['-g', 'postgres'])
    chownSync(dir, Number(postgres.stdout), Number(group.stdout))
  }
  const command = (program: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(bin, program), ...args], {
          timeout: COMMAND_TIMEOUT_MS,
        })
      : run(join(bin, program), args, { timeout: COMMAND_TIMEOUT_MS })
  const data = join(dir, 'data')
  const port = await freePort()
  const serverOptions = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    // A throwaway cluster: durability buys nothing here.
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
  ].join(' ')
  const pgCtl = (...args: string[]) => command('pg_ctl', ['-D', data, ...args])

  await command('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync'])
  const start = async () => {
    await pgCtl('-o', serverOptions, '-l', join(dir, 'server.log'), '-w', '-t', '30', 'start')
  }
  const stop = async () => {
    await pgCtl('-m', 'fast', '-w', '-t', '30', 'stop')
  }
  await start()
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    async destroy() {
      await stop().catch(() => undefined)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
