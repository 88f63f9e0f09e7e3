/**
 * `ssobridge` as a real process (tsx, from a folder that is not the repo), for tests of what an
 * operator sees: its output, its exit code, the port it serves on.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { tsxLoader } from '../../../../scripts/tsx-loader.js'

const repo = fileURLToPath(new URL('../../../..', import.meta.url))
const mainTs = fileURLToPath(new URL('../cli/main.ts', import.meta.url))
// Arguments travel in the environment: after -e, node itself would take `--version`.
const runCli = `import { main } from ${JSON.stringify(mainTs)}; process.exitCode = await main(JSON.parse(process.env.CLI_ARGS))`

export type CliProcess = ReturnType<typeof spawnCli>

export function spawnCli(
  args: string[],
  {
    env = {},
    cwd,
    children,
  }: { env?: Record<string, string>; cwd: string; children: ChildProcess[] },
) {
  const child = spawn(
    process.execPath,
    ['--import', tsxLoader, '--input-type=module', '-e', runCli],
    {
      cwd,
      env: {
        PATH: process.env.PATH,
        // tsx needs the repo's tsconfig for JSX; the process itself runs in another folder.
        TSX_TSCONFIG_PATH: join(repo, 'tsconfig.json'),
        CLI_ARGS: JSON.stringify(args),
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
    /** Resolves with the first match of `pattern` on stdout; bounded. */
    async printed(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> {
      const until = Date.now() + timeoutMs
      for (;;) {
        const match = pattern.exec(stdout)
        if (match) return match
        if (Date.now() > until || child.exitCode !== null) {
          throw new Error(`never printed ${String(pattern)}:\n${stdout}\n${stderr}`)
        }
        await new Promise((done) => setTimeout(done, 50))
      }
    },
  }
}
