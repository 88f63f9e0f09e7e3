/**
 * Stored records written back in the config file's shape, without their secrets: what
 * `ssobridge export` prints, and what an edit in the console or a PATCH starts from.
 */
import type { App } from '../domain/apps.js'
import type { ClaimRule } from '../domain/app-integration.js'
import type { Connection } from '../domain/connections.js'
import { linkTargets } from '../domain/link-targets.js'
import { oidcClientAsConfig } from '../config/oidc-client-schema.js'

type Plain = Record<string, unknown>

function claimsAsConfig(claims: Record<string, ClaimRule> | undefined) {
  if (!claims) return undefined
  return Object.fromEntries(
    Object.entries(claims).map(([name, rule]) => [
      name,
      rule && 'from' in rule ? (rule.from.length === 1 ? rule.from[0] : rule.from) : rule,
    ]),
  )
}

/** Drops undefined fields, so that a view compares and prints like a file would. */
const clean = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T

export function appAsConfig(app: App): Plain {
  const {
    updatedAt: _,
    signing,
    claims,
    subject,
    oidc,
    tokenAlg,
    platform,
    branding,
    // Edited through their own endpoints; the export writes them with env: secrets.
    webhooks: ____,
    ...rest
  } = app
  // The platform's API token stays sealed behind, like the app's own secret and key.
  const { apiTokenSealed: __, ...platformSettings } = platform ?? {}
  // An uploaded logo is an image in storage, not a setting: its own endpoints move it.
  const { logoUploaded: ___, ...brandingSettings } = branding ?? {}
  return clean({
    ...rest,
    // HS512 is stored as a shared secret with its JWT algorithm beside it; the file names it.
    signing: { alg: tokenAlg === 'HS512' ? 'HS512' : signing.alg },
    platform: platform ? platformSettings : undefined,
    claims: claimsAsConfig(claims),
    subject: subject === 'pairwise' ? 'pairwise' : undefined,
    oidc: oidcClientAsConfig(oidc),
    branding: Object.keys(brandingSettings).length ? brandingSettings : undefined,
  })
}

export function connectionAsConfig(connection: Connection): Plain {
  const { updatedAt: _, ...rest } = connection
  // A record from before the list form may hold a boolean, which links nothing: shown as such.
  const links = connection.type === 'local' ? {} : { linkByVerifiedEmail: linkTargets(connection) }
  // Sealed secrets stay behind; the file names them as env: references when exported.
  return clean({
    ...Object.fromEntries(Object.entries(rest).filter(([k]) => !k.endsWith('Sealed'))),
    ...links,
  })
}

/** Names of the secret fields a connection of this kind has set (in config terms). */
export function connectionSecretFields(connection: Connection): string[] {
  return Object.keys(connection)
    .filter((k) => k.endsWith('Sealed') && (connection as unknown as Plain)[k] !== undefined)
    .map((k) => k.slice(0, -'Sealed'.length))
}
