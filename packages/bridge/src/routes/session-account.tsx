/**
 * /account/sessions: a signed-in user sees where they are signed in and ends one session, every
 * other one, or all. Sessions are named by their public `sid`, and only the user's own are
 * found: another user's sid is as unknown as a made-up one. Ending goes through the one
 * session ending (domain/session-ending.ts), so the sites hear of it by back-channel logout.
 */
import type { Context } from 'hono'
import { Hono } from 'hono'
import { z } from 'zod'
import { recordAudit } from '../domain/audit-log.js'
import { safeEqual, sha256 } from '../domain/secret-hash.js'
import { endSessionByHash } from '../domain/session-ending.js'
import {
  findSessionOfUser,
  listSessions,
  SID_PATTERN,
  type FoundSession,
} from '../domain/session-list.js'
import { BridgeError } from '../errors.js'
import type { MessageKey } from '../i18n/messages.js'
import { MessagePage } from '../views/message-page.js'
import { SessionAccountPage } from '../views/session-account-page.js'
import { accountHolder, type AccountHolder } from './account-holder.js'
import { cookieJar } from './cookies.js'
import { formLimit } from './form-limit.js'
import { sessionEndingOf } from './end-session.js'
import type { BridgeEnv, BridgeServices } from './env.js'
import { pageOf } from './page.js'
import { readForm, readQuery } from './params.js'
import { assertSameOrigin } from './same-origin.js'

const PAGE = '/account/sessions'
const csrf = z.string().min(1).max(64)
const bare = z.object({ csrf })
const endForm = z.object({ csrf, sid: z.string().max(64).regex(SID_PATTERN) })
const notices = {
  ended: 'sessions.endedNotice',
  others: 'sessions.othersEndedNotice',
} as const satisfies Record<string, MessageKey>
const showQuery = z.object({ done: z.enum(['ended', 'others']).optional() })

interface Account extends AccountHolder {
  /** The hash storage keys this browser's session with. */
  sessionHash: string
  csrf: string
}

export function sessionAccountRoutes(services: BridgeServices) {
  const { storage } = services
  const jar = cookieJar(services.settings.issuer)
  const limit = formLimit(4 * 1024)

  async function account(c: Context<BridgeEnv>): Promise<Account | Response> {
    const holder = await accountHolder(services, jar, c)
    if (holder instanceof Response) return holder
    // Only the holder of the session cookie can know the CSRF value.
    return {
      ...holder,
      sessionHash: sha256(holder.cookie),
      csrf: sha256(`session-account:${holder.cookie}`),
    }
  }

  async function posted<T extends z.ZodType>(c: Context<BridgeEnv>, schema: T) {
    assertSameOrigin(c, services.settings.issuer)
    const form = (await readForm(c, schema)) as z.output<T> & { csrf: string }
    const me = await account(c)
    if (me instanceof Response) return { me }
    if (!safeEqual(form.csrf, me.csrf))
      throw new BridgeError('csrf_failed', {
        reason: 'csrf_token_mismatch',
        message: 'account csrf mismatch',
      })
    return { me, form }
  }

  /** Ends one of the user's sessions, audited with the user as actor. */
  async function end(c: Context<BridgeEnv>, me: Account, found: FoundSession) {
    const requestId = c.get('requestId')
    await endSessionByHash(sessionEndingOf(services), found, { requestId, reason: 'user' })
    await recordAudit(storage, {
      event: 'session.ended',
      actor: { type: 'user', id: me.user.id, label: me.user.email },
      user: me.user.id,
      connection: found.session.connection,
      target: { type: 'session', id: found.session.sid ?? 'unnamed' },
      after: { reason: 'user', current: found.hash === me.sessionHash },
      requestId,
    })
  }

  /** This browser's session ended too: the cookie goes and the page says so. */
  function signedOut(c: Context<BridgeEnv>, title: MessageKey, text: MessageKey) {
    jar.delete(c, 'session')
    const page = pageOf(c)
    return c.html(<MessagePage page={page} title={page.t(title)} text={page.t(text)} />)
  }

  return new Hono<BridgeEnv>()
    .get(PAGE, async (c) => {
      const query = readQuery(c, showQuery)
      const me = await account(c)
      if (me instanceof Response) return me
      const page = pageOf(c)
      const sessions = (await listSessions(storage, me.user.id)).map((listed) => ({
        ...listed.summary,
        current: listed.hash === me.sessionHash,
      }))
      return c.html(
        <SessionAccountPage
          page={page}
          email={me.user.email}
          csrf={me.csrf}
          sessions={sessions}
          notice={query.done && page.t(notices[query.done])}
        />,
      )
    })
    .post(`${PAGE}/end`, limit, async (c) => {
      const { me, form } = await posted(c, endForm)
      if (!form) return me
      const found = await findSessionOfUser(storage, me.user.id, form.sid)
      if (!found)
        throw new BridgeError('not_found', {
          reason: 'session_unknown',
          message: 'no such session of this user',
        })
      await end(c, me, found)
      if (found.hash === me.sessionHash)
        return signedOut(c, 'sessions.endedHereTitle', 'sessions.endedHereText')
      return c.redirect(`${PAGE}?done=ended`, 303)
    })
    .post(`${PAGE}/end-others`, limit, async (c) => {
      const { me, form } = await posted(c, bare)
      if (!form) return me
      for (const found of await listSessions(storage, me.user.id))
        if (found.hash !== me.sessionHash) await end(c, me, found)
      return c.redirect(`${PAGE}?done=others`, 303)
    })
    .post(`${PAGE}/end-all`, limit, async (c) => {
      const { me, form } = await posted(c, bare)
      if (!form) return me
      const all = await listSessions(storage, me.user.id)
      // This browser's own last, so that a failure on the way leaves it able to try again.
      for (const found of all) if (found.hash !== me.sessionHash) await end(c, me, found)
      const own = all.find((found) => found.hash === me.sessionHash)
      if (own) await end(c, me, own)
      return signedOut(c, 'sessions.allEndedTitle', 'sessions.allEndedText')
    })
}
