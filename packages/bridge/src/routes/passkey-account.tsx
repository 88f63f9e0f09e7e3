/**
 * /account/passkeys: a signed-in user lists, adds, renames and removes their passkeys. It needs
 * the bridge session; when the user already has a second factor, the session must have used one
 * (a stolen password alone must not be able to add or remove factors).
 */
import type { Context } from 'hono'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { z } from 'zod'
import { safeEqual, sha256 } from '../domain/secret-hash.js'
import type { Session } from '../domain/sessions.js'
import { saveUser, type User } from '../domain/users.js'
import { userEventDepsOf } from '../domain/user-events.js'
import { BridgeError } from '../errors.js'
import {
  getPasskey,
  listPasskeys,
  MAX_PASSKEYS_PER_USER,
  passkeyName,
  removePasskey,
  savePasskey,
} from '../mfa/passkeys.js'
import { recordFactorChange } from '../mfa/factor-events.js'
import { hasSecondFactor } from '../mfa/policy.js'
import { newRecoveryCodes } from '../mfa/recovery-codes.js'
import {
  finishRegistration,
  parseRegistrationResponse,
  relyingParty,
  startRegistration,
} from '../mfa/webauthn.js'
import { PasskeyAccountPage } from '../views/passkey-account-page.js'
import { accountHolder, stepUpPage } from './account-holder.js'
import { cookieJar } from './cookies.js'
import type { BridgeEnv, BridgeServices } from './env.js'
import type { MessageKey } from '../i18n/messages.js'
import { pageOf } from './page.js'
import { readForm, readQuery } from './params.js'
import { assertSameOrigin } from './same-origin.js'

const PAGE = '/account/passkeys'
const csrf = z.string().min(1).max(64)
const credentialId = z
  .string()
  .min(1)
  .max(1366)
  .regex(/^[A-Za-z0-9_-]+$/)
const addForm = z.object({
  csrf,
  credential: z.string().max(16 * 1024),
  name: z.string().max(200).optional(),
})
const renameForm = z.object({ csrf, id: credentialId, name: z.string().max(200) })
const removeForm = z.object({ csrf, id: credentialId })
const notices = {
  added: 'account.addedNotice',
  renamed: 'account.renamedNotice',
  removed: 'account.removedNotice',
} as const satisfies Record<string, MessageKey>
const showQuery = z.object({
  done: z.enum(['added', 'renamed', 'removed']).optional(),
  passkey: z.literal('failed').optional(),
})

interface Account {
  sessionHash: string
  session: Session
  user: User
  csrf: string
}

export function passkeyAccountRoutes(services: BridgeServices) {
  const { storage } = services
  const events = userEventDepsOf(services)
  const rp = relyingParty(services.settings.issuer)
  const jar = cookieJar(services.settings.issuer)
  const limit = bodyLimit({
    maxSize: 24 * 1024,
    onError: () => {
      throw new BridgeError('payload_too_large')
    },
  })

  /** No factor, or only passkeys this very session added (before it used any second factor). */
  async function onlyOwnFactors(user: User, sessionHash: string) {
    if (user.totp) return false
    const passkeys = await listPasskeys(storage, user.id)
    return passkeys.every((p) => p.addedInSession === sessionHash)
  }

  /** The signed-in user, if the session may manage factors; otherwise the page that says why. */
  async function account(c: Context<BridgeEnv>): Promise<Account | Response> {
    const holder = await accountHolder(services, jar, c)
    if (holder instanceof Response) return holder
    const { cookie, session, user } = holder
    const sessionHash = sha256(cookie)
    if (!hasSecondFactor(session.amr) && !(await onlyOwnFactors(user, sessionHash)))
      return stepUpPage(c)
    // Only the holder of the session cookie can know this value.
    return { sessionHash, session, user, csrf: sha256(`passkey-account:${cookie}`) }
  }

  async function render(
    c: Context<BridgeEnv>,
    me: Account,
    extra: { notice?: MessageKey; error?: MessageKey; codes?: string[] } = {},
  ) {
    const page = pageOf(c)
    const passkeys = await listPasskeys(storage, me.user.id)
    const register =
      passkeys.length < MAX_PASSKEYS_PER_USER
        ? await startRegistration(storage, rp, {
            user: me.user,
            binding: { purpose: 'account', session: me.sessionHash, userId: me.user.id },
          })
        : undefined
    return c.html(
      <PasskeyAccountPage
        page={page}
        email={me.user.email}
        csrf={me.csrf}
        passkeys={passkeys}
        register={register}
        notice={extra.notice && page.t(extra.notice)}
        error={extra.error && page.t(extra.error)}
        codes={extra.codes}
      />,
      extra.error ? 400 : 200,
    )
  }

  async function posted<T extends z.ZodType>(c: Context<BridgeEnv>, schema: T) {
    assertSameOrigin(c, services.settings.issuer)
    const form = (await readForm(c, schema)) as z.output<T> & { csrf: string }
    const me = await account(c)
    if (me instanceof Response) return { me }
    if (!safeEqual(form.csrf, me.csrf))
      throw new BridgeError('csrf_failed', { message: 'account csrf mismatch' })
    return { me, form }
  }

  const done = (c: Context<BridgeEnv>, what: keyof typeof notices | 'failed') =>
    c.redirect(what === 'failed' ? `${PAGE}?passkey=failed` : `${PAGE}?done=${what}`, 303)

  return new Hono<BridgeEnv>()
    .get(PAGE, async (c) => {
      const query = readQuery(c, showQuery)
      const me = await account(c)
      if (me instanceof Response) return me
      return render(c, me, {
        notice: query.done ? notices[query.done] : undefined,
        error: query.passkey ? 'account.notAdded' : undefined,
      })
    })
    .post(PAGE, limit, async (c) => {
      const { me, form } = await posted(c, addForm)
      if (!form) return me
      const response = parseRegistrationResponse(form.credential)
      const outcome = response
        ? await finishRegistration(
            storage,
            rp,
            {
              response,
              binding: { purpose: 'account', session: me.sessionHash, userId: me.user.id },
            },
            { name: passkeyName(form.name, 'Passkey'), addedInSession: me.sessionHash },
          )
        : ({ ok: false, reason: 'malformed' } as const)
      if (!outcome.ok) {
        services.logger.info('passkey refused', {
          requestId: c.get('requestId'),
          user: me.user.id,
          reason: outcome.reason,
        })
        return done(c, 'failed')
      }
      services.logger.info('passkey added', { requestId: c.get('requestId'), user: me.user.id })
      const change = { action: 'enrolled', requestId: c.get('requestId') } as const
      if (me.user.recoveryCodes?.length) {
        await recordFactorChange(events, { ...change, user: me.user, factors: ['passkey'] })
        return done(c, 'added')
      }
      // The user's first factor of any kind: recovery codes, as at enrolment.
      const { codes, hashes } = newRecoveryCodes()
      const withCodes = { ...me.user, recoveryCodes: hashes, updatedAt: Date.now() }
      await saveUser(storage, withCodes)
      await recordFactorChange(events, {
        ...change,
        user: withCodes,
        factors: ['passkey', 'recovery_codes'],
      })
      return render(c, me, { notice: notices.added, codes })
    })
    .post(`${PAGE}/rename`, limit, async (c) => {
      const { me, form } = await posted(c, renameForm)
      if (!form) return me
      const passkey = await getPasskey(storage, me.user.id, form.id)
      if (!passkey) throw new BridgeError('not_found', { message: 'no such passkey' })
      await savePasskey(storage, { ...passkey, name: passkeyName(form.name, passkey.name) })
      return done(c, 'renamed')
    })
    .post(`${PAGE}/remove`, limit, async (c) => {
      const { me, form } = await posted(c, removeForm)
      if (!form) return me
      if (!(await removePasskey(storage, me.user.id, form.id)))
        throw new BridgeError('not_found', { message: 'no such passkey' })
      services.logger.info('passkey removed', { requestId: c.get('requestId'), user: me.user.id })
      await recordFactorChange(events, {
        user: me.user,
        action: 'removed',
        factors: ['passkey'],
        requestId: c.get('requestId'),
      })
      return done(c, 'removed')
    })
}
