/** The console's user page: sessions and their apps, ending them, disabling, deleting. */
import { describe, expect, it } from 'vitest'
import { createAdmin } from '../../admin/admin-accounts.js'
import { listAudit } from '../../domain/audit-log.js'
import { findUserByEmail } from '../../domain/users.js'
import { ADMIN, formFields, post } from '../../testing/admin-console-test-kit.js'
import {
  ALICE,
  authorizeUrl,
  createTestBridge,
  FORUM_CALLBACK,
  signInWithPassword,
} from '../../testing/bridge-fixture.js'
import type { TestBrowser } from '../../testing/test-browser.js'

async function setUp() {
  const bridge = await createTestBridge()
  await createAdmin(bridge.storage, { type: 'cli', id: 'test' }, ADMIN)
  const console = bridge.browser()
  const login = await (await console.get('/admin/login')).text()
  await post(console, '/admin/login', { ...formFields(login, '/admin/login'), ...ADMIN })
  const alice = (await findUserByEmail(bridge.storage, 'staff', ALICE.email))!
  const page = `/admin/users/${alice.id}`
  /** Presses a button of the user's page, with the CSRF token the page carries. */
  async function press(action: string, extra: Record<string, string> = {}) {
    const path = `${page}/${action}`
    const html = await (await console.get(page)).text()
    return post(console, path, { ...formFields(html, path), ...extra })
  }
  return { bridge, console, alice, page, press }
}

async function signInBoth(browser: TestBrowser) {
  await signInWithPassword(browser)
  await browser.get(authorizeUrl({ app: 'forum', redirect_uri: FORUM_CALLBACK, state: 'f' }))
}

describe('console: a user’s sessions', () => {
  it('shows the sessions with their apps, ends one, then all', async () => {
    const { bridge, console, page, press } = await setUp()
    const user = bridge.browser()
    await signInBoth(user)
    await signInWithPassword(bridge.browser())
    const html = await (await console.get(page)).text()
    expect(html).toContain('<h2>Sessions</h2>')
    expect(html).toContain('Forum, Shop')
    expect([...html.matchAll(/action="[^"]+\/sessions\/end"/g)]).toHaveLength(2)

    const one = await press('sessions/end')
    expect(one.status).toBe(303)
    expect(one.headers.get('Location')).toBe(`${page}?done=session_ended`)
    const after = await (await console.get(`${page}?done=session_ended`)).text()
    expect(after).toContain('Session ended')
    expect([...after.matchAll(/action="[^"]+\/sessions\/end"/g)]).toHaveLength(1)

    const all = await press('sessions/end-all')
    expect(all.headers.get('Location')).toBe(`${page}?done=sessions_ended`)
    expect(await (await console.get(page)).text()).toContain('No live session.')
    const { entries } = await listAudit(bridge.storage, { event: 'session' })
    expect(entries.map((e) => [e.event, e.actor.type])).toEqual([['session.ended', 'admin']])
  })

  it('refuses ending a session that is not this user’s, and a form without its CSRF token', async () => {
    const { bridge, console, page, press } = await setUp()
    await signInWithPassword(bridge.browser())
    const unknown = await press('sessions/end', { sid: 'A'.repeat(22) })
    expect(unknown.status).toBe(404)
    expect(await unknown.text()).toContain('This user has no live session with this id.')
    const forged = await post(console, `${page}/sessions/end-all`, { csrf: 'forged' })
    expect(forged.status).toBe(403)
    expect((await listAudit(bridge.storage, { event: 'session' })).entries).toEqual([])
    expect(await (await console.get(page)).text()).toContain('sessions/end"')
  })

  it('disables (every session ends, sign-in refused) and deletes after a confirmation', async () => {
    const { bridge, console, page, press, alice } = await setUp()
    const user = bridge.browser()
    await signInBoth(user)
    const disabled = await press('disable')
    expect(disabled.headers.get('Location')).toBe(`${page}?done=disabled`)
    expect(await (await console.get(page)).text()).toContain('No live session.')
    const again = await signInWithPassword(bridge.browser())
    expect(await again.text()).not.toContain('name="token"')

    const unconfirmed = await press('delete')
    expect(unconfirmed.status).toBe(400)
    expect(await unconfirmed.text()).toContain('Tick the box to confirm.')
    expect(await bridge.storage.get('user', alice.id)).toBeDefined()

    const deleted = await press('delete', { confirm: 'on' })
    expect(deleted.headers.get('Location')).toBe('/admin/users?done=deleted')
    expect(await bridge.storage.get('user', alice.id)).toBeUndefined()
    expect((await console.get(page)).status).toBe(404)
  })
})
