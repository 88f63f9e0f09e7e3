/**
 * Who may make the bridge call private networks: the start-up warning that lists them, and what
 * an edit does to the opt-in. Turning it on lets the record's URLs reach loopback, the intranet
 * and cloud metadata, so it needs the highest admin authority (admin/connections) and has its own
 * audit entry (apply-config); turning it off only takes that away.
 */
import { APPS } from '../domain/apps.js'
import { CONNECTIONS } from '../domain/connections.js'
import type { Logger } from '../logger.js'
import type { Storage } from '../storage/types.js'

/** Any connection or app record or input; local connections have no such field. */
type OptIn = object | undefined

const on = (record: OptIn) =>
  (record as { dangerouslyAllowPrivateNetwork?: unknown } | undefined)
    ?.dangerouslyAllowPrivateNetwork === true

/** Off (or a new record) before, on after. */
export const privateNetworkTurnedOn = (before: OptIn, after: object) => !on(before) && on(after)

/** The opt-in before and after, when an edit (or a new record that has it on) changes it. */
export function privateNetworkChange(before: OptIn, after: object) {
  if (on(before) === on(after)) return undefined
  return {
    before: { dangerouslyAllowPrivateNetwork: on(before) },
    after: { dangerouslyAllowPrivateNetwork: on(after) },
  }
}

export async function warnPrivateNetworkOptIns(storage: Storage, logger: Logger): Promise<void> {
  const connections = (await storage.list(CONNECTIONS))
    .filter((r) => r.value.type !== 'local' && on(r.value))
    .map((r) => r.key)
  const records = await storage.list(APPS)
  const apps = records.filter((r) => on(r.value)).map((r) => r.key)
  // An endpoint's own opt-in (docs/webhooks.md), named `app/endpoint`.
  const webhooks = records.flatMap((r) =>
    (r.value.webhooks ?? []).filter((e) => on(e)).map((e) => `${r.key}/${e.id}`),
  )
  if (connections.length === 0 && apps.length === 0 && webhooks.length === 0) return
  logger.warn(
    'dangerouslyAllowPrivateNetwork is on: requests for these may reach loopback and private networks',
    {
      connections: connections.join(','),
      apps: apps.join(','),
      ...(webhooks.length ? { webhooks: webhooks.join(',') } : {}),
    },
  )
}
