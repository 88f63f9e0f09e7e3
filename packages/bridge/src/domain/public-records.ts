/**
 * Records as an admin may see them: what the console, the API, exports and the audit log show.
 * Secrets never leave storage. Apps and connections are redacted by rule (every `…Sealed` field,
 * and any field named like a secret), so fields added later are shown without leaking; users are
 * shown by allow-list, because most of what they hold besides the profile is a credential.
 */
import type { App } from './apps.js'
import type { Connection } from './connections.js'
import type { User } from './users.js'

/** What a sealed field shows instead of its value. */
export const SEALED = '[sealed]'
const SECRET_NAME = /secret|password|private|recovery|totp/i
/** Settings whose names match SECRET_NAME but hold none: a local connection's sign-in modes. */
const NOT_SECRET = new Set(['passwordless'])

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact)
  if (!value || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(value)) {
    if (field === undefined) continue
    if (key.endsWith('Sealed')) out[key.slice(0, -'Sealed'.length)] = SEALED
    else if (SECRET_NAME.test(key) && !NOT_SECRET.has(key)) out[key] = SEALED
    else out[key] = redact(field)
  }
  return out
}

export type PublicApp = Omit<App, 'signing'> & {
  signing: { alg: string; secret?: string; previousSecret?: string; graceUntil?: number }
}
export type PublicConnection = Record<string, unknown> & {
  id: string
  type: string
  name: string
  updatedAt: number
}

export const publicApp = (app: App): PublicApp => redact(app) as PublicApp
export const publicConnection = (connection: Connection): PublicConnection =>
  redact(connection) as PublicConnection

export interface PublicUser {
  id: string
  connection: string
  email: string
  emailVerified: boolean
  name?: string
  givenName?: string
  familyName?: string
  groups?: string[]
  disabled: boolean
  hasPassword: boolean
  mfaEnrolled: boolean
  createdAt: number
  updatedAt: number
  lastLoginAt?: number
}

export function publicUser(user: User): PublicUser {
  const view: PublicUser = {
    id: user.id,
    connection: user.connection,
    email: user.email,
    emailVerified: user.emailVerified,
    name: user.name,
    givenName: user.givenName,
    familyName: user.familyName,
    groups: user.groups,
    disabled: user.disabled,
    hasPassword: user.passwordHash !== undefined,
    mfaEnrolled: (user as { totp?: unknown }).totp !== undefined,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    lastLoginAt: user.lastLoginAt,
  }
  return JSON.parse(JSON.stringify(view)) as PublicUser
}
