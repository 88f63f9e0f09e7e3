/**
 * The chaos test's load: workers, one seed user each, run journeys until told to stop. A journey
 * is one browser: a first sign-in with the password (in turn the form_post app, the code app, the
 * OpenID Provider's client), the other kinds by session reuse, then a logout by `sid`, which owes
 * a back-channel logout to every app the session signed in to. Bounded by a deadline.
 */
import type * as client from 'openid-client'
import { CRM, NOTES, SHOP } from './chaos-config.js'
import {
  ChaosBrowser,
  codeSignIn,
  FlowFailure,
  formPostSignIn,
  logout,
  openIdSignIn,
  type Account,
  type Replay,
} from './sign-in-flows.js'

type Fetch = (input: string, init?: RequestInit) => Promise<Response>
export const KINDS = [
  'password',
  'session_reuse',
  'code_pkce',
  'openid_provider',
  'logout',
] as const
export type Kind = (typeof KINDS)[number]

export interface KindOutcome {
  completed: number
  /** Clean failures by what they met. */
  clean: Map<string, number>
  unclean: string[]
}

export class LoadReport {
  readonly kinds = new Map<Kind, KindOutcome>(
    KINDS.map((kind) => [kind, { completed: 0, clean: new Map(), unclean: [] }]),
  )
  /** Codes redeemed a second time, by what the second redemption got. */
  readonly replays = new Map<Replay, number>()
  /** Login forms posted a second time after they signed in, by what the second post got. */
  readonly transactionReplays = new Map<Replay, number>()
  /** sid → the apps its session signed in to, for sessions whose logout completed. */
  readonly loggedOut = new Map<string, Set<string>>()
  /** Sessions whose logout did not complete yet (tried again after the load). */
  readonly pendingLogouts: { browser: ChaosBrowser; sid: string; apps: Set<string> }[] = []
  journeys = 0

  outcome(kind: Kind): KindOutcome {
    return this.kinds.get(kind)!
  }
}

export interface LoadOptions {
  issuer: string
  fetch: Fetch
  crm: client.Configuration
  users: Account[]
  /** The load stops starting journeys once this says so, or at the deadline. */
  stop: () => boolean
  deadline: number
}

export async function runLoad(
  options: LoadOptions,
  report = new LoadReport(),
): Promise<LoadReport> {
  await Promise.all(
    options.users.map(async (account, worker) => {
      for (let n = worker; !options.stop() && Date.now() < options.deadline; n++) {
        await journey(options, report, account, n % 3)
      }
    }),
  )
  return report
}

/** One browser's journey; `first` picks the kind that signs in with the password. */
export async function journey(
  options: Pick<LoadOptions, 'issuer' | 'fetch' | 'crm'>,
  report: LoadReport,
  account: Account,
  first: number,
): Promise<void> {
  report.journeys++
  const browser = new ChaosBrowser(options.issuer, options.fetch, (replay) =>
    report.transactionReplays.set(replay, (report.transactionReplays.get(replay) ?? 0) + 1),
  )
  const apps = new Set<string>()
  let sid: string | undefined

  // A step returns the session's sid when what it got names it (the OpenID Provider's does not).
  let signedIn = false
  const step = async (kind: Kind, app: string, run: () => Promise<string | undefined>) => {
    try {
      const got = await run()
      if (got !== undefined && sid !== undefined && got !== sid) {
        throw new FlowFailure(false, `${kind}: another session (sid changed)`)
      }
      sid ??= got
      signedIn = true
      apps.add(app)
      report.outcome(kind).completed++
      return true
    } catch (error) {
      const outcome = report.outcome(kind)
      if (error instanceof FlowFailure && error.clean) {
        outcome.clean.set(error.message, (outcome.clean.get(error.message) ?? 0) + 1)
      } else {
        outcome.unclean.push((error as Error).message)
      }
      return false
    }
  }
  const replayed = (replay: Replay) =>
    report.replays.set(replay, (report.replays.get(replay) ?? 0) + 1)
  const code = (who: Account | null) => async () => {
    const { sid, replay } = await codeSignIn(browser, who)
    replayed(replay)
    return sid
  }
  const openId = (who: Account | null) => async () => {
    const { sid, replay } = await openIdSignIn(browser, options.crm, who)
    replayed(replay)
    return sid
  }
  const reuse = () => formPostSignIn(browser, null)

  const plan: [Kind, string, () => Promise<string | undefined>][] =
    first === 0
      ? [
          ['password', SHOP.id, () => formPostSignIn(browser, account)],
          ['code_pkce', NOTES.id, code(null)],
          ['openid_provider', CRM.id, openId(null)],
          ['session_reuse', SHOP.id, reuse],
        ]
      : first === 1
        ? [
            ['code_pkce', NOTES.id, code(account)],
            ['session_reuse', SHOP.id, reuse],
            ['openid_provider', CRM.id, openId(null)],
          ]
        : [
            ['openid_provider', CRM.id, openId(account)],
            ['session_reuse', SHOP.id, reuse],
            ['code_pkce', NOTES.id, code(null)],
          ]
  for (const [kind, app, run] of plan) {
    // Without a session from the first step there is nothing to reuse.
    if (!(await step(kind, app, run)) && !signedIn) return
  }
  if (sid === undefined) return
  const session = { browser, sid, apps }
  if (await tryLogout(report, session)) return
  report.pendingLogouts.push(session)
}

export async function tryLogout(
  report: LoadReport,
  session: { browser: ChaosBrowser; sid: string; apps: Set<string> },
): Promise<boolean> {
  const done = await (async () => {
    try {
      await logout(session.browser, session.sid)
      report.outcome('logout').completed++
      return true
    } catch (error) {
      const outcome = report.outcome('logout')
      if (error instanceof FlowFailure && error.clean) {
        outcome.clean.set(error.message, (outcome.clean.get(error.message) ?? 0) + 1)
      } else {
        outcome.unclean.push((error as Error).message)
      }
      return false
    }
  })()
  if (done) report.loggedOut.set(session.sid, session.apps)
  return done
}
