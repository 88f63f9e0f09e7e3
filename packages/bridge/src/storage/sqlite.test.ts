import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tsxLoader } from '../../../../scripts/tsx-loader.js'
import { createSqliteStorage } from './sqlite.js'
import { driverOf, runStorageConformance } from './storage.conformance.js'

function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'ssobridge-sqlite-'))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

runStorageConformance('sqlite file', async (clock) => {
  const { dir, remove } = tempDir()
  // A folder that does not exist yet: the storage creates it.
  const filename = join(dir, 'nested', 'test.db')
  const storage = await createSqliteStorage({ filename, now: clock.now })
  return {
    storage,
    openAnother: () => createSqliteStorage({ filename, now: clock.now }),
    async cleanup() {
      await storage.close()
      remove()
    },
  }
})

runStorageConformance(
  'sqlite :memory:',
  async (clock) => {
    const storage = await createSqliteStorage({ filename: ':memory:', now: clock.now })
    return { storage, cleanup: () => storage.close() }
  },
  { singleHandle: true },
)

// One process cannot test this: better-sqlite3 is synchronous, so calls never overlap in it.
const CHILD = `
const [storageModule, filename, rounds] = process.argv.slice(1)
const { createSqliteStorage } = await import(storageModule)
process.stdout.write('ready\\n')
await new Promise((go) => process.stdin.once('data', go))
const storage = await createSqliteStorage({ filename })
await storage.migrate()
const counts = []
for (let i = 0; i < Number(rounds); i++) counts.push(await storage.increment('c', 'k', 60))
await storage.close()
process.stdout.write(JSON.stringify(counts) + '\\n')
`

/** Starts a node process running CHILD; `go()` releases it once every process is ready. */
function child(filename: string, rounds: number) {
  const module = new URL('./sqlite.ts', import.meta.url).href
  const proc = spawn(
    process.execPath,
    ['--import', tsxLoader, '--input-type=module', '-e', CHILD, module, filename, String(rounds)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  )
  let out = ''
  proc.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
  const ready = new Promise<void>((resolve, reject) => {
    proc.stdout.on('data', () => out.startsWith('ready\n') && resolve())
    proc.on('exit', () => reject(new Error('child exited before it was ready')))
  })
  const done = new Promise<number[]>((resolve, reject) =>
    proc.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.slice('ready\n'.length)) as number[])
        : reject(new Error(`child exited with ${code}`)),
    ),
  )
  return { ready, done, go: () => proc.stdin.end('go\n') }
}

describe('sqlite storage', () => {
  it('lets four processes open, migrate and count on one new file at once', async () => {
    const { dir, remove } = tempDir()
    try {
      const file = join(dir, 'shared.db')
      const children = Array.from({ length: 4 }, () => child(file, 200))
      await Promise.all(children.map((c) => c.ready))
      for (const c of children) c.go()
      const counts = (await Promise.all(children.map((c) => c.done))).flat()
      expect(counts.sort((a, b) => a - b)).toEqual(Array.from({ length: 800 }, (_, i) => i + 1))
      const storage = await createSqliteStorage({ filename: file })
      expect(await driverOf(storage).get('c', 'k')).toBe(800)
      await storage.close()
    } finally {
      remove()
    }
  }, 60_000)

  it('writes ahead to a log (WAL), so readers do not block the writer', async () => {
    const { dir, remove } = tempDir()
    try {
      const file = join(dir, 'wal.db')
      const storage = await createSqliteStorage({ filename: file })
      await storage.migrate()
      await driverOf(storage).set('ns', 'k', 1)
      expect(existsSync(`${file}-wal`)).toBe(true)
      await storage.close()
      await storage.close()
    } finally {
      remove()
    }
  })
})
