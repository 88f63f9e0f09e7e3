/**
 * /account/identities: a signed-in user sees the identities linked to their account and unlinks
 * one (docs/account-linking.md). Like /account/passkeys, a session that did not use the second
 * factor the account has may look but not change: a stolen password alone must not remove ways in.
 */
import type { Context } from 'hono'
import { Hono } from 'hono'
import { z } from 'zod'
import { recordAudit } from '../domain/audit-log.js'
import { getConnection } from '../domain/connections.js'
import {
  identitiesOfUser,
  identityHandle,
  unlinkIdentity,
  type LinkedIdentity,
} from '../domain/identity-links.js'
import { safeEqual, sha256 } from '../domain/secret-hash.js'
import { BridgeError } from '../errors.js'
import { listPasskeys } from '../mfa/passkeys.js'
import { hasSecondFactor } from '../mfa/policy.js'
import { AccountIdentitiesPage, type IdentityRow } from '../views/account-identities-page.js'
import { accountHolder, stepUpPage, type AccountHolder } from './account-holder.js'
import { cookieJar } from './cookies.js'
import { formLimit } from './form-limit.js'
import type { BridgeEnv, BridgeServices } from './env.js'
import { pageOf } from './page.js'
import { readForm, readQuery } from './params.js'
import { assertSameOrigin } from './same-origin.js'

export const ACCOUNT_IDENTITIES_PATH = '/account/identities'
const unlinkForm = z.object({
  csrf: z.string().min(1).max(64),
  id: z
    .string()
    .length(32)
    .regex(/^[A-Za-z0-9_-]+$/),
})
const showQuery = z.object({ done: z.literal('unlinked').optional() })

/** An upstream subject is the IdP's id for the person: shown only in part. */
const masked = (subject: string) =>
  subject.length > 8 ? `${subject.slice(0, 3)}…${subject.slice(-2)}` : '…'

export function accountIdentitiesRoutes(services: BridgeServices) {
  const { storage } = services
  const jar = cookieJar(services.settings.issuer)
  const csrfOf = (holder: AccountHolder) => sha256(`account-identities:${holder.cookie}`)

  async function rows(holder: AccountHolder): Promise<IdentityRow[]> {
    const { user } = holder
    const linked = await identitiesOfUser(storage, user)
    const name = async (id: string) => (await getConnection(storage, id))?.name ?? id
    const own = await getConnection(storage, user.connection)
    // A local account has no identity record: its password is its own way in.
    const local: IdentityRow[] =
      own?.type === 'local'
        ? [
            {
              connectionName: own.name,
              detail: user.email,
              linkedAt: user.createdAt,
              primary: true,
            },
          ]
        : []
    const upstream = await Promise.all(
      linked.map(async (identity: LinkedIdentity) => ({
        handle: identity.primary ? undefined : identityHandle(identity),
        connectionName: await name(identity.connection),
        detail: identity.email ?? masked(identity.subject),
        linkedAt: identity.linkedAt,
        primary: identity.primary,
      })),
    )
    return [...local, ...upstream.sort((a, b) => Number(b.primary) - Number(a.primary))]
  }

  async function render(
    c: Context<BridgeEnv>,
    holder: AccountHolder,
    extra: { notice?: string; error?: BridgeError } = {},
  ) {
    return c.html(
      <AccountIdentitiesPage
        page={pageOf(c)}
        email={holder.user.email}
        csrf={csrfOf(holder)}
        identities={await rows(holder)}
        notice={extra.notice}
        error={extra.error?.description}
      />,
      extra.error ? extra.error.status : 200,
    )
  }

  /** Changing the ways in needs the second factor the account has, when it has one. */
  async function mayChange(holder: AccountHolder) {
    if (hasSecondFactor(holder.session.amr)) return true
    return !holder.user.totp && (await listPasskeys(storage, holder.user.id)).length === 0
  }

  return new Hono<BridgeEnv>()
    .get(ACCOUNT_IDENTITIES_PATH, async (c) => {
      const query = readQuery(c, showQuery)
      const holder = await accountHolder(services, jar, c)
      if (holder instanceof Response) return holder
      return render(c, holder, {
        notice: query.done ? pageOf(c).t('identities.unlinkedNotice') : undefined,
      })
    })
    .post(`${ACCOUNT_IDENTITIES_PATH}/unlink`, formLimit(4 * 1024), async (c) => {
      assertSameOrigin(c, services.settings.issuer)
      const form = await readForm(c, unlinkForm)
      const holder = await accountHolder(services, jar, c)
      if (holder instanceof Response) return holder
      if (!safeEqual(form.csrf, csrfOf(holder)))
        throw new BridgeError('csrf_failed', {
          reason: 'csrf_token_mismatch',
          message: 'account identities csrf mismatch',
        })
      if (!(await mayChange(holder))) return stepUpPage(c)
      const outcome = await unlinkIdentity(storage, holder.user, form.id)
      if ('refused' in outcome) {
        const error = new BridgeError(
          outcome.refused === 'identity_unknown' ? 'not_found' : 'conflict',
          { reason: outcome.refused, message: `unlink refused: ${outcome.refused}` },
        )
        services.logger.info('unlink refused', {
          requestId: c.get('requestId'),
          user: holder.user.id,
          reason: outcome.refused,
        })
        return render(c, holder, { error })
      }
      await recordAudit(storage, {
        event: 'user.identity_unlinked',
        actor: { type: 'user', id: holder.user.id },
        user: holder.user.id,
        connection: outcome.removed.connection,
        before: { connection: outcome.removed.connection },
        requestId: c.get('requestId'),
      })
      return c.redirect(`${ACCOUNT_IDENTITIES_PATH}?done=unlinked`, 303)
    })
}
