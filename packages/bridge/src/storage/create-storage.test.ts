import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createStorage } from './create-storage.js'
import { driverOf } from './storage.conformance.js'

describe('createStorage', () => {
  let dir = ''
  beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'ssobridge-create-'))))
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  const opened = async (databaseUrl: string | undefined) => {
    const storage = await createStorage({ databaseUrl, dataDir: dir })
    // Migrated before it is returned: writing works at once.
    await driverOf(storage).set('ns', 'k', 1)
    await storage.close()
    return storage.kind
  }

  it('opens data/ssobridge.db when no URL is given', async () => {
    expect(await opened(undefined)).toBe('sqlite')
    expect(await opened('  ')).toBe('sqlite')
    expect(existsSync(join(dir, 'ssobridge.db'))).toBe(true)
  })

  it('opens SQLite for sqlite: and file: URLs and bare paths', async () => {
    const urls = {
      'sqlite:PATH': `sqlite:${join(dir, 'a.db')}`,
      'sqlite://PATH': `sqlite://${join(dir, 'b.db')}`,
      'file:PATH': `file:${join(dir, 'c.db')}`,
      'file URL': pathToFileURL(join(dir, 'd d.db')).href,
      'a bare path': join(dir, 'e.db'),
    }
    for (const url of Object.values(urls)) expect(await opened(url)).toBe('sqlite')
    for (const file of ['a.db', 'b.db', 'c.db', 'd d.db', 'e.db']) {
      expect(existsSync(join(dir, file))).toBe(true)
    }
    expect(await opened('sqlite::memory:')).toBe('sqlite')
  })

  it('refuses other schemes, naming the accepted forms and never the URL', async () => {
    const urls = [
      'mysql://root:hunter2@db/x',
      'postgress://u:hunter2@h/d',
      'postgres:/hunter2',
      'sqlite:',
    ]
    for (const url of urls) {
      const error = await createStorage({ databaseUrl: url, dataDir: dir }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(Error)
      expect((error as Error).message).toMatch(/postgres:\/\/.*sqlite:PATH.*file:PATH.*file path/)
      expect((error as Error).message).not.toContain('hunter2')
    }
  })
})
