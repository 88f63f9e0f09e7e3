/**
 * A second factor enrolled or removed: audited with who did it (the user at an enrolment or on
 * the account page) and told to the apps as `mfa.enrolled` / `mfa.removed`.
 * The factor's name is all that is said of it: never a secret, a code or a credential id.
 */
import { recordAudit, type Actor } from '../domain/audit-log.js'
import type { LifecycleEvent } from '../domain/lifecycle-events.js'
import { tellUserEvent, type UserEventDeps } from '../domain/user-events.js'
import type { User } from '../domain/users.js'

export type Factor = NonNullable<LifecycleEvent['factor']>

export async function recordFactorChange(
  deps: UserEventDeps,
  change: {
    user: User
    action: 'enrolled' | 'removed'
    factors: Factor[]
    /** The user themself unless said otherwise. */
    actor?: Actor
    requestId?: string
  },
): Promise<void> {
  const { user, action, factors, requestId } = change
  if (!factors.length) return
  await recordAudit(deps.storage, {
    event: action === 'enrolled' ? 'user.mfa_enrolled' : 'user.mfa_removed',
    actor: change.actor ?? { type: 'user', id: user.id },
    user: user.id,
    connection: user.connection,
    after: { factors },
    requestId,
  })
  for (const factor of factors)
    await tellUserEvent(
      deps,
      { type: action === 'enrolled' ? 'mfa.enrolled' : 'mfa.removed', factor },
      user,
      requestId,
    )
}
