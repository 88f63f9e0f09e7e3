/**
 * Sign-in without a password: a 6-digit code and a magic link by email (domain/email-tokens.ts
 * keeps them). The code is typed into the sign-in that asked for it; the link works only in the
 * browser that asked. Either proves the address, so the user's email is verified by it. Both
 * continue through firstFactor, so the MFA policy still applies.
 */
import type { App } from '../domain/apps.js'
import { getConnection, type LocalConnection } from '../domain/connections.js'
import { consumeLoginCode, consumeLoginLink, EMAIL_TOKEN_TTL } from '../domain/email-tokens.js'
import { issueLoginCode } from '../domain/email-tokens.js'
import { reserveMemberEmail } from '../domain/email-throttle.js'
import type { LoginTransaction } from '../domain/login-transactions.js'
import { tellUserUpdated, userEventDepsOf } from '../domain/user-events.js'
import { findUserByEmail, getUser, saveUser, type User } from '../domain/users.js'
import { BridgeError } from '../errors.js'
import type { Locale } from '../i18n/locales.js'
import { firstFactor } from './first-factor.js'
import { inBackground } from './in-background.js'
import { loadApp, loadTransaction } from './load.js'
import { memberAddress, passwordlessOf, type Passwordless } from './member-policy.js'
import type { Outcome } from './outcome.js'
import type { SignInServices, Visit } from './services.js'

/** Where the magic link lands (routes/email-sign-in.tsx). */
export const LOGIN_LINK_PATH = '/login/link'

const off = () => new BridgeError('invalid_request', { reason: 'passwordless_off' })

export function assertPasswordless(connection: LocalConnection, want: keyof Passwordless | 'any') {
  const modes = passwordlessOf(connection)
  if (want === 'any' ? !modes.code && !modes.link : !modes[want]) throw off()
  return modes
}

export interface CodeRequest {
  txId: string
  tx: LoginTransaction
  app: App
  connection: LocalConnection
  email: string
  clientAddress: string
  /** The page's language: the email speaks it too. */
  locale?: Locale
}

/** Counts the email, then makes and sends the code after the answer; returns the address. */
export async function sendLoginCode(
  services: SignInServices,
  visit: Visit,
  request: CodeRequest,
): Promise<string> {
  const modes = assertPasswordless(request.connection, 'any')
  const email = memberAddress(request.email)
  await reserveMemberEmail(services.storage, email, request.clientAddress)
  inBackground(services.logger, visit.requestId, 'sign-in code email', async () => {
    const { storage } = services
    const user = await findUserByEmail(storage, request.connection.id, email)
    const userId = user && !user.disabled ? user.id : undefined
    // An address without an account gets a record no code opens, and no email.
    const { code, link } = await issueLoginCode(storage, request.txId, {
      userId,
      connection: request.connection.id,
      email,
      browserHash: request.tx.browserHash,
    })
    if (!user || !userId) return
    const url = new URL(LOGIN_LINK_PATH, services.settings.issuer)
    url.searchParams.set('token', link)
    await services.email.enqueue({
      to: user.email,
      template: 'login-code',
      owner: user.connection,
      locale: request.locale,
      data: {
        appName: request.app.name,
        code: modes.code ? code : undefined,
        link: modes.link ? url.href : undefined,
        expiresInMinutes: EMAIL_TOKEN_TTL['login-code'] / 60,
      },
    })
  })
  return email
}

/** The user a code or link named, still theirs, with the address it proved now verified. */
async function provenUser(
  services: SignInServices,
  visit: Visit,
  record: { userId: string; connection: string; email: string },
): Promise<User> {
  const user = await getUser(services.storage, record.userId)
  if (!user || user.connection !== record.connection || user.email.toLowerCase() !== record.email)
    throw new BridgeError('link_expired', { reason: 'email_token_other_user' })
  if (user.disabled)
    throw new BridgeError('access_denied', { reason: 'user_disabled', message: 'user is disabled' })
  if (user.emailVerified) return user
  const verified = { ...user, emailVerified: true, updatedAt: Date.now() }
  await saveUser(services.storage, verified)
  await tellUserUpdated(userEventDepsOf(services), user, verified, visit.requestId)
  return verified
}

async function localConnection(services: SignInServices, id: string): Promise<LocalConnection> {
  const connection = await getConnection(services.storage, id)
  if (connection?.type !== 'local') throw off()
  return connection
}

export async function signInWithCode(
  services: SignInServices,
  visit: Visit,
  input: {
    txId: string
    tx: LoginTransaction
    app: App
    connection: LocalConnection
    code: string
  },
): Promise<Outcome> {
  assertPasswordless(input.connection, 'code')
  const record = await consumeLoginCode(services.storage, input.txId, input.code)
  const user = await provenUser(services, visit, record)
  const { txId, tx, app } = input
  return firstFactor(services, visit, {
    txId,
    tx,
    app,
    user,
    connection: user.connection,
    amr: ['email'],
  })
}

/** The magic link, posted from the page it opens (a GET never uses it up). */
export async function signInWithLink(
  services: SignInServices,
  visit: Visit,
  link: string,
): Promise<Outcome> {
  const { txId, record } = await consumeLoginLink(services.storage, link, visit.browserSecret)
  assertPasswordless(await localConnection(services, record.connection), 'link')
  const tx = await loadTransaction(services.storage, visit, txId)
  const app = await loadApp(services.storage, tx)
  const user = await provenUser(services, visit, record)
  return firstFactor(services, visit, {
    txId,
    tx,
    app,
    user,
    connection: user.connection,
    amr: ['email'],
  })
}
