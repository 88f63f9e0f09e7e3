/** The translations that follow the console's saved overrides: merge order, rebuilds, faults. */
import { describe, expect, it } from 'vitest'
import { saveStringOverrides, STRING_OVERRIDES } from './domain/string-overrides.js'
import { createLiveTranslations, mergeOverrides } from './live-translations.js'
import { readCache } from './storage/read-cache.js'
import { READ_MOSTLY_NAMESPACES } from './storage/read-mostly.js'
import type { Storage } from './storage/types.js'
import { memoryStorage } from './testing/bridge-fixture.js'

const actor = { type: 'cli', id: 'test' } as const

/** The storage, counting what reaches it. */
function counted(storage: Storage) {
  const reads = { count: 0 }
  const wrapped: Storage = {
    ...storage,
    kind: storage.kind,
    outbox: storage.outbox,
    changes: storage.changes,
    get: (ns, key) => (reads.count++, storage.get(ns, key)),
    list: (ns, options) => (reads.count++, storage.list(ns, options)),
  }
  return { wrapped, reads }
}

describe('live translations', () => {
  it('puts the stored overrides over the config ones, and leaves out what the catalog refuses', () => {
    expect(
      mergeOverrides(
        { de: { 'login.heading': 'Config', 'login.signIn': 'Los' } },
        {
          de: { 'login.heading': 'Stored', 'login.headline': 'gone', 'login.title': '{{x}}' },
          xx: { 'login.heading': 'no such language' },
        },
      ),
    ).toEqual({ de: { 'login.heading': 'Stored', 'login.signIn': 'Los' } })
  })

  it('rebuilds only when the stored record changed, and reads it once per call', async () => {
    const storage = await memoryStorage()
    const { wrapped, reads } = counted(storage)
    const live = createLiveTranslations(wrapped, { de: { 'login.signIn': 'Los' } })
    const first = await live.current()
    expect(first.translator('de')('login.heading')).toBe('Anmelden')
    expect(first.translator('de')('login.signIn')).toBe('Los')
    expect(await live.current()).toBe(first)
    expect(reads.count).toBe(2)
    await saveStringOverrides(storage, { actor, locale: 'de', strings: { 'login.heading': 'Hi' } })
    const second = await live.current()
    expect(second).not.toBe(first)
    expect(second.translator('de')('login.heading')).toBe('Hi')
    expect(second.translator('de')('login.signIn')).toBe('Los')
    expect(second.translator('en')('login.heading')).toBe('Sign in')
    expect(await live.current()).toBe(second)
    // Another language is a record of its own: saving it keeps the German one.
    await saveStringOverrides(storage, {
      actor,
      locale: 'fr',
      strings: { 'login.heading': 'Salut' },
    })
    const third = await live.current()
    expect(third.translator('fr')('login.heading')).toBe('Salut')
    expect(third.translator('de')('login.heading')).toBe('Hi')
    await saveStringOverrides(storage, { actor, locale: 'fr', strings: {} })
    // Removed again: back to the config's translations.
    await saveStringOverrides(storage, { actor, locale: 'de', strings: {} })
    expect((await live.current()).translator('de')('login.heading')).toBe('Anmelden')
  })

  it('is served from the read cache: no database round trip until the record changes', async () => {
    const storage = await memoryStorage()
    await saveStringOverrides(storage, { actor, locale: 'de', strings: { 'login.heading': 'A' } })
    const { wrapped, reads } = counted(storage)
    const live = createLiveTranslations(readCache(wrapped, READ_MOSTLY_NAMESPACES))
    await live.current()
    const before = reads.count
    for (let i = 0; i < 5; i++) await live.current()
    expect(reads.count).toBe(before)
    await saveStringOverrides(storage, { actor, locale: 'de', strings: { 'login.heading': 'B' } })
    expect((await live.current()).translator('de')('login.heading')).toBe('B')
  })

  it('keeps the last translations when the storage cannot be read', async () => {
    const storage = await memoryStorage()
    await saveStringOverrides(storage, { actor, locale: 'de', strings: { 'login.heading': 'A' } })
    let failing = false
    const flaky: Storage = {
      ...storage,
      kind: storage.kind,
      outbox: storage.outbox,
      changes: storage.changes,
      list: (ns, options) =>
        failing && ns === STRING_OVERRIDES
          ? Promise.reject(new Error('database down'))
          : storage.list(ns, options),
    }
    const live = createLiveTranslations(flaky)
    const known = await live.current()
    failing = true
    expect(await live.current()).toBe(known)
    expect(known.translator('de')('login.heading')).toBe('A')
  })
})
