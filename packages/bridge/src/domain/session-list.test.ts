import { describe, expect, it } from 'vitest'
import { memoryStorage } from '../testing/bridge-fixture.js'
import { APPS } from './apps.js'
import { rememberSignedInApp, takeSignedInApps } from './backchannel-logout.js'
import { createSessionActivity, SEEN_INTERVAL_MS } from './session-activity.js'
import { deviceOf } from './session-device.js'
import { findSessionOfUser, listSessions } from './session-list.js'
import { createSession, deleteSessionByHash, lastSeenOf } from './sessions.js'
import { sha256 } from './secret-hash.js'

const CHROME_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'
const FIREFOX_IPAD =
  'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/127.0 Mobile/15E148 Safari/605.1.15'

const input = (userId: string) => ({ userId, connection: 'staff', authTime: 1, amr: ['pwd'] })

describe('the device of a session', () => {
  it('is the browser, the OS and the kind of device, and nothing else of the user agent', () => {
    expect(deviceOf(CHROME_MAC)).toEqual({ browser: 'Chrome', os: 'macOS', type: 'desktop' })
    expect(deviceOf(SAFARI_IPHONE)).toEqual({ browser: 'Safari', os: 'iOS', type: 'mobile' })
    expect(deviceOf(FIREFOX_IPAD)).toMatchObject({ browser: 'Firefox', type: 'tablet' })
  })

  it('is unknown for no user agent, and bounded for a hostile one', () => {
    expect(deviceOf(undefined)).toBeUndefined()
    expect(deviceOf('   ')).toBeUndefined()
    expect(deviceOf('x'.repeat(100_000))).toBeUndefined()
    const odd = deviceOf(`${'\u0000\u202e'.repeat(3)}Mozilla/5.0 (Windows NT 10.0) Chrome/1.0`)
    for (const value of Object.values(odd ?? {})) {
      expect(value.includes('\u0000') || value.includes('\u202e')).toBe(false)
      expect(value.length).toBeLessThanOrEqual(40)
    }
  })
})

describe('last seen', () => {
  it('is written on reuse at most once per interval, and counts from the creation', async () => {
    let now = 1_000_000_000_000
    const storage = await memoryStorage(() => now)
    const { id, session } = await createSession(storage, input('ann'), 3600, now)
    const hash = sha256(id)
    const activity = createSessionActivity(storage, { now: () => now })
    const writes: number[] = []
    const set = storage.set.bind(storage)
    storage.set = async (ns, key, value, ttl) => {
      if (ns === 'session-seen') writes.push(now)
      return set(ns, key, value, ttl)
    }
    now += 60_000
    await activity.seen(hash, session)
    expect(await lastSeenOf(storage, hash, session)).toBe(session.createdAt)
    now += SEEN_INTERVAL_MS
    await activity.seen(hash, session)
    const first = now
    now += 60_000
    await activity.seen(hash, session)
    expect(await lastSeenOf(storage, hash, session)).toBe(first)
    now += SEEN_INTERVAL_MS
    await activity.seen(hash, session)
    expect(await lastSeenOf(storage, hash, session)).toBe(now)
    expect(writes).toEqual([first, now])
  })

  it('never brings back a session that ended: it is a record of its own, gone with the session', async () => {
    const storage = await memoryStorage()
    const { id, session } = await createSession(storage, input('ann'), 3600)
    const hash = sha256(id)
    const activity = createSessionActivity(storage, { intervalMs: 0 })
    await activity.seen(hash, session)
    await deleteSessionByHash(storage, 'ann', hash)
    await activity.seen(hash, session)
    expect(await storage.get('session', hash)).toBeUndefined()
    expect(await listSessions(storage, 'ann')).toEqual([])
  })
})

describe('the session list', () => {
  it('shows every app a session signed into, with or without back-channel logout', async () => {
    const storage = await memoryStorage()
    const base = { callbackUrls: [], connections: ['staff'], createdAt: 0, updatedAt: 0 }
    await storage.set(APPS, 'shop', {
      ...base,
      id: 'shop',
      name: 'Shop',
      backchannelLogoutUrl: 'https://shop.example/bcl',
    } as never)
    await storage.set(APPS, 'forum', { ...base, id: 'forum', name: 'Forum' } as never)
    const { session } = await createSession(
      storage,
      { ...input('ann'), device: deviceOf(CHROME_MAC) },
      3600,
    )
    await rememberSignedInApp(storage, session, { id: 'shop' })
    await rememberSignedInApp(storage, session, { id: 'forum' })
    await rememberSignedInApp(storage, session, { id: 'gone' })
    const [listed] = await listSessions(storage, 'ann')
    expect(listed?.summary).toMatchObject({
      sid: session.sid,
      device: { browser: 'Chrome', os: 'macOS', type: 'desktop' },
      apps: [
        { id: 'forum', name: 'Forum' },
        { id: 'gone', name: 'gone' },
        { id: 'shop', name: 'Shop' },
      ],
    })
    // Back-channel logout still goes only to the app that asked for it; every record goes.
    const queued: string[][] = []
    await takeSignedInApps(storage, session.sid!, async (apps) => {
      queued.push(apps.map((a) => a.id))
      return apps.length
    })
    expect(queued).toEqual([['shop']])
    expect((await listSessions(storage, 'ann'))[0]?.summary.apps).toEqual([])
  })

  it('reads an older session without device, last seen or sid', async () => {
    const storage = await memoryStorage()
    const old = { ...input('ann'), createdAt: 5, expiresAt: Date.now() + 3600_000 }
    await storage.set('session', 'old-hash', old, 3600)
    await storage.set('user-session', 'ann|old-hash', 'old-hash', 3600)
    const [listed] = await listSessions(storage, 'ann')
    expect(listed?.summary).toEqual({
      connection: 'staff',
      amr: ['pwd'],
      createdAt: 5,
      lastSeenAt: 5,
      expiresAt: old.expiresAt,
      apps: [],
    })
  })

  it("finds a session by its sid only among the user's own", async () => {
    const storage = await memoryStorage()
    const ann = await createSession(storage, input('ann'), 3600)
    const bob = await createSession(storage, input('bob'), 3600)
    expect((await findSessionOfUser(storage, 'ann', ann.session.sid!))?.hash).toBe(sha256(ann.id))
    expect(await findSessionOfUser(storage, 'ann', bob.session.sid!)).toBeUndefined()
    expect(await findSessionOfUser(storage, 'ann', 'short')).toBeUndefined()
    expect(await findSessionOfUser(storage, 'ann', sha256(ann.id))).toBeUndefined()
  })
})
