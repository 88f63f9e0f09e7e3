/**
 * SCIM 2.0 at /scim/v2 (RFC 7643, 7644): a directory (Entra ID, Okta) provisions one upstream
 * connection's users and groups with that connection's bearer token. The group answers its own
 * errors in SCIM's JSON (`application/scim+json`, `scimType`), never a page, never a 5xx for what
 * the client sent. See docs/scim.md.
 */
import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import {
  scimActor,
  authenticateScimToken,
  type ScimTokenRecord,
} from '../domain/scim/scim-tokens.js'
import { getConnection } from '../domain/connections.js'
import {
  errorBody,
  invalidSyntax,
  invalidValue,
  isScimError,
  ScimError,
} from '../domain/scim/scim-error.js'
import { parseFilter, type EqualityCondition } from '../domain/scim/scim-filter.js'
import {
  createScimGroup,
  deleteScimGroup,
  getScimGroupResource,
  listScimGroups,
  patchScimGroup,
  replaceScimGroup,
} from '../domain/scim/scim-groups.js'
import { groupResourceOf, type ScimResource } from '../domain/scim/scim-resources.js'
import { LIST_SCHEMA } from '../domain/scim/scim-schemas.js'
import { MAX_PAGE, type Page, type ScimScope } from '../domain/scim/scim-scope.js'
import {
  createScimUser,
  deleteScimUser,
  getScimUserResource,
  listScimUsers,
  patchScimUser,
  replaceScimUser,
} from '../domain/scim/scim-users.js'
import {
  MAX_BODY_BYTES,
  resourceTypes,
  schemaDocuments,
  serviceProviderConfig,
} from '../domain/scim/scim-discovery.js'
import { deleteUserRecords } from '../admin/user-deletion.js'
import { userEventTeller } from '../domain/user-events.js'
import { isBridgeError } from '../errors.js'
import type { Logger } from '../logger.js'
import { sessionEndingOf } from './end-session.js'
import type { BridgeEnv, BridgeServices } from './env.js'

export const SCIM_PATH = '/scim/v2'
const SCIM_JSON = 'application/scim+json'
const RATE = 'scim-rate'

// Requests per token per minute window.
declare module '../storage/types.js' {
  interface StorageRecords {
    [RATE]: number
  }
}

export interface ScimRouteOptions {
  /** Requests one token may make per minute; Entra ID and Okta stay well below the default. */
  requestsPerMinute?: number
}

type ScimEnv = { Variables: BridgeEnv['Variables'] & { scimToken: ScimTokenRecord } }

const scimJson = (c: Context, body: unknown, status = 200, version?: string) => {
  if (version) c.header('ETag', version)
  return c.body(JSON.stringify(body), status as 200, { 'Content-Type': SCIM_JSON })
}

function scimErrorHandler(logger: Logger) {
  return function scimError(error: Error, c: Context<ScimEnv>) {
    let scim: ScimError
    if (isScimError(error)) scim = error
    else if (isBridgeError(error) && error.status < 500)
      scim = new ScimError(error.status, error.description)
    else {
      logger.error('scim request failed', {
        requestId: c.get('requestId'),
        error: error instanceof Error ? error.name : typeof error,
      })
      scim = new ScimError(500, 'The bridge could not complete the request.')
    }
    if (scim.status === 401) c.header('WWW-Authenticate', 'Bearer realm="ssobridge-scim"')
    return c.body(JSON.stringify(errorBody(scim)), scim.status as 400, {
      'Content-Type': SCIM_JSON,
    })
  }
}

/** The JSON body of a write: a SCIM or plain JSON content type, well-formed, no NUL character. */
async function readBody(c: Context): Promise<unknown> {
  const type = c.req.header('Content-Type') ?? ''
  if (!/^application\/(scim\+)?json\s*(;|$)/i.test(type))
    throw invalidSyntax(`Send the body as ${SCIM_JSON}.`)
  const text = await c.req.text()
  if (text.includes('\u0000') || text.includes('\\u0000'))
    throw invalidValue('The body holds a NUL character, which no attribute accepts.')
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw invalidSyntax('The body is not valid JSON.')
  }
}

/** startIndex and count (RFC 7644 §3.4.2.4): out-of-range values are read as the nearest valid. */
function pageOf(c: Context): Page {
  const number = (name: string, fallback: number) => {
    const raw = c.req.query(name)
    if (raw === undefined || raw === '') return fallback
    if (!/^-?\d{1,9}$/.test(raw)) throw invalidValue(`${name} must be an integer.`)
    return Number(raw)
  }
  return {
    startIndex: Math.max(1, number('startIndex', 1)),
    count: Math.min(MAX_PAGE, Math.max(0, number('count', 100))),
  }
}

const filterOf = (c: Context, resource: 'User' | 'Group'): EqualityCondition[] => {
  const filter = c.req.query('filter')
  return filter === undefined || filter.trim() === '' ? [] : parseFilter(resource, filter)
}

const listResponse = (total: number, page: Page, resources: unknown[]) => ({
  schemas: [LIST_SCHEMA],
  totalResults: total,
  startIndex: page.startIndex,
  itemsPerPage: resources.length,
  Resources: resources,
})

const withoutMembers = (c: Context) =>
  (c.req.query('excludedAttributes') ?? '')
    .split(',')
    .some((a) => a.trim().toLowerCase() === 'members')

const shown = (c: Context, group: ScimResource) => {
  if (!withoutMembers(c)) return group
  const { members: _, ...rest } = group
  return rest
}

export function scimRoutes(
  services: BridgeServices,
  options: ScimRouteOptions = {},
): Hono<BridgeEnv> {
  const { storage } = services
  const perMinute = options.requestsPerMinute ?? 1200
  const base = `${services.settings.issuer.replace(/\/$/, '')}${SCIM_PATH}`
  const ending = sessionEndingOf(services)
  const scope = (c: Context<ScimEnv>): ScimScope => {
    const token = c.get('scimToken')
    return {
      storage,
      ending,
      deleteUserRecords: (user) => deleteUserRecords(storage, user),
      tell: userEventTeller(services, c.get('requestId')),
      connection: token.connection,
      actor: scimActor(token),
      requestId: c.get('requestId'),
      base,
      now: Date.now(),
    }
  }
  const ifMatch = (c: Context) => c.req.header('If-Match')

  const app = new Hono<ScimEnv>()
    .onError(scimErrorHandler(services.logger))
    .use(
      bodyLimit({
        maxSize: MAX_BODY_BYTES,
        onError: () => {
          throw new ScimError(413, `The body is larger than ${MAX_BODY_BYTES} bytes.`)
        },
      }),
    )
    .use(async function scimBearer(c, next) {
      const bearer = /^Bearer +(\S+)$/i.exec(c.req.header('Authorization') ?? '')?.[1]
      const token = await authenticateScimToken(storage, bearer)
      const connection = token ? await getConnection(storage, token.connection) : undefined
      if (!token || !connection || connection.type === 'local')
        throw new ScimError(401, 'A valid SCIM bearer token of a connection is required.')
      const now = Date.now()
      const window = Math.floor(now / 60_000)
      const count = await storage.increment(RATE, `${token.id}|${window}`, 120)
      if (count > perMinute) {
        c.header(
          'Retry-After',
          String(Math.max(1, Math.ceil(((window + 1) * 60_000 - now) / 1000))),
        )
        throw new ScimError(429, `This token made more than ${perMinute} requests this minute.`)
      }
      c.set('scimToken', token)
      await next()
    })

    .get('/ServiceProviderConfig', (c) => scimJson(c, serviceProviderConfig(base)))
    .get('/ResourceTypes', (c) => {
      const types = resourceTypes(base)
      return scimJson(c, listResponse(types.length, { startIndex: 1, count: types.length }, types))
    })
    .get('/ResourceTypes/:id', (c) => {
      const type = resourceTypes(base).find((t) => t.id === c.req.param('id'))
      if (!type) throw new ScimError(404, 'There is no such resource type.')
      return scimJson(c, type)
    })
    .get('/Schemas', (c) => {
      const schemas = schemaDocuments(base)
      return scimJson(
        c,
        listResponse(schemas.length, { startIndex: 1, count: schemas.length }, schemas),
      )
    })
    .get('/Schemas/:id', (c) => {
      const schema = schemaDocuments(base).find((s) => s.id === c.req.param('id'))
      if (!schema) throw new ScimError(404, 'There is no such schema.')
      return scimJson(c, schema)
    })

    .post('/Users', async (c) => {
      const user = await createScimUser(scope(c), await readBody(c))
      c.header('Location', user.meta.location)
      return scimJson(c, user, 201, user.meta.version)
    })
    .get('/Users', async (c) => {
      const page = pageOf(c)
      const { total, resources } = await listScimUsers(scope(c), filterOf(c, 'User'), page)
      return scimJson(c, listResponse(total, page, resources))
    })
    .get('/Users/:id', async (c) => {
      const user = await getScimUserResource(scope(c), c.req.param('id'))
      return scimJson(c, user, 200, user.meta.version)
    })
    .put('/Users/:id', async (c) => {
      const body = await readBody(c)
      const user = await replaceScimUser(scope(c), c.req.param('id'), body, ifMatch(c))
      return scimJson(c, user, 200, user.meta.version)
    })
    .patch('/Users/:id', async (c) => {
      const body = await readBody(c)
      const user = await patchScimUser(scope(c), c.req.param('id'), body, ifMatch(c))
      return scimJson(c, user, 200, user.meta.version)
    })
    .delete('/Users/:id', async (c) => {
      await deleteScimUser(scope(c), c.req.param('id'), ifMatch(c))
      return c.body(null, 204)
    })

    .post('/Groups', async (c) => {
      const group = await createScimGroup(scope(c), await readBody(c))
      c.header('Location', group.meta.location)
      return scimJson(c, group, 201, group.meta.version)
    })
    .get('/Groups', async (c) => {
      const page = pageOf(c)
      const { total, groups } = await listScimGroups(scope(c), filterOf(c, 'Group'), page)
      return scimJson(
        c,
        listResponse(
          total,
          page,
          groups.map((g) => shown(c, groupResourceOf(g, base))),
        ),
      )
    })
    .get('/Groups/:id', async (c) => {
      const group = await getScimGroupResource(scope(c), c.req.param('id'))
      return scimJson(c, shown(c, group), 200, group.meta.version)
    })
    .put('/Groups/:id', async (c) => {
      const body = await readBody(c)
      const group = await replaceScimGroup(scope(c), c.req.param('id'), body, ifMatch(c))
      return scimJson(c, group, 200, group.meta.version)
    })
    .patch('/Groups/:id', async (c) => {
      const body = await readBody(c)
      const group = await patchScimGroup(scope(c), c.req.param('id'), body, ifMatch(c))
      // Entra ID and Okta take 204: a group of thousands need not be sent back on every change.
      c.header('ETag', group.meta.version)
      return c.body(null, 204)
    })
    .delete('/Groups/:id', async (c) => {
      await deleteScimGroup(scope(c), c.req.param('id'), ifMatch(c))
      return c.body(null, 204)
    })
    .all('/*', () => {
      throw new ScimError(404, 'There is no such SCIM endpoint.')
    })
  return app as unknown as Hono<BridgeEnv>
}
