// The string paths of the admin API's OpenAPI document: the stored wording of the visitor pages.
import { LOCALES } from '../../i18n/locales.js'
import { body, ok, op } from './openapi-operations.js'
import type { Json } from './openapi-schema.js'

const strings: Json = {
  type: 'object',
  description:
    'Catalog key (`login.heading`, `mfa.recoveryLeft_one`) → text; placeholders as in English',
  additionalProperties: { type: 'string', minLength: 1, maxLength: 1000 },
}
const locale: Json = {
  name: 'locale',
  in: 'path',
  required: true,
  description: 'The language',
  schema: { type: 'string', enum: [...LOCALES] },
}

export function stringPaths(): Record<string, Json> {
  return {
    '/strings': {
      get: op(
        'apps:read',
        'Every language with stored overrides of the visitor pages',
        ok('The overrides', {
          type: 'object',
          required: ['strings'],
          properties: { strings: { type: 'object', additionalProperties: strings } },
        }),
      ),
    },
    '/strings/{locale}': {
      parameters: [locale],
      get: op(
        'apps:read',
        "One language's stored overrides (the config file's `strings:` are not included)",
        ok('The overrides', {
          type: 'object',
          required: ['locale', 'strings'],
          properties: { locale: { type: 'string' }, strings },
        }),
        {},
        [401, 403, 404],
      ),
      put: op(
        'apps:write',
        "Replace one language's overrides (`{}` removes them): an unknown key, a placeholder the English text does not have, or an empty text is refused; audited as strings.updated",
        ok('Saved', {
          type: 'object',
          required: ['locale', 'strings', 'changed'],
          properties: { locale: { type: 'string' }, strings, changed: { type: 'boolean' } },
        }),
        {
          requestBody: body({
            type: 'object',
            required: ['strings'],
            additionalProperties: false,
            properties: { strings },
          }),
        },
        [400, 401, 403, 404],
      ),
    },
  }
}
