/**
 * The member emails that carry a token: a verification link and a password reset link, for the
 * sign-up and forgot-password pages and for the admin (resend a verification, send a reset).
 * The token is made here, its link points at the bridge, and the Mailer queues the email.
 */
import { getApp } from '../domain/apps.js'
import {
  EMAIL_TOKEN_TTL,
  issueEmailToken,
  type EmailTokenPurpose,
  type PendingSignIn,
} from '../domain/email-tokens.js'
import { getUser } from '../domain/users.js'
import { BridgeError } from '../errors.js'
import type { Locale } from '../i18n/locales.js'
import type { Storage } from '../storage/types.js'
import type { EmailTemplate, Mailer } from './types.js'

/** Where each link lands on the bridge (the routes that read the token). */
export const MEMBER_LINK_PATHS: Record<EmailTokenPurpose, string> = {
  'verify-email': '/verify-email',
  'reset-password': '/reset-password',
}

/** What sending needs: the sign-in pages and the admin services both have it. */
export interface MemberEmailDeps {
  storage: Storage
  email: Mailer
  settings: { issuer: string }
}

export interface MemberEmailOptions {
  /** The sign-in this email continues, in the browser that asked for it. */
  signIn?: PendingSignIn
  /** The app named in the email; the connection's name when unset. */
  appId?: string
  /** The language of the page that asked: the email speaks it too. */
  locale?: Locale
}

async function sendTokenEmail(
  services: MemberEmailDeps,
  purpose: EmailTokenPurpose,
  userId: string,
  options: MemberEmailOptions,
  template: EmailTemplate = purpose,
): Promise<string> {
  const { storage } = services
  const user = await getUser(storage, userId)
  if (!user)
    throw new BridgeError('not_found', { reason: 'record_missing', message: 'no such user' })
  const token = await issueEmailToken(storage, {
    purpose,
    userId: user.id,
    connection: user.connection,
    email: user.email,
    signIn: options.signIn,
  })
  const link = new URL(MEMBER_LINK_PATHS[purpose], services.settings.issuer)
  link.searchParams.set('token', token)
  const app = options.appId ? await getApp(storage, options.appId) : undefined
  return services.email.enqueue({
    to: user.email,
    template,
    owner: user.connection,
    data: {
      appName: app?.name ?? user.connection,
      link: link.href,
      expiresInMinutes: EMAIL_TOKEN_TTL[purpose] / 60,
    },
    locale: options.locale,
  })
}

/** Queues a fresh verification link for the user; returns the outbox entry id. */
export const sendVerification = (
  services: MemberEmailDeps,
  userId: string,
  options: MemberEmailOptions = {},
) => sendTokenEmail(services, 'verify-email', userId, options)

/** Queues a password reset link for the user; returns the outbox entry id. */
export const sendPasswordReset = (
  services: MemberEmailDeps,
  userId: string,
  options: MemberEmailOptions = {},
) => sendTokenEmail(services, 'reset-password', userId, options)

/**
 * A sign-up for an address that has an account: the owner is told, with a reset link (the same
 * token as a reset), and the visitor sees what a new account's sign-up shows.
 */
export const sendAccountExists = (
  services: MemberEmailDeps,
  userId: string,
  options: MemberEmailOptions = {},
) => sendTokenEmail(services, 'reset-password', userId, options, 'account-exists')
