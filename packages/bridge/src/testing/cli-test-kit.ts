/** CLI tests: each test gets its own empty data folder and environment, and runs `main` in-process. */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach } from 'vitest'
import { testEnv } from './bridge-fixture.js'
import { main } from '../cli/main.js'

export function cliSandbox() {
  const saved = { ...process.env }
  const sandbox = { dir: '' }
  beforeEach(() => {
    sandbox.dir = mkdtempSync(join(tmpdir(), 'ssobridge-cli-'))
    Object.assign(process.env, testEnv, {
      SSOBRIDGE_DATA_DIR: sandbox.dir,
      DATABASE_URL: '',
      SSOBRIDGE_ISSUER: 'http://localhost:4000',
      SSOBRIDGE_ACTOR: 'ops',
    })
  })
  afterEach(() => {
    process.env = { ...saved }
  })
  return sandbox
}

/** Runs one command; `text` is its standard output as one string. */
export async function runCli(...argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) })
  return { code, out, err, text: out.join('\n') }
}
