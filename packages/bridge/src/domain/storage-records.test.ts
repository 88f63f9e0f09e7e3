/**
 * The record type follows from the namespace: `tsc -p tsconfig.json` checks the types below (an
 * `@ts-expect-error` that no longer finds an error fails it), vitest checks the round trip.
 */
import { describe, expect, expectTypeOf, it } from 'vitest'
import type { AdminSession } from '../admin/admin-sessions.js'
import type { Passkey } from '../mfa/passkeys.js'
import { createSqliteStorage } from '../storage/sqlite.js'
import type { Storage, StoredRecord, Unstorable } from '../storage/types.js'
import type { App } from './apps.js'
import type { Connection } from './connections.js'
import type { Session } from './sessions.js'
import { attemptLimit } from './throttle.js'
import type { User } from './users.js'

const session: Session = {
  userId: 'u1',
  connection: 'local',
  authTime: 1_800_000_000,
  amr: ['pwd'],
  sid: 'sid-1',
  createdAt: 1_800_000_000_000,
  expiresAt: 1_800_003_600_000,
}

describe('storage typed by namespace', () => {
  it('reads back what a namespace holds, typed as its record', async () => {
    const storage = await createSqliteStorage({ filename: ':memory:' })
    await storage.migrate()
    try {
      await storage.set('session', 'hash', session, 60)
      const read = await storage.get('session', 'hash')
      expectTypeOf(read).toEqualTypeOf<Session | undefined>()
      expect(read).toEqual(session)

      const listed = await storage.list('session')
      expectTypeOf(listed).toEqualTypeOf<StoredRecord<Session>[]>()
      expect(listed.map((r) => r.value.sid)).toEqual(['sid-1'])

      expect(await storage.add('user-email', 'local:a@example.com', 'u1')).toBe(true)
      const owner = await storage.consume('user-email', 'local:a@example.com')
      expectTypeOf(owner).toEqualTypeOf<string | undefined>()
      expect(owner).toBe('u1')

      expect(await storage.increment('throttle-address', '203.0.113.9', 60)).toBe(1)
      expectTypeOf(await storage.get('throttle-address', '203.0.113.9')).toEqualTypeOf<
        number | undefined
      >()
    } finally {
      await storage.close()
    }
  })

  it('finds what JSON would lose in a record type', () => {
    expectTypeOf<Unstorable<Session>>().toBeNever()
    expectTypeOf<Unstorable<{ at: Date; name: string }>>().toEqualTypeOf<Date>()
    expectTypeOf<Unstorable<{ ids: bigint[] }>>().toEqualTypeOf<bigint>()
    expectTypeOf<Unstorable<{ a: { b: { done: () => void } } }>>().toEqualTypeOf<() => void>()
  })
})

// Never called: records declared by modules of other layers (admin/, mfa/) type the same way.
export function declaredAcrossLayers(storage: Storage) {
  expectTypeOf(storage.get('admin-session', 'hash')).resolves.toEqualTypeOf<
    AdminSession | undefined
  >()
  expectTypeOf(storage.get('passkey', 'u1:cred')).resolves.toEqualTypeOf<Passkey | undefined>()
  expectTypeOf(storage.list('app')).resolves.toEqualTypeOf<StoredRecord<App>[]>()
  expectTypeOf(storage.consume('connection', 'corp')).resolves.toEqualTypeOf<
    Connection | undefined
  >()
  expectTypeOf(storage.get('admin-mfa-step', 'hash')).resolves.toEqualTypeOf<string | undefined>()
  expectTypeOf(storage.get('totp-step', 'u1:1')).resolves.toEqualTypeOf<true | undefined>()
}

// Never called: each line is a call the compiler must refuse.
export async function refusedAtCompileTime(storage: Storage, user: User, computed: string) {
  // @ts-expect-error a namespace the compiler cannot see (a plain string) is no namespace
  await storage.get(computed, 'hash')
  // @ts-expect-error the record type follows from the namespace: a caller cannot name another
  await storage.get<{ sid: string }>('session', 'hash')
  // @ts-expect-error nor write a record of its own choosing under a namespace it computed
  await storage.set(computed, 'hash', user)
  // @ts-expect-error a user is not a session
  await storage.set('session', 'hash', user)
  // @ts-expect-error a session without its sign-in facts is not a session
  await storage.set('session', 'hash', { userId: 'u1', createdAt: 0, expiresAt: 0 })
  // @ts-expect-error a number is not the user id an email points to
  await storage.add('user-email', 'local:a@example.com', 1)
  // @ts-expect-error no module declares this namespace (a typo of `session`)
  await storage.get('sesion', 'hash')
  // @ts-expect-error users are records, not counters
  await storage.increment('user', 'u1', 60)
  // @ts-expect-error nor can an undeclared namespace be deleted from
  await storage.delete('sesions', 'hash')
  // @ts-expect-error an attempt limit counts in a counter namespace, and connections are records
  attemptLimit(storage, 'connection', 5, 60)
  // @ts-expect-error an identity link holds a user id, not the user
  await storage.add('identity', 'corp|sub', user)
  const read = await storage.get('user', 'u1')
  // @ts-expect-error the record read is a User, not a session
  const wrong: Session | undefined = read
  return wrong
}
