/**
 * /mfa: the second factor, after a first factor succeeded and before any session exists.
 * Challenge (TOTP or a recovery code), enrolment when policy requires a factor the user lacks,
 * and step-up for a live session that lacks one.
 */
import type { Context } from 'hono'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { z } from 'zod'
import type { App } from '../domain/apps.js'
import {
  rotateCsrf,
  type FirstFactorDone,
  type LoginTransaction,
  type SecondFactorMethod,
} from '../domain/login-transactions.js'
import { safeEqual } from '../domain/secret-hash.js'
import { attemptLimit } from '../domain/throttle.js'
import { userEventDepsOf } from '../domain/user-events.js'
import { getUser, saveUser, type User } from '../domain/users.js'
import { BridgeError } from '../errors.js'
import { recordFactorChange } from '../mfa/factor-events.js'
import { hasSecondFactorEnrolled } from '../mfa/passkeys.js'
import { qrSvg } from '../mfa/qr-code.js'
import { newRecoveryCodes, useRecoveryCode } from '../mfa/recovery-codes.js'
import { checkTotp, newTotpSecret, totpUri } from '../mfa/totp.js'
import { ChallengePage, EnrolPage } from '../views/mfa-pages.js'
import { loadApp, loadTransaction } from '../sign-in/load.js'
import type { Notice } from '../sign-in/outcome.js'
import { continueSignIn, secondFactor } from '../sign-in/second-factor.js'
import { enrol, pendingFactor } from '../sign-in/state.js'
import { cookieJar } from './cookies.js'
import { respond, visitOf } from './deliver.js'
import type { BridgeEnv, BridgeServices } from './env.js'
import { notePage, pageOf } from './page.js'
import { describedFor } from './visitor-error.js'
import { opaqueId, readForm, readQuery } from './params.js'
import {
  passkeyChallengeOptions,
  passkeyEnrolmentOptions,
  passkeyFailed,
} from './passkey-options.js'
import { assertSameOrigin } from './same-origin.js'

const txId = opaqueId()
const base = { tx: txId, csrf: z.string().min(1).max(64) }
const challengeForm = z.object({
  ...base,
  code: z.string().max(12).optional(),
  recovery_code: z.string().max(20).optional(),
})
const enrolForm = z.object({ ...base, code: z.string().max(12) })
const continueForm = z.object(base)

// Five tries per user in 15 minutes, each reserved before the code is checked.
const MFA_ATTEMPTS = 'throttle-mfa'
const MAX_ATTEMPTS = 5
const ATTEMPT_WINDOW_SECONDS = 15 * 60

declare module '../storage/types.js' {
  interface StorageRecords {
    // Counters of domain/throttle.ts attemptLimit, per user.
    [MFA_ATTEMPTS]: number
  }
}

const totpContext = (userId: string) => `totp:${userId}`
const enrolmentContext = (txId: string) => `totp-enrolment:${txId}`

interface Step {
  id: string
  tx: LoginTransaction
  pending: FirstFactorDone
  app: App
  user: User
}

export function mfaRoutes(services: BridgeServices) {
  const { storage, box } = services
  const jar = cookieJar(services.settings.issuer)
  const limit = bodyLimit({
    maxSize: 8 * 1024,
    onError: () => {
      throw new BridgeError('payload_too_large')
    },
  })

  async function load(c: Context<BridgeEnv>, id: string, csrf?: string): Promise<Step> {
    const tx = await loadTransaction(storage, visitOf(c, jar), id)
    notePage(c, { tx })
    if (csrf !== undefined && !safeEqual(csrf, tx.csrf))
      throw new BridgeError('csrf_failed', {
        reason: 'csrf_token_mismatch',
        message: 'csrf token mismatch',
      })
    // Without a first factor there is nothing to add a second one to.
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
    const app = await loadApp(storage, tx)
    notePage(c, { app })
    return { id, tx, pending, app, user }
  }

  const stepOf = (step: Step, user = step.user) => ({
    txId: step.id,
    tx: step.tx,
    app: step.app,
    user,
  })

  /** The second factor passed: finish, or show the notice (recovery codes) first. */
  async function passed(
    c: Context<BridgeEnv>,
    step: Step,
    user: User,
    method: SecondFactorMethod,
    notice?: Notice,
  ) {
    const outcome = await secondFactor(services, visitOf(c, jar), {
      ...stepOf(step, user),
      method,
      notice,
    })
    return respond(c, jar, outcome)
  }

  const attempts = attemptLimit(storage, MFA_ATTEMPTS, MAX_ATTEMPTS, ATTEMPT_WINDOW_SECONDS)
  const throttled = async (userId: string) => !(await attempts.reserve(userId))

  async function renderEnrolment(c: Context<BridgeEnv>, step: Step, error?: BridgeError) {
    const { progress } = step.tx
    let sealed = progress.step === 'enrolling' ? progress.enrolmentSealed : undefined
    const secret = sealed ? box.open(sealed, enrolmentContext(step.id)) : newTotpSecret()
    sealed ??= box.seal(secret, enrolmentContext(step.id))
    const tx = await rotateCsrf(storage, step.id, step.tx, enrol(progress, sealed))
    const uri = totpUri(
      new URL(services.settings.issuer).host,
      step.user.email || step.user.id,
      secret,
    )
    return c.html(
      <EnrolPage
        page={pageOf(c)}
        appName={step.app.name}
        tx={step.id}
        csrf={tx.csrf}
        qrSvg={await qrSvg(uri)}
        secret={secret}
        passkey={await passkeyEnrolmentOptions(services, step.id, step.user)}
        error={describedFor(c, error)}
      />,
      error ? error.status : 200,
    )
  }

  async function renderChallenge(
    c: Context<BridgeEnv>,
    step: Step,
    error?: BridgeError,
    errorField?: 'code' | 'recovery_code',
  ) {
    const tx = await rotateCsrf(storage, step.id, step.tx)
    return c.html(
      <ChallengePage
        page={pageOf(c)}
        appName={step.app.name}
        tx={step.id}
        csrf={tx.csrf}
        totp={step.user.totp !== undefined}
        passkey={await passkeyChallengeOptions(services, step.id, step.user)}
        error={describedFor(c, error)}
        errorField={errorField}
      />,
      error ? error.status : 200,
    )
  }

  const wrongCode = () =>
    new BridgeError('invalid_credentials', {
      reason: 'second_factor_refused',
      message: 'second factor refused',
      say: { key: 'error.say.totpWrong' },
    })
  const tooMany = () =>
    new BridgeError('too_many_attempts', {
      reason: 'throttled',
      message: 'second factor throttled',
    })

  async function fail(
    c: Context<BridgeEnv>,
    step: Step,
    error: BridgeError,
    render: typeof renderChallenge,
  ) {
    services.logger.info('second factor refused', {
      requestId: c.get('requestId'),
      user: step.user.id,
      reason: error.code,
    })
    return render(c, step, error)
  }

  return new Hono<BridgeEnv>()
    .get('/mfa', async (c) => {
      const query = readQuery(c, z.object({ tx: txId, passkey: z.literal('failed').optional() }))
      const step = await load(c, query.tx)
      if (step.tx.progress.step === 'verified') {
        const { csrf } = await rotateCsrf(storage, step.id, step.tx)
        const notice: Notice = {
          title: 'mfa.onTitle',
          text: 'mfa.onText',
        }
        return respond(c, jar, {
          kind: 'page',
          appName: step.app.name,
          txId: step.id,
          csrf,
          notice,
        })
      }
      const error = query.passkey ? passkeyFailed() : undefined
      return (await hasSecondFactorEnrolled(storage, step.user))
        ? renderChallenge(c, step, error)
        : renderEnrolment(c, step, error)
    })
    .post('/mfa', limit, async (c) => {
      assertSameOrigin(c, services.settings.issuer)
      const form = await readForm(c, challengeForm)
      const step = await load(c, form.tx, form.csrf)
      const totp = step.user.totp
      if (!(await hasSecondFactorEnrolled(storage, step.user)))
        throw new BridgeError('invalid_request', { say: { key: 'error.say.noSecondFactor' } })
      if (await throttled(step.user.id)) return renderChallenge(c, step, tooMany())

      if (form.recovery_code) {
        const left = await useRecoveryCode(
          storage,
          step.user.id,
          step.user.recoveryCodes ?? [],
          form.recovery_code,
        )
        if (!left)
          return fail(c, step, wrongCode(), (c, step, error) =>
            renderChallenge(c, step, error, 'recovery_code'),
          )
        await attempts.clear(step.user.id)
        await saveUser(storage, { ...step.user, recoveryCodes: left, updatedAt: Date.now() })
        services.logger.info('recovery code used', {
          requestId: c.get('requestId'),
          user: step.user.id,
          left: left.length,
        })
        return passed(c, step, step.user, 'otp', {
          title: 'mfa.recoveryUsedTitle',
          text: 'mfa.recoveryLeft',
          vars: { count: left.length },
        })
      }
      if (!totp) return fail(c, step, wrongCode(), renderChallenge)
      const outcome = await checkTotp(storage, {
        userId: step.user.id,
        secret: box.open(totp.secretSealed, totpContext(step.user.id)),
        code: form.code ?? '',
        lastStep: totp.lastStep,
      })
      if (!outcome.ok) return fail(c, step, wrongCode(), renderChallenge)
      await attempts.clear(step.user.id)
      const user = { ...step.user, totp: { ...totp, lastStep: outcome.step } }
      await saveUser(storage, user)
      return passed(c, step, user, 'otp')
    })
    .post('/mfa/enroll', limit, async (c) => {
      assertSameOrigin(c, services.settings.issuer)
      const form = await readForm(c, enrolForm)
      const step = await load(c, form.tx, form.csrf)
      const { progress } = step.tx
      if ((await hasSecondFactorEnrolled(storage, step.user)) || progress.step !== 'enrolling') {
        throw new BridgeError('invalid_request', { reason: 'second_factor_enrolled' })
      }
      if (await throttled(step.user.id)) return renderEnrolment(c, step, tooMany())
      const secret = box.open(progress.enrolmentSealed, enrolmentContext(step.id))
      const outcome = await checkTotp(storage, { userId: step.user.id, secret, code: form.code })
      if (!outcome.ok) return fail(c, step, wrongCode(), renderEnrolment)
      await attempts.clear(step.user.id)
      const { codes, hashes } = newRecoveryCodes()
      const now = Date.now()
      const enrolled: User = {
        ...step.user,
        totp: {
          secretSealed: box.seal(secret, totpContext(step.user.id)),
          enrolledAt: now,
          lastStep: outcome.step,
        },
        recoveryCodes: hashes,
        updatedAt: now,
      }
      await saveUser(storage, enrolled)
      services.logger.info('totp enrolled', { requestId: c.get('requestId'), user: step.user.id })
      await recordFactorChange(userEventDepsOf(services), {
        user: enrolled,
        action: 'enrolled',
        factors: ['totp', 'recovery_codes'],
        requestId: c.get('requestId'),
      })
      return passed(c, step, step.user, 'otp', {
        title: 'mfa.saveCodesTitle',
        text: 'mfa.saveCodesText',
        codes,
      })
    })
    .post('/mfa/continue', limit, async (c) => {
      assertSameOrigin(c, services.settings.issuer)
      const form = await readForm(c, continueForm)
      const step = await load(c, form.tx, form.csrf)
      if (step.tx.progress.step !== 'verified')
        throw new BridgeError('invalid_request', {
          say: { key: 'error.say.secondStepNotDone' },
        })
      return respond(c, jar, await continueSignIn(services, visitOf(c, jar), stepOf(step)))
    })
}
