/**
 * Passkeys during a sign-in: passwordless from the login page (POST /login/passkey), as the
 * second factor (POST /mfa/passkey), and enrolled on the MFA enrolment page (POST
 * /mfa/passkey/enroll). A failed ceremony goes back to its page with a fresh challenge.
 */
import type { Context } from 'hono'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { z } from 'zod'
import { appConnections } from '../domain/connections.js'
import type { LoginTransaction } from '../domain/login-transactions.js'
import { safeEqual } from '../domain/secret-hash.js'
import { userEventDepsOf } from '../domain/user-events.js'
import { getUser, saveUser } from '../domain/users.js'
import { BridgeError } from '../errors.js'
import { recordFactorChange } from '../mfa/factor-events.js'
import { hasSecondFactorEnrolled, passkeyName } from '../mfa/passkeys.js'
import { newRecoveryCodes } from '../mfa/recovery-codes.js'
import {
  finishAuthentication,
  finishRegistration,
  parseAuthenticationResponse,
  parseRegistrationResponse,
  passkeyMethod,
  relyingParty,
  type PasskeyFailure,
} from '../mfa/webauthn.js'
import { auditSignIn } from '../sign-in/audit.js'
import { firstFactor } from '../sign-in/first-factor.js'
import { loadApp, loadTransaction } from '../sign-in/load.js'
import { secondFactor } from '../sign-in/second-factor.js'
import { pendingFactor } from '../sign-in/state.js'
import { cookieJar } from './cookies.js'
import { respond, visitOf } from './deliver.js'
import type { Notice } from '../sign-in/outcome.js'
import type { BridgeEnv, BridgeServices } from './env.js'
import { notePage } from './page.js'
import { opaqueId, readForm } from './params.js'
import { assertSameOrigin } from './same-origin.js'

const base = {
  tx: opaqueId(),
  csrf: z.string().min(1).max(64),
  credential: z.string().max(16 * 1024),
}
const ceremonyForm = z.object(base)
const enrolForm = z.object({ ...base, name: z.string().max(200).optional() })

export function passkeyRoutes(services: BridgeServices) {
  const { storage } = services
  const rp = relyingParty(services.settings.issuer)
  const jar = cookieJar(services.settings.issuer)
  const limit = bodyLimit({
    maxSize: 24 * 1024,
    onError: () => {
      throw new BridgeError('payload_too_large')
    },
  })

  async function load(c: Context<BridgeEnv>, form: { tx: string; csrf: string }) {
    assertSameOrigin(c, services.settings.issuer)
    const tx = await loadTransaction(storage, visitOf(c, jar), form.tx)
    notePage(c, { tx })
    if (!safeEqual(form.csrf, tx.csrf))
      throw new BridgeError('csrf_failed', {
        reason: 'csrf_token_mismatch',
        message: 'csrf token mismatch',
      })
    return { tx, app: await loadApp(storage, tx) }
  }

  /** The first factor already done in this transaction, and its user. */
  async function loadPending(tx: LoginTransaction) {
    const pending = pendingFactor(tx.progress)
    if (!pending)
      throw new BridgeError('login_expired', {
        reason: 'second_factor_not_pending',
        message: 'no pending second factor',
      })
    const user = await getUser(storage, pending.userId)
    if (!user || user.disabled)
      throw new BridgeError('access_denied', {
        reason: 'user_disabled',
        message: 'user gone or disabled during mfa',
      })
    return { pending, user }
  }

  /** Logged, audited as a failed sign-in, and back to the page with a fresh challenge. */
  async function refused(
    c: Context<BridgeEnv>,
    page: '/login' | '/mfa',
    txId: string,
    outcome: { reason: PasskeyFailure; detail?: string },
    attempt: { app: string; connection: string; user?: string },
  ) {
    services.logger.info('passkey refused', {
      requestId: c.get('requestId'),
      user: attempt.user,
      reason: outcome.reason,
      detail: outcome.detail,
    })
    await auditSignIn(services, c.get('requestId'), {
      ...attempt,
      reason: `passkey_${outcome.reason}`,
    })
    return c.redirect(`${page}?tx=${encodeURIComponent(txId)}&passkey=failed`, 303)
  }

  return new Hono<BridgeEnv>()
    .post('/login/passkey', limit, async (c) => {
      const form = await readForm(c, ceremonyForm)
      const { tx, app } = await load(c, form)
      // Who it was is known only once the passkey is found.
      const attempt = { app: app.id, connection: 'passkey' }
      const response = parseAuthenticationResponse(form.credential)
      if (!response) return refused(c, '/login', form.tx, { reason: 'malformed' }, attempt)
      const outcome = await finishAuthentication(storage, rp, {
        response,
        binding: { purpose: 'sign-in', tx: form.tx },
      })
      if (!outcome.ok) return refused(c, '/login', form.tx, outcome, attempt)
      // Passwordless is for local users, through a local connection this app accepts.
      const user = await getUser(storage, outcome.passkey.userId)
      const allowed = await appConnections(
        storage,
        tx.connection ? [tx.connection] : app.connections,
      )
      const local = allowed.find((u) => u.type === 'local' && u.id === user?.connection)
      if (!user || !local || !outcome.userVerified) {
        const who = { ...attempt, connection: user?.connection ?? 'passkey', user: user?.id }
        return refused(c, '/login', form.tx, { reason: 'unknown_credential' }, who)
      }
      return respond(
        c,
        jar,
        await firstFactor(services, visitOf(c, jar), {
          txId: form.tx,
          tx,
          app,
          user,
          connection: local.id,
          // Possession of the key plus the authenticator's own user verification (PIN or
          // biometrics): two factors, so this counts as MFA for every policy.
          amr: [passkeyMethod(outcome.passkey), 'user', 'mfa'],
        }),
      )
    })
    .post('/mfa/passkey', limit, async (c) => {
      const form = await readForm(c, ceremonyForm)
      const { tx, app } = await load(c, form)
      const { pending, user } = await loadPending(tx)
      const attempt = { app: app.id, connection: pending.connection, user: user.id }
      const response = parseAuthenticationResponse(form.credential)
      if (!response) return refused(c, '/mfa', form.tx, { reason: 'malformed' }, attempt)
      const outcome = await finishAuthentication(storage, rp, {
        response,
        binding: { purpose: 'second-factor', tx: form.tx, userId: user.id },
      })
      if (!outcome.ok) return refused(c, '/mfa', form.tx, outcome, attempt)
      const method = passkeyMethod(outcome.passkey)
      const step = { txId: form.tx, tx, app, user, method }
      return respond(c, jar, await secondFactor(services, visitOf(c, jar), step))
    })
    .post('/mfa/passkey/enroll', limit, async (c) => {
      const form = await readForm(c, enrolForm)
      const { tx, app } = await load(c, form)
      const { pending, user } = await loadPending(tx)
      // Only a user without any factor enrols here: otherwise a password alone could add one.
      if (tx.progress.step === 'verified' || (await hasSecondFactorEnrolled(storage, user)))
        throw new BridgeError('invalid_request', { reason: 'second_factor_enrolled' })
      const attempt = { app: app.id, connection: pending.connection, user: user.id }
      const response = parseRegistrationResponse(form.credential)
      if (!response) return refused(c, '/mfa', form.tx, { reason: 'malformed' }, attempt)
      const outcome = await finishRegistration(
        storage,
        rp,
        { response, binding: { purpose: 'enrol', tx: form.tx, userId: user.id } },
        { name: passkeyName(form.name, 'Passkey') },
      )
      if (!outcome.ok) return refused(c, '/mfa', form.tx, outcome, attempt)
      const method = passkeyMethod(outcome.passkey)
      services.logger.info('passkey enrolled', {
        requestId: c.get('requestId'),
        user: user.id,
        method,
      })
      const step = { txId: form.tx, tx, app, user, method }
      const enrolment = { user, action: 'enrolled', requestId: c.get('requestId') } as const
      const events = userEventDepsOf(services)
      if (user.recoveryCodes?.length) {
        await recordFactorChange(events, { ...enrolment, factors: ['passkey'] })
        return respond(c, jar, await secondFactor(services, visitOf(c, jar), step))
      }
      // Recovery codes, as with TOTP: a lost key must not lock the user out.
      const { codes, hashes } = newRecoveryCodes()
      const withCodes = { ...user, recoveryCodes: hashes, updatedAt: Date.now() }
      await saveUser(storage, withCodes)
      await recordFactorChange(events, {
        ...enrolment,
        user: withCodes,
        factors: ['passkey', 'recovery_codes'],
      })
      const notice: Notice = {
        title: 'mfa.saveCodesTitle',
        text: 'mfa.savePasskeyCodesText',
        codes,
      }
      return respond(c, jar, await secondFactor(services, visitOf(c, jar), { ...step, notice }))
    })
}
