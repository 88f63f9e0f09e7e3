/**
 * /admin/strings: the admin's own wording of the visitor pages' strings, per language, saved in
 * storage (domain/string-overrides.ts) and checked by the config's rules (config/strings-schema),
 * so a key the catalog lacks or a placeholder its English text lacks is refused on the form.
 */
import { Hono } from 'hono'
import type { FieldIssue } from '../../admin/input.js'
import type { BridgeServices } from '../../bridge-services.js'
import { stringIssues } from '../../config/strings-schema.js'
import { readStringOverrides, saveStringOverrides } from '../../domain/string-overrides.js'
import { catalogRows } from '../../i18n/catalog-keys.js'
import { LOCALES, type CatalogLocale } from '../../i18n/locales.js'
import { NotFoundPanel } from '../../views/admin/basic-pages.js'
import { StringsPage } from '../../views/admin/strings-page.js'
import { done, flashOf } from './console-flash.js'
import { adminActor, frame, type ConsoleContext, type ConsoleEnv } from './console-session.js'

const PREFIX = 's:'

const localeOf = (c: ConsoleContext): CatalogLocale | undefined =>
  LOCALES.find((locale) => locale === c.req.param('locale'))

/** The overrides a form sends: its `s:` fields that are not blank, and what is wrong in them. */
function typedStrings(form: ConsoleEnv['Variables']['form']) {
  const strings: Record<string, string> = {}
  const issues: FieldIssue[] = []
  for (const [name, value] of Object.entries(form)) {
    if (!name.startsWith(PREFIX)) continue
    const key = name.slice(PREFIX.length)
    if (typeof value !== 'string') issues.push({ path: key, message: 'must be sent once, as text' })
    else if (value.trim() !== '') strings[key] = value
  }
  for (const { key, message } of stringIssues(strings)) issues.push({ path: key, message })
  return { strings, issues }
}

export function consoleStringRoutes(services: BridgeServices) {
  const { storage } = services
  const page = (
    c: ConsoleContext,
    locale: CatalogLocale,
    values: Record<string, string>,
    errors: FieldIssue[] = [],
  ) =>
    c.html(
      <StringsPage
        {...frame(c, flashOf(c))}
        locale={locale}
        rows={catalogRows(locale)}
        values={values}
        fromConfig={services.settings.strings?.[locale] ?? {}}
        errors={errors}
      />,
      errors.length ? 400 : 200,
    )
  const notFound = (c: ConsoleContext) =>
    c.html(<NotFoundPanel {...frame(c)} what="language" />, 404)

  return new Hono<ConsoleEnv>()
    .get('/', (c) => c.redirect('/admin/strings/en', 303))
    .get('/:locale', async (c) => {
      const locale = localeOf(c)
      if (!locale) return notFound(c)
      const stored = await readStringOverrides(storage)
      return page(c, locale, stored?.strings[locale] ?? {})
    })
    .post('/:locale', async (c) => {
      const locale = localeOf(c)
      if (!locale) return notFound(c)
      const { strings, issues } = typedStrings(c.get('form'))
      if (issues.length) return page(c, locale, strings, issues)
      const changed = await saveStringOverrides(storage, {
        actor: adminActor(c.get('admin')),
        locale,
        strings,
        requestId: c.get('requestId'),
      })
      return done(c, `/admin/strings/${locale}`, changed ? 'saved' : 'unchanged')
    })
}
