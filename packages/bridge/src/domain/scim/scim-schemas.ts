/**
 * What a SCIM request body may hold (RFC 7643 §4.1 User, §4.2 Group, §4.3 the enterprise User
 * extension, which Entra ID sends): every attribute of those schemas, each bounded, and nothing
 * else. Attribute names are case-insensitive in SCIM, so keys are first renamed to the schema's
 * spelling; a key no schema names is then refused by the strict objects (invalidSyntax).
 */
import { z } from 'zod'
import { invalidSyntax, invalidValue } from './scim-error.js'

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User'
export const ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group'
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse'

/** One attribute: its spelling, whether it holds a list, and its sub-attributes. */
export interface AttributeSpec {
  name: string
  multi?: boolean
  readOnly?: boolean
  sub?: Record<string, string>
}

const subs = (...names: string[]) =>
  Object.fromEntries(names.map((n) => [n.toLowerCase(), n])) as Record<string, string>
const MULTI_SUB = subs('value', 'display', 'type', 'primary', '$ref')
const attrs = (...specs: AttributeSpec[]) =>
  Object.fromEntries(specs.map((s) => [s.name.toLowerCase(), s])) as Record<string, AttributeSpec>

export const userAttributes = attrs(
  { name: 'id', readOnly: true },
  { name: 'meta', readOnly: true },
  { name: 'schemas' },
  { name: 'externalId' },
  { name: 'userName' },
  {
    name: 'name',
    sub: subs(
      'formatted',
      'familyName',
      'givenName',
      'middleName',
      'honorificPrefix',
      'honorificSuffix',
    ),
  },
  { name: 'displayName' },
  { name: 'nickName' },
  { name: 'profileUrl' },
  { name: 'title' },
  { name: 'userType' },
  { name: 'preferredLanguage' },
  { name: 'locale' },
  { name: 'timezone' },
  { name: 'active' },
  { name: 'password' },
  { name: 'emails', multi: true, sub: MULTI_SUB },
  { name: 'phoneNumbers', multi: true, sub: MULTI_SUB },
  { name: 'ims', multi: true, sub: MULTI_SUB },
  { name: 'photos', multi: true, sub: MULTI_SUB },
  {
    name: 'addresses',
    multi: true,
    sub: subs(
      'formatted',
      'streetAddress',
      'locality',
      'region',
      'postalCode',
      'country',
      'type',
      'primary',
    ),
  },
  { name: 'groups', multi: true, readOnly: true, sub: MULTI_SUB },
  { name: 'entitlements', multi: true, sub: MULTI_SUB },
  { name: 'roles', multi: true, sub: MULTI_SUB },
  { name: 'x509Certificates', multi: true, sub: MULTI_SUB },
)

export const enterpriseAttributes = attrs(
  { name: 'employeeNumber' },
  { name: 'costCenter' },
  { name: 'organization' },
  { name: 'division' },
  { name: 'department' },
  { name: 'manager', sub: subs('value', '$ref', 'displayName') },
)

export const groupAttributes = attrs(
  { name: 'id', readOnly: true },
  { name: 'meta', readOnly: true },
  { name: 'schemas' },
  { name: 'externalId' },
  { name: 'displayName' },
  { name: 'members', multi: true, sub: MULTI_SUB },
)

/** The extensions a resource may carry, by their URN in lower case. */
export const extensionsOf = (
  resource: 'User' | 'Group',
): Record<string, { urn: string; attributes: Record<string, AttributeSpec> }> =>
  resource === 'User'
    ? {
        [ENTERPRISE_SCHEMA.toLowerCase()]: {
          urn: ENTERPRISE_SCHEMA,
          attributes: enterpriseAttributes,
        },
      }
    : {}

export const attributesOf = (resource: 'User' | 'Group') =>
  resource === 'User' ? userAttributes : groupAttributes

/**
 * The body with its keys in the schema's spelling and its nulls dropped (null is "unassigned",
 * RFC 7643 §2.5). Unknown keys stay as they are, for the schema to refuse.
 */
export function canonicalKeys(resource: 'User' | 'Group', body: Record<string, unknown>) {
  const known = attributesOf(resource)
  const extensions = extensionsOf(resource)
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(body)) {
    if (value === null) continue
    const extension = extensions[key.toLowerCase()]
    if (extension && isPlainObject(value)) {
      out[extension.urn] = renameIn(extension.attributes, value)
      continue
    }
    const spec = known[key.toLowerCase()]
    out[spec?.name ?? key] = spec ? canonicalValue(spec, value) : value
  }
  return out
}

function renameIn(specs: Record<string, AttributeSpec>, value: Record<string, unknown>) {
  const out: Record<string, unknown> = {}
  for (const [key, inner] of Object.entries(value)) {
    if (inner === null) continue
    const spec = specs[key.toLowerCase()]
    out[spec?.name ?? key] = spec ? canonicalValue(spec, inner) : inner
  }
  return out
}

export function canonicalValue(spec: AttributeSpec, value: unknown): unknown {
  if (!spec.sub) return value
  const rename = (item: unknown) => {
    if (!isPlainObject(item)) return item
    const out: Record<string, unknown> = {}
    for (const [key, inner] of Object.entries(item))
      if (inner !== null) out[spec.sub?.[key.toLowerCase()] ?? key] = inner
    return out
  }
  return Array.isArray(value) ? value.map(rename) : rename(value)
}

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const text = (max = 1024) => z.string().max(max)
/** Entra ID has sent booleans as the strings "True" and "False"; those are read as booleans. */
const bool = z.preprocess(
  (v) => (typeof v === 'string' && /^(true|false)$/i.test(v) ? v.toLowerCase() === 'true' : v),
  z.boolean(),
)
const multiValued = (max = 20) =>
  z
    .array(
      z.strictObject({
        value: text(2048).optional(),
        display: text().optional(),
        type: text(64).optional(),
        primary: bool.optional(),
        $ref: text(2048).optional(),
      }),
    )
    .max(max)
    .optional()

const schemaList = (core: string, allowed: string[]) =>
  z
    .array(z.string().max(200))
    .min(1)
    .max(allowed.length)
    .refine((list) => list.some((s) => s.toLowerCase() === core.toLowerCase()), {
      message: `must name ${core}`,
    })
    .refine((list) => list.every((s) => allowed.some((a) => a.toLowerCase() === s.toLowerCase())), {
      message: 'names a schema this service provider does not support',
    })

export const userResource = z.strictObject({
  schemas: schemaList(USER_SCHEMA, [USER_SCHEMA, ENTERPRISE_SCHEMA]),
  externalId: z.string().trim().min(1).max(256).optional(),
  userName: z.string().trim().min(1).max(256),
  name: z
    .strictObject({
      formatted: text().optional(),
      familyName: text(256).optional(),
      givenName: text(256).optional(),
      middleName: text(256).optional(),
      honorificPrefix: text(64).optional(),
      honorificSuffix: text(64).optional(),
    })
    .optional(),
  displayName: text(256).optional(),
  nickName: text(256).optional(),
  profileUrl: text(2048).optional(),
  title: text(256).optional(),
  userType: text(64).optional(),
  preferredLanguage: text(64).optional(),
  locale: text(64).optional(),
  timezone: text(64).optional(),
  active: bool.optional(),
  // Write-only (RFC 7643 §4.1.1): Okta's "sync password" sends it. Provisioned users sign in at
  // their IdP, so it is read and dropped, never stored.
  password: text().optional(),
  emails: multiValued(),
  phoneNumbers: multiValued(),
  ims: multiValued(),
  photos: multiValued(),
  addresses: z
    .array(
      z.strictObject({
        formatted: text().optional(),
        streetAddress: text().optional(),
        locality: text(256).optional(),
        region: text(256).optional(),
        postalCode: text(64).optional(),
        country: text(64).optional(),
        type: text(64).optional(),
        primary: bool.optional(),
      }),
    )
    .max(10)
    .optional(),
  entitlements: multiValued(100),
  roles: multiValued(100),
  x509Certificates: multiValued(10),
  [ENTERPRISE_SCHEMA]: z
    .strictObject({
      employeeNumber: text(256).optional(),
      costCenter: text(256).optional(),
      organization: text(256).optional(),
      division: text(256).optional(),
      department: text(256).optional(),
      manager: z
        .strictObject({
          value: text(256).optional(),
          $ref: text(2048).optional(),
          displayName: text(256).optional(),
        })
        .optional(),
    })
    .optional(),
})
export type UserResourceInput = z.output<typeof userResource>

/** Members beyond this are refused: one group is one stored record. */
export const MAX_GROUP_MEMBERS = 10_000

export const groupResource = z.strictObject({
  schemas: schemaList(GROUP_SCHEMA, [GROUP_SCHEMA]),
  externalId: z.string().trim().min(1).max(256).optional(),
  displayName: z.string().trim().min(1).max(256),
  members: z
    .array(
      z.strictObject({
        value: z.string().min(1).max(256),
        display: text().optional(),
        type: text(64).optional(),
        $ref: text(2048).optional(),
      }),
    )
    .max(MAX_GROUP_MEMBERS)
    .optional(),
})
export type GroupResourceInput = z.output<typeof groupResource>

/**
 * A body checked against its schema: readOnly attributes (`id`, `meta`, a user's `groups`) are
 * ignored as RFC 7644 §3.3 says; a key no schema knows is invalidSyntax, a value of the wrong
 * kind invalidValue, with the path of the first.
 */
export function parseResource<T extends z.ZodType>(
  resource: 'User' | 'Group',
  schema: T,
  body: unknown,
): z.output<T> {
  if (!isPlainObject(body)) throw invalidSyntax('The body must be a JSON object.')
  const canonical = canonicalKeys(resource, body)
  for (const [key, spec] of Object.entries(attributesOf(resource)))
    if (spec.readOnly) delete canonical[spec.name ?? key]
  // Entra ID sends meta.resourceType on a create; the whole of meta is the server's.
  const result = schema.safeParse(canonical)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const path = issue?.path.map(String).join('.') || '(body)'
  if (issue?.code === 'unrecognized_keys')
    throw invalidSyntax(
      `Unknown attribute ${[path === '(body)' ? '' : `${path}.`, issue.keys[0]].join('')}.`,
    )
  if (issue?.path[0] === 'schemas') throw invalidSyntax(`schemas: ${issue.message}`)
  throw invalidValue(`${path}: ${issue?.message ?? 'invalid'}`)
}
