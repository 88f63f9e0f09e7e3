import { describe, expect, it } from 'vitest'
import { memoryStorage } from '../testing/bridge-fixture.js'
import {
  createSession,
  deleteSession,
  deleteSessionByHash,
  getSession,
  sessionsOfUser,
} from './sessions.js'

const input = (userId: string) => ({ userId, connection: 'members', authTime: 1, amr: ['pwd'] })

describe('sessions of a user', () => {
  it('lists every live session of the user and only theirs; each can be ended', async () => {
    const storage = await memoryStorage()
    const a1 = await createSession(storage, input('ann'), 3600)
    const a2 = await createSession(storage, input('ann'), 3600)
    await createSession(storage, input('bob'), 3600)
    const found = await sessionsOfUser(storage, 'ann')
    expect(found.map((f) => f.session.sid).sort()).toEqual([a1.session.sid, a2.session.sid].sort())
    await deleteSession(storage, a2.id)
    const left = await sessionsOfUser(storage, 'ann')
    expect(left.map((f) => f.session.sid)).toEqual([a1.session.sid])
    await deleteSessionByHash(storage, 'ann', left[0]!.hash)
    expect(await getSession(storage, a1.id)).toBeUndefined()
    expect(await sessionsOfUser(storage, 'ann')).toEqual([])
    expect(await sessionsOfUser(storage, 'bob')).toHaveLength(1)
  })
})
