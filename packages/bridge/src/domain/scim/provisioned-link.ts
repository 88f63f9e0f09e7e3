/**
 * The first sign-in of a provisioned user: the IdP's identity becomes the user the directory
 * created, within the same connection only (the SCIM token's, whose directory is that IdP's).
 * It matches when the IdP's subject is the user's externalId (Okta sends its user id, the OIDC
 * `sub`) or userName (a SAML NameID carrying the UPN), or when the IdP's *verified* email is the
 * userName. Nothing else links: an unverified email proves nothing, and a user already linked
 * to another subject is never taken over. Two candidates mean no link.
 */
import type { UpstreamIdentity } from '../upstream-identity.js'
import type { Storage } from '../../storage/types.js'
import {
  getScimUser,
  recordKey,
  SCIM_USERS,
  scimUserByExternalId,
  scimUserByName,
  type ScimUserRecord,
} from './scim-records.js'

export async function provisionedUserIdFor(
  storage: Storage,
  connection: string,
  identity: UpstreamIdentity,
): Promise<string | undefined> {
  const found: (ScimUserRecord | undefined)[] = [
    await scimUserByExternalId(storage, connection, identity.subject),
    await scimUserByName(storage, connection, identity.subject),
  ]
  if (identity.emailVerified === true && identity.email)
    found.push(await scimUserByName(storage, connection, identity.email))
  const candidates = new Map<string, ScimUserRecord>()
  for (const record of found)
    if (
      record &&
      record.connection === connection &&
      (record.linkedSubject === undefined || record.linkedSubject === identity.subject)
    )
      candidates.set(record.userId, record)
  return candidates.size === 1 ? [...candidates.keys()][0] : undefined
}

/** Notes the subject a provisioned user is linked to, so no other subject takes it. */
export async function noteProvisionedLink(
  storage: Storage,
  connection: string,
  userId: string,
  subject: string,
): Promise<void> {
  const record = await getScimUser(storage, connection, userId)
  if (record)
    await storage.set(SCIM_USERS, recordKey(connection, userId), {
      ...record,
      linkedSubject: subject,
    })
}
