/**
 * /admin/api/strings: the stored wording of the visitor pages per language, as the console's
 * Strings page edits it. Under the apps scopes: the strings are what every app's visitors read.
 * `PUT /strings/{locale}` replaces that language's overrides ({} removes them), checked by the
 * config's rules; the config file's `strings:` stay under them.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { apiKeyActor } from '../../admin/api-keys.js'
import { AdminInputError, parseInput } from '../../admin/input.js'
import type { AdminServices } from '../../admin/services.js'
import { stringIssues, MAX_OVERRIDE_LENGTH } from '../../config/strings-schema.js'
import { readStringOverrides, saveStringOverrides } from '../../domain/string-overrides.js'
import { BridgeError } from '../../errors.js'
import { LOCALES, type CatalogLocale } from '../../i18n/locales.js'
import { apiKeyAuth, requireScope, type AdminApiEnv } from './api-auth.js'
import { jsonLimit, MAX_JSON_BYTES, readJson } from './api-input.js'

const body = z.strictObject({
  strings: z.record(z.string().max(100), z.string().min(1).max(MAX_OVERRIDE_LENGTH)),
})

const localeOf = (value: string): CatalogLocale => {
  if (!(LOCALES as readonly string[]).includes(value))
    throw new BridgeError('not_found', {
      reason: 'record_missing',
      description: `There is no language ${value.slice(0, 16)} here: ${LOCALES.join(', ')}.`,
    })
  return value as CatalogLocale
}

export function apiStringRoutes(admin: AdminServices) {
  const { storage } = admin.deps
  return new Hono<AdminApiEnv>()
    .use(apiKeyAuth(storage), jsonLimit(MAX_JSON_BYTES))
    .get('/', requireScope('apps:read'), async (c) => {
      const stored = await readStringOverrides(storage)
      return c.json({ strings: stored?.strings ?? {} })
    })
    .get('/:locale', requireScope('apps:read'), async (c) => {
      const locale = localeOf(c.req.param('locale'))
      const stored = await readStringOverrides(storage)
      return c.json({ locale, strings: stored?.strings[locale] ?? {} })
    })
    .put('/:locale', requireScope('apps:write'), async (c) => {
      const locale = localeOf(c.req.param('locale'))
      const { strings } = parseInput(body, await readJson(c))
      const issues = stringIssues(strings)
      if (issues.length)
        throw new AdminInputError(
          issues.map(({ key, message }) => ({ path: `strings.${key}`, message })),
        )
      const changed = await saveStringOverrides(storage, {
        actor: apiKeyActor(c.get('apiKey')),
        locale,
        strings,
        requestId: c.get('requestId'),
      })
      return c.json({ locale, strings, changed })
    })
}
