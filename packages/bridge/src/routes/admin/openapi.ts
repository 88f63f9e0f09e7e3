/**
 * The admin API's OpenAPI 3.1 document. Request bodies of apps, connections and users are the
 * config file's own zod schemas turned into JSON Schema, so the document cannot drift from what
 * the API accepts; paths and responses are written here, next to the routes they describe.
 */
import { openApiComponents } from './openapi-components.js'
import type { Json } from './openapi-schema.js'
import { openApiPaths } from './openapi-paths.js'

let cached: Json | undefined

export function openApiDocument(issuer: string): Json {
  cached ??= buildDocument()
  return { ...cached, servers: [{ url: `${issuer}/admin/api` }] }
}

function buildDocument(): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'ssobridge admin API',
      version: '1',
      description:
        'The operations of the admin console, for scripts and CI. Authenticate with an admin API key ' +
        '(`Authorization: Bearer ssb_…`), created in the console or with `ssobridge admin key create`. ' +
        'Each operation needs the scope named in `x-scope` (a write scope includes reading). Errors are ' +
        '`{ "error", "error_description" }`; invalid input names the path of every bad field. ' +
        'Secrets are write-only: leave one out of an update to keep it.',
    },
    components: openApiComponents(),
    paths: openApiPaths(),
  }
}
