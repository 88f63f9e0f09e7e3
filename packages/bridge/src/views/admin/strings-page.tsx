/**
 * The console's Strings page: per language, every catalog string with its English and built-in
 * text, and a field for the admin's own wording (empty: the built-in one). What is typed is kept
 * as typed; the visitor pages show it as text, markup included.
 */
import type { FieldIssue } from '../../admin/input.js'
import type { CatalogRow } from '../../i18n/catalog-keys.js'
import type { CatalogLocale } from '../../i18n/locales.js'
import { AdminLayout, type AdminFrame } from './admin-layout.js'
import { ErrorSummary, PostForm } from './admin-fields.js'

export const languageNames: Record<CatalogLocale, string> = {
  en: 'English',
  de: 'German',
  fr: 'French',
  es: 'Spanish',
  ja: 'Japanese',
}

/** The form field of a key: `s:login.heading`. */
export const stringField = (key: string) => `s:${key}`

export function StringsPage(
  props: AdminFrame & {
    locale: CatalogLocale
    rows: CatalogRow[]
    /** What the fields show: the stored overrides, or what was just typed when refused. */
    values: Record<string, string>
    /** From the config file: shown, and what an empty field falls back to. */
    fromConfig: Partial<Record<string, string>>
    errors?: FieldIssue[]
  },
) {
  const errors = props.errors ?? []
  const action = `/admin/strings/${props.locale}`
  const name = languageNames[props.locale]
  return (
    <AdminLayout {...props} title={`Strings: ${name}`} section="strings">
      <p class="muted">
        Your own wording of any string of the sign-in pages, per language: it replaces the built-in
        text on every bridge process at once (and a <code>strings:</code> override of the config
        file). Leave a field empty to keep the built-in text. Placeholders such as{' '}
        <code>{'{{app}}'}</code> are those of the English text. Markup is shown as typed, never as
        HTML. Each save is in the <a href="/admin/audit?event=strings">audit log</a>.
      </p>
      <nav aria-label="Languages">
        <p class="actions">
          {(Object.keys(languageNames) as CatalogLocale[]).map((locale) =>
            locale === props.locale ? (
              <strong aria-current="page">{languageNames[locale]}</strong>
            ) : (
              <a href={`/admin/strings/${locale}`}>{languageNames[locale]}</a>
            ),
          )}
        </p>
      </nav>
      <ErrorSummary errors={errors} message={errors.length ? 'Nothing was saved:' : undefined} />
      <PostForm action={action} csrf={props.csrf ?? ''} label={`${name} strings`}>
        <div class="table" role="region" aria-label={`${name} strings`} tabindex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">English</th>
                <th scope="col">Built-in {name}</th>
                <th scope="col">Your text</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((row) => {
                const id = `s-${row.key}`
                const own = errors.filter((e) => e.path === row.key)
                const config = props.fromConfig[row.key]
                return (
                  <tr>
                    <td>
                      <label for={id}>
                        <code>{row.key}</code>
                      </label>
                    </td>
                    <td id={`${id}-en`}>{row.english ?? '—'}</td>
                    <td>
                      {row.builtIn ?? '—'}
                      {config !== undefined ? (
                        <span class="hint">Config file: {config}</span>
                      ) : null}
                    </td>
                    <td>
                      <input
                        id={id}
                        name={stringField(row.key)}
                        type="text"
                        value={props.values[row.key] ?? ''}
                        autocomplete="off"
                        aria-invalid={own.length ? 'true' : undefined}
                        aria-describedby={own.length ? `${id}-en ${id}-error` : `${id}-en`}
                      />
                      {own.length ? (
                        <div id={`${id}-error`}>
                          {own.map((e) => (
                            <p class="field-error">{e.message}</p>
                          ))}
                        </div>
                      ) : null}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
        <div class="actions">
          <button type="submit" class="primary">
            Save {name} strings
          </button>
        </div>
      </PostForm>
    </AdminLayout>
  )
}
