/** The admin services as the CLI opens them: same storage and keys as the server, actor `cli`. */
import { userInfo } from 'node:os'
import { createAdminServices, type AdminServices } from '../admin/services.js'
import type { Actor } from '../domain/audit-log.js'
import { defaultEmailSender } from '../email/email-sender.js'
import { emailSettingsFrom } from '../email/environment.js'
import { createMailer } from '../email/mailer.js'
import { loadEmbedAsset } from '../embed-asset.js'
import { createKeystore } from '../keys/keystore.js'
import type { SecretBox } from '../keys/secret-box.js'
import type { Storage } from '../storage/types.js'
import { openStorage } from './open-storage.js'

export function cliActor(env: Record<string, string | undefined> = process.env): Actor {
  let name = env.SSOBRIDGE_ACTOR
  try {
    name ??= userInfo().username
  } catch {
    name ??= 'unknown'
  }
  return { type: 'cli', id: name.slice(0, 100) }
}

export interface AdminCli {
  admin: AdminServices
  storage: Storage
  box: SecretBox
  actor: Actor
  issuer: string
}

/** Runs `run` with the admin services open, and closes storage whatever happens. */
export async function withAdmin<T>(
  run: (cli: AdminCli) => Promise<T>,
  options: { issuer?: string } = {},
): Promise<T> {
  const { storage, box } = await openStorage()
  try {
    const issuer = options.issuer ?? process.env.SSOBRIDGE_ISSUER ?? 'http://localhost:4000'
    let embed
    try {
      embed = loadEmbedAsset()
    } catch {
      embed = undefined // the snippet is then given without its SRI twin
    }
    // SMTP from the environment, as `ssobridge start` reads it: the CLI queues an email in the
    // shared outbox and a running bridge's worker sends it.
    const email = createMailer({
      settings: emailSettingsFrom(undefined, process.env, issuer),
      storage,
      box,
      windowMs: defaultEmailSender.backoff.windowMs,
      wake: () => undefined,
    })
    const admin = createAdminServices({
      storage,
      box,
      keystore: createKeystore(storage, box),
      issuer,
      embed,
      email,
    })
    return await run({ admin, storage, box, actor: cliActor(), issuer })
  } finally {
    await storage.close()
  }
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '')
}

/** A JSON argument (`--json '{…}'`), refused with a usage error when it does not parse. */
export function jsonArgument(value: string | undefined, what = '--json'): unknown {
  if (value === undefined) return undefined
  try {
    return JSON.parse(value) as unknown
  } catch {
    throw new TypeError(`${what} is not valid JSON`)
  }
}

/** Rows as aligned columns. */
export function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? []
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  )
}

export const isoTime = (ms: number | undefined) => (ms ? new Date(ms).toISOString() : '-')
