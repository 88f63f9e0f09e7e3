/**
 * Squares the back-channel logouts a site received with the logouts that completed. The rule:
 * delivery is at least once, so a site may see the same (app, sid) again after a retry, and drops
 * it by its jti; hence every expected (app, sid) arrives, every arrival belongs to a session that
 * was logged out, and every repeat of an (app, sid) carries the same jti as its first arrival.
 */
import type { ReceivedLogout } from '../../packages/bridge/src/testing/backchannel-site.js'

export interface LogoutLedger {
  expected: number
  /** Distinct (app, sid) received. */
  distinct: number
  /** Deliveries beyond the first per (app, sid): repeats a site drops by jti. */
  repeats: number
  missing: string[]
  /** (app, sid) whose session was never logged out by the test. */
  unasked: string[]
  /** (app, sid) of a logged-out session for an app the test did not see it sign in to. */
  unseenApps: string[]
  /** (app, sid) received with more than one jti. */
  jtiChanged: string[]
}

export function squareLogouts(
  received: ReceivedLogout[],
  loggedOut: Map<string, Set<string>>,
): LogoutLedger {
  const jtis = new Map<string, Set<string>>()
  let repeats = 0
  for (const { claims } of received) {
    const app = Array.isArray(claims.aud) ? claims.aud.join(' ') : String(claims.aud)
    const key = `${app}|${String(claims.sid)}`
    const seen = jtis.get(key)
    if (seen) repeats++
    jtis.set(key, (seen ?? new Set()).add(String(claims.jti)))
  }
  const expected = [...loggedOut].flatMap(([sid, apps]) => [...apps].map((app) => `${app}|${sid}`))
  const sidOf = (key: string) => key.slice(key.indexOf('|') + 1)
  const keys = [...jtis.keys()]
  return {
    expected: expected.length,
    distinct: jtis.size,
    repeats,
    missing: expected.filter((key) => !jtis.has(key)),
    unasked: keys.filter((key) => !loggedOut.has(sidOf(key))),
    unseenApps: keys.filter((key) => loggedOut.has(sidOf(key)) && !expected.includes(key)),
    jtiChanged: keys.filter((key) => jtis.get(key)!.size > 1),
  }
}
