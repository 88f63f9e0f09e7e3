import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createStorage } from './create-storage.js'
import { createSqliteStorage } from './sqlite.js'
import { runStorageConformance } from './storage.conformance.js'

runStorageConformance('sqlite', async (clock) => {
  const dir = mkdtempSync(join(tmpdir(), 'ssobridge-sqlite-'))
  const storage = await createSqliteStorage({
    filename: join(dir, 'nested', 'test.db'),
    now: clock.now,
  })
  await storage.migrate()
  return {
    storage,
    async cleanup() {
      await storage.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
})

describe('sqlite storage', () => {
  it('lets two processes migrate the same file at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ssobridge-sqlite-'))
    const file = join(dir, 'shared.db')
    const [a, b] = await Promise.all([
      createSqliteStorage({ filename: file }),
      createSqliteStorage({ filename: file }),
    ])
    await Promise.all([a.migrate(), b.migrate()])
    await a.set('ns', 'k', 'from a')
    expect(await b.get('ns', 'k')).toBe('from a')
    await Promise.all([a.close(), b.close()])
    rmSync(dir, { recursive: true, force: true })
  })

  it('is chosen by createStorage for no URL, sqlite: and file paths, and refuses others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ssobridge-sqlite-'))
    for (const databaseUrl of [
      undefined,
      '',
      `sqlite:${join(dir, 'a.db')}`,
      join(dir, 'b.db'),
      'sqlite::memory:',
    ]) {
      const storage = await createStorage({ databaseUrl, dataDir: dir })
      expect(storage.kind).toBe('sqlite')
      await storage.set('ns', 'k', 1)
      await storage.close()
    }
    await expect(
      createStorage({ databaseUrl: 'mysql://root:hunter2@db/x', dataDir: dir }),
    ).rejects.toThrow(/^DATABASE_URL must be/)
    await expect(
      createStorage({ databaseUrl: 'mysql://root:hunter2@db/x', dataDir: dir }),
    ).rejects.not.toThrow(/hunter2/)
    rmSync(dir, { recursive: true, force: true })
  })
})
