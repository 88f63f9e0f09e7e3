/**
 * Who is signed in, for the pages of /account: the bridge session's user, or the page that says
 * to sign in first. Each page adds its own rule on top (a second factor used, a CSRF value).
 */
import type { Context } from 'hono'
import { getSession, type Session } from '../domain/sessions.js'
import { getUser, type User } from '../domain/users.js'
import { MessagePage } from '../views/message-page.js'
import type { cookieJar } from './cookies.js'
import type { BridgeEnv, BridgeServices } from './env.js'
import { pageOf } from './page.js'

export interface AccountHolder {
  /** The session cookie's value: what each page derives its CSRF value from. */
  cookie: string
  session: Session
  user: User
}

export async function accountHolder(
  services: Pick<BridgeServices, 'storage'>,
  jar: ReturnType<typeof cookieJar>,
  c: Context<BridgeEnv>,
): Promise<AccountHolder | Response> {
  const cookie = jar.get(c, 'session')
  const session = await getSession(services.storage, cookie)
  const user = session ? await getUser(services.storage, session.userId) : undefined
  if (!cookie || !session || !user || user.disabled) {
    return c.html(
      <MessagePage
        page={pageOf(c)}
        title={pageOf(c).t('account.notSignedInTitle')}
        text={pageOf(c).t('account.notSignedInText')}
      />,
      401,
    )
  }
  return { cookie, session, user }
}

/** The page for a session that lacks the second factor the account has. */
export const stepUpPage = (c: Context<BridgeEnv>) =>
  c.html(
    <MessagePage
      page={pageOf(c)}
      title={pageOf(c).t('account.stepUpTitle')}
      text={pageOf(c).t('account.stepUpText')}
    />,
    403,
  )
