/**
 * "Check against <platform>" for the admin API and the CLI: a sign-in of a real user played
 * through without a browser (the bridge plays the platform's side of the round trip with the
 * app's own settings, as /authorize reads it), then the platform's own rules on exactly what it
 * would receive. Nothing is sent to the platform; the audit entry holds counts, never the token
 * or the key.
 */
import { z } from 'zod'
import { recordAudit, type Actor } from '../domain/audit-log.js'
import { appSecretContext, getApp } from '../domain/apps.js'
import type { MintInput, Minter } from '../domain/mint-token.js'
import { createMinter } from '../domain/mint-token.js'
import { createPairwiseSubjects } from '../domain/pairwise-subject.js'
import {
  ownPlatformKey,
  runContractCheck,
  type ContractReport,
} from '../domain/platform-contract-check.js'
import { readPlatformRequest } from '../domain/platform-request.js'
import { isPresetApp, platformSide, type PresetApp } from '../domain/platform-round-trip.js'
import { presets } from '../domain/presets.js'
import { createStoreCustomers, type StoreCustomers } from '../domain/store-customers.js'
import { findUserByEmail, USERS, type User } from '../domain/users.js'
import { firstLocalConnection } from '../domain/connections.js'
import { BridgeError } from '../errors.js'
import { outbound } from '../net/outbound.js'
import type { AdminDeps } from './context.js'
import { notFound, parseInput } from './input.js'

export type { ContractReport }

/** A PEM RSA public key is under 1 KiB and an EdDSA private key a fraction of that. */
export const MAX_PLATFORM_KEY = 8192
/** A day either way: a clock off by more is not a skew but a wrong date. */
export const MAX_CLOCK_OFFSET_SECONDS = 86_400

export const platformCheckInput = z.strictObject({
  /** The user to sign in: an email on one of the app's connections. */
  user: z.string().trim().min(1).max(254).optional(),
  /** The key the admin pasted into the platform; default: the one the bridge says to paste. */
  platformKey: z.string().min(1).max(MAX_PLATFORM_KEY).optional(),
  /** How far the platform's clock runs ahead of the bridge's (negative: behind). */
  clockOffsetSeconds: z
    .number()
    .int()
    .min(-MAX_CLOCK_OFFSET_SECONDS)
    .max(MAX_CLOCK_OFFSET_SECONDS)
    .optional(),
})
export type PlatformCheckInput = z.input<typeof platformCheckInput>

/** The bridge's minter and store client when it runs; the CLI makes its own from the same keys. */
export interface PlatformCheckDeps extends AdminDeps {
  mint?: Minter
  storeCustomers?: StoreCustomers
}

const invalid = (description: string) => new BridgeError('invalid_request', { description })

export function requirePresetApp(app: Awaited<ReturnType<typeof getApp>>, id: string): PresetApp {
  if (!app) throw notFound('app', id)
  if (!isPresetApp(app))
    throw invalid(
      `The app ${id} has no preset: the contract check runs a platform's rules, so it is for preset apps only.`,
    )
  return app
}

export const appSecretOf = (deps: Pick<AdminDeps, 'box'>, app: PresetApp) => () => {
  if (app.signing.alg !== 'HS256') throw new Error(`app ${app.id} has no shared secret`)
  return deps.box.open(app.signing.secretSealed, appSecretContext(app.id))
}

/** Runs the check for `user` (already chosen) and records it. */
export async function checkAgainstPlatform(
  deps: AdminDeps & { mint: Minter; storeCustomers: StoreCustomers },
  input: {
    actor: Actor
    app: PresetApp
    user: User
    session?: MintInput['session']
    platformKey?: string
    clockOffsetSeconds?: number
  },
): Promise<ContractReport> {
  const { app, user } = input
  const now = deps.now?.() ?? Date.now()
  const secret = appSecretOf(deps, app)
  const side = platformSide(app, secret, now)
  const request = readPlatformRequest(app, presets[app.preset], side.query, secret)
  const report = await runContractCheck(deps, {
    app,
    user,
    session: input.session ?? {
      connection: user.connection,
      authTime: Math.floor(now / 1000),
      amr: ['pwd'],
    },
    target: { redirectUri: side.redirectUri, state: side.state, platform: request },
    expected: side.expected,
    key: input.platformKey ?? (await ownPlatformKey(app, deps)),
    now,
    clockOffsetSeconds: input.clockOffsetSeconds ?? 0,
    appSecret: app.signing.alg === 'HS256' ? secret : undefined,
  })
  await recordPlatformCheck(deps, input.actor, report, {
    userId: user.id,
    keyGiven: input.platformKey !== undefined,
  })
  return report
}

/** The audit entry of a check: who ran it, for whom, and how many rules passed. */
export async function recordPlatformCheck(
  deps: Pick<AdminDeps, 'storage'>,
  actor: Actor,
  report: ContractReport,
  extra: { userId: string; keyGiven: boolean; requestId?: string },
) {
  await recordAudit(deps.storage, {
    event: 'app.platform_checked',
    actor,
    app: report.app,
    user: extra.userId,
    requestId: extra.requestId,
    after: {
      platform: report.platform,
      passed: report.passed,
      failed: report.failed,
      failedRules: report.results.filter((r) => !r.pass).map((r) => r.rule),
      clockOffsetSeconds: report.clock.offsetSeconds,
      platformKeyGiven: extra.keyGiven,
    },
  })
}

const SCAN_PAGE = 250
const MAX_SCAN_PAGES = 40

/**
 * The named user on one of the app's connections, else the first enabled user of its first local
 * connection. Upstream users are not in the email index, so they are found by a bounded scan.
 */
async function chooseUser(deps: AdminDeps, app: PresetApp, email: string | undefined) {
  const connections = new Set(app.connections)
  for (const connection of email ? app.connections : []) {
    const found = await findUserByEmail(deps.storage, connection, email as string)
    if (found) return found
  }
  const local = email ? undefined : await firstLocalConnection(deps.storage, app.connections)
  if (!email && !local) {
    throw invalid(
      `The app ${app.id} has no local connection to take a user from: name one with "user".`,
    )
  }
  let start: string | undefined
  for (let page = 0; page < MAX_SCAN_PAGES; page++) {
    const rows = await deps.storage.list(USERS, { start, limit: SCAN_PAGE })
    const hit = rows.find(({ value }) =>
      email
        ? connections.has(value.connection) && value.email.toLowerCase() === email.toLowerCase()
        : value.connection === local && !value.disabled,
    )
    if (hit) return hit.value
    const last = rows.at(-1)
    if (rows.length < SCAN_PAGE || !last) break
    start = `${last.key}\u0001`
  }
  throw invalid(
    email
      ? `No user ${email} on the connections of the app ${app.id}.`
      : `The app's connection ${local} has no user yet: create one, or name a user with "user".`,
  )
}

export function platformCheckService(deps: PlatformCheckDeps) {
  let mint = deps.mint
  let storeCustomers = deps.storeCustomers
  return {
    /** Validates the input, picks the user, and runs the check. */
    async run(actor: Actor, appId: string, raw: unknown): Promise<ContractReport> {
      const input = parseInput(platformCheckInput, raw ?? {})
      const app = requirePresetApp(await getApp(deps.storage, appId), appId)
      const user = await chooseUser(deps, app, input.user)
      if (user.disabled) throw invalid(`The user ${user.email} is disabled and cannot sign in.`)
      // Made once, on first use: the same keys and pairwise subjects as the bridge's own minter.
      mint ??= createMinter({
        issuer: deps.issuer,
        keystore: deps.keystore,
        box: deps.box,
        pairwise: createPairwiseSubjects(deps.storage, deps.box),
        now: deps.now,
      })
      storeCustomers ??= createStoreCustomers({ box: deps.box, outbound })
      return checkAgainstPlatform(
        { ...deps, mint, storeCustomers },
        {
          actor,
          app,
          user,
          platformKey: input.platformKey,
          clockOffsetSeconds: input.clockOffsetSeconds,
        },
      )
    },
  }
}
