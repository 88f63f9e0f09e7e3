/**
 * The discovery documents (RFC 7644 §4): what this service provider supports, its resource
 * types and the schemas of their attributes, made from the same attribute lists the requests are
 * checked against.
 */
import {
  ENTERPRISE_SCHEMA,
  enterpriseAttributes,
  GROUP_SCHEMA,
  groupAttributes,
  USER_SCHEMA,
  userAttributes,
  type AttributeSpec,
} from './scim-schemas.js'
import { MAX_FILTER_LENGTH } from './scim-filter.js'
import { MAX_OPERATIONS } from './scim-patch.js'
import { MAX_PAGE } from './scim-scope.js'

export const MAX_BODY_BYTES = 1024 * 1024

export const serviceProviderConfig = (base: string) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
  patch: { supported: true },
  bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
  filter: { supported: true, maxResults: MAX_PAGE },
  changePassword: { supported: false },
  sort: { supported: false },
  etag: { supported: true },
  authenticationSchemes: [
    {
      type: 'oauthbearertoken',
      name: 'Bearer token',
      description: `A SCIM token of the connection (admin console, connection page). Filters: eq and and only, up to ${MAX_FILTER_LENGTH} characters; PATCH: up to ${MAX_OPERATIONS} operations; bodies up to ${MAX_BODY_BYTES} bytes.`,
      primary: true,
    },
  ],
  meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
})

export const resourceTypes = (base: string) => [
  {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
    id: 'User',
    name: 'User',
    endpoint: '/Users',
    schema: USER_SCHEMA,
    schemaExtensions: [{ schema: ENTERPRISE_SCHEMA, required: false }],
    meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/User` },
  },
  {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
    id: 'Group',
    name: 'Group',
    endpoint: '/Groups',
    schema: GROUP_SCHEMA,
    meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/Group` },
  },
]

const BOOLEANS = new Set(['active', 'primary'])
const UNIQUE = new Set(['userName', 'displayName'])

function attributeOf(spec: AttributeSpec, resource: string) {
  return {
    name: spec.name,
    type: spec.sub ? 'complex' : BOOLEANS.has(spec.name) ? 'boolean' : 'string',
    multiValued: spec.multi === true,
    required: spec.name === 'userName' || (resource === 'Group' && spec.name === 'displayName'),
    caseExact: spec.name === 'externalId' || spec.name === 'id',
    mutability: spec.readOnly ? 'readOnly' : spec.name === 'password' ? 'writeOnly' : 'readWrite',
    returned: spec.name === 'password' ? 'never' : 'default',
    uniqueness: UNIQUE.has(spec.name) || spec.name === 'externalId' ? 'server' : 'none',
    ...(spec.sub && {
      subAttributes: Object.values(spec.sub).map((name) => ({
        name,
        type: BOOLEANS.has(name) ? 'boolean' : name === '$ref' ? 'reference' : 'string',
        multiValued: false,
        required: false,
        mutability: spec.readOnly ? 'readOnly' : 'readWrite',
        returned: 'default',
      })),
    }),
  }
}

const described = (specs: Record<string, AttributeSpec>, resource: string) =>
  Object.values(specs)
    .filter((s) => s.name !== 'schemas' && s.name !== 'meta' && s.name !== 'id')
    .map((s) => attributeOf(s, resource))

export const schemaDocuments = (base: string) =>
  [
    { id: USER_SCHEMA, name: 'User', attributes: described(userAttributes, 'User') },
    {
      id: ENTERPRISE_SCHEMA,
      name: 'EnterpriseUser',
      attributes: described(enterpriseAttributes, 'User'),
    },
    { id: GROUP_SCHEMA, name: 'Group', attributes: described(groupAttributes, 'Group') },
  ].map((s) => ({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
    ...s,
    meta: { resourceType: 'Schema', location: `${base}/Schemas/${s.id}` },
  }))
