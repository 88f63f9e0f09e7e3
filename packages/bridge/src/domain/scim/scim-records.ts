/**
 * What SCIM keeps beside the bridge's users: per connection, each provisioned user's SCIM
 * attributes and its groups, and the indexes that make `userName`, `externalId` and a group's
 * `displayName` unique within the connection. Every key starts with the connection, so a token
 * can only ever read its own connection's records.
 */
import type { Json, Storage } from '../../storage/types.js'

export interface ScimUserRecord {
  userId: string
  connection: string
  userName: string
  externalId?: string
  /** The SCIM attributes as the directory last sent them, without id, meta, groups, password. */
  attributes: { [key: string]: Json }
  /** The SCIM groups the user is a member of (their names are the `groups` claim). */
  groups: { id: string; displayName: string }[]
  /** The IdP subject the user signed in with, once linked (domain/scim/provisioned-link.ts). */
  linkedSubject?: string
  createdAt: number
  updatedAt: number
}

export interface ScimGroupRecord {
  id: string
  connection: string
  displayName: string
  externalId?: string
  /** Bridge user ids, each a provisioned user of the same connection. */
  members: string[]
  createdAt: number
  updatedAt: number
}

export const SCIM_USERS = 'scim-user'
export const SCIM_USER_NAMES = 'scim-user-name'
export const SCIM_EXTERNAL_IDS = 'scim-user-external'
export const SCIM_GROUPS = 'scim-group'
export const SCIM_GROUP_NAMES = 'scim-group-name'

declare module '../../storage/types.js' {
  interface StorageRecords {
    [SCIM_USERS]: ScimUserRecord
    [SCIM_USER_NAMES]: string
    [SCIM_EXTERNAL_IDS]: string
    [SCIM_GROUPS]: ScimGroupRecord
    [SCIM_GROUP_NAMES]: string
  }
}

export const recordKey = (connection: string, id: string) => `${connection}|${id}`
/** userName and displayName are case-insensitive (RFC 7643 §4.1.1, caseExact false). */
export const nameKey = (connection: string, name: string) =>
  `${connection}|${name.trim().toLowerCase()}`
/** externalId is case-exact. */
export const externalKey = (connection: string, externalId: string) => `${connection}|${externalId}`

export const getScimUser = (storage: Storage, connection: string, userId: string) =>
  storage.get(SCIM_USERS, recordKey(connection, userId))

export async function scimUserByName(storage: Storage, connection: string, userName: string) {
  const id = await storage.get(SCIM_USER_NAMES, nameKey(connection, userName))
  return id === undefined ? undefined : getScimUser(storage, connection, id)
}

export async function scimUserByExternalId(
  storage: Storage,
  connection: string,
  externalId: string,
) {
  const id = await storage.get(SCIM_EXTERNAL_IDS, externalKey(connection, externalId))
  return id === undefined ? undefined : getScimUser(storage, connection, id)
}

export const getScimGroup = (storage: Storage, connection: string, id: string) =>
  storage.get(SCIM_GROUPS, recordKey(connection, id))
