/**
 * SCIM resources as the directory sees them, made from the bridge's records, with their `meta`
 * and a weak ETag computed from the content (so any change, a group's rename included, gives a
 * new version); and the bridge user's profile made from a SCIM User.
 */
import { createHash } from 'node:crypto'
import type { Json } from '../../storage/types.js'
import type { User } from '../users.js'
import { preconditionFailed } from './scim-error.js'
import type { ScimGroupRecord, ScimUserRecord } from './scim-records.js'
import {
  ENTERPRISE_SCHEMA,
  GROUP_SCHEMA,
  USER_SCHEMA,
  type GroupResourceInput,
  type UserResourceInput,
} from './scim-schemas.js'

const iso = (ms: number) => new Date(ms).toISOString()
const versionOf = (body: unknown) =>
  `W/"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 22)}"`

export interface ScimResource {
  [key: string]: unknown
  id: string
  meta: {
    resourceType: string
    created: string
    lastModified: string
    location: string
    version: string
  }
}

/** The User resource: the stored attributes, `active` from the bridge user, its groups. */
export function userResourceOf(record: ScimUserRecord, user: User, base: string): ScimResource {
  const body = {
    schemas: [USER_SCHEMA, ...(record.attributes[ENTERPRISE_SCHEMA] ? [ENTERPRISE_SCHEMA] : [])],
    id: user.id,
    ...record.attributes,
    active: !user.disabled,
    groups: record.groups.map((g) => ({
      value: g.id,
      display: g.displayName,
      $ref: `${base}/Groups/${g.id}`,
    })),
  }
  return {
    ...body,
    meta: {
      resourceType: 'User',
      created: iso(record.createdAt),
      lastModified: iso(record.updatedAt),
      location: `${base}/Users/${user.id}`,
      version: versionOf(body),
    },
  }
}

/** The document a PATCH is applied to: what a PUT would send to leave the user as it is. */
export const userDocumentOf = (record: ScimUserRecord, user: User): Record<string, unknown> => ({
  schemas: [USER_SCHEMA, ...(record.attributes[ENTERPRISE_SCHEMA] ? [ENTERPRISE_SCHEMA] : [])],
  ...record.attributes,
  active: !user.disabled,
})

export function groupResourceOf(
  group: ScimGroupRecord,
  base: string,
  options: { members?: { id: string; display?: string }[] } = {},
): ScimResource {
  const body = {
    schemas: [GROUP_SCHEMA],
    id: group.id,
    displayName: group.displayName,
    ...(group.externalId !== undefined && { externalId: group.externalId }),
    members: (
      options.members ?? group.members.map((id): { id: string; display?: string } => ({ id }))
    ).map((m) => ({
      value: m.id,
      ...(m.display !== undefined && { display: m.display }),
      type: 'User',
      $ref: `${base}/Users/${m.id}`,
    })),
  }
  return {
    ...body,
    meta: {
      resourceType: 'Group',
      created: iso(group.createdAt),
      lastModified: iso(group.updatedAt),
      location: `${base}/Groups/${group.id}`,
      version: versionOf({ ...body, members: group.members }),
    },
  }
}

export const groupDocumentOf = (group: ScimGroupRecord): Record<string, unknown> => ({
  schemas: [GROUP_SCHEMA],
  displayName: group.displayName,
  ...(group.externalId !== undefined && { externalId: group.externalId }),
  members: group.members.map((value) => ({ value })),
})

/** Refuses a change to a resource whose version is not the one the client names (RFC 7644 §3.14). */
export function checkIfMatch(ifMatch: string | undefined, resource: ScimResource): void {
  if (ifMatch === undefined) return
  const wanted = ifMatch.split(',').map((t) => t.trim())
  if (wanted.includes('*')) return
  // A weak comparison: W/"x" and "x" name the same version.
  const bare = (t: string) => t.replace(/^W\//, '')
  if (!wanted.some((t) => bare(t) === bare(resource.meta.version))) throw preconditionFailed()
}

/** The attributes kept of a User: all but what the server owns and the write-only password. */
export function storedAttributes(input: UserResourceInput): { [key: string]: Json } {
  const { schemas: _s, password: _p, active: _a, ...rest } = input
  return JSON.parse(JSON.stringify(rest)) as { [key: string]: Json }
}

/** The bridge user's profile (what the token's claims are made of) from a SCIM User. */
export function profileOf(input: UserResourceInput) {
  const emails = (input.emails ?? []).filter((e) => e.value)
  const chosen =
    emails.find((e) => e.primary) ??
    emails.find((e) => e.type?.toLowerCase() === 'work') ??
    emails[0]
  const userNameIsEmail = /^[^@\s]+@[^@\s]+$/.test(input.userName)
  const givenName = input.name?.givenName
  const familyName = input.name?.familyName
  const joined = [givenName, familyName].filter(Boolean).join(' ')
  return {
    email: chosen?.value ?? (userNameIsEmail ? input.userName : ''),
    name: input.displayName || input.name?.formatted || joined || undefined,
    givenName: givenName || undefined,
    familyName: familyName || undefined,
    disabled: input.active === false,
  }
}

export const groupFieldsOf = (input: GroupResourceInput) => ({
  displayName: input.displayName,
  externalId: input.externalId,
  members: [...new Set((input.members ?? []).map((m) => m.value))],
})
