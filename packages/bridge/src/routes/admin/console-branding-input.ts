/**
 * The app form's Branding fieldset as app input, and back: one text field per option, blank
 * fields left out. The schema validates what was typed; nothing here trims it into shape.
 */
import type { FormValues } from '../../views/admin/connection-pages.js'
import { brandingFieldNames } from '../../views/admin/app-branding-fields.js'
import { field, type ConsoleForm } from './console-session.js'

/** `branding` for the app input: undefined when every field is blank (no branding). */
export function brandingInput(form: ConsoleForm): Record<string, string> | undefined {
  const entries = brandingFieldNames.flatMap((name) => {
    const value = field(form, `branding.${name}`)?.trim()
    return value ? [[name, value] as const] : []
  })
  return entries.length ? Object.fromEntries(entries) : undefined
}

/** The stored or typed branding as form values (`branding.<option>`). */
export function brandingValues(branding: unknown): FormValues {
  const record = (branding && typeof branding === 'object' ? branding : {}) as Record<
    string,
    unknown
  >
  return Object.fromEntries(
    brandingFieldNames.map((name) => {
      const value = record[name]
      return [`branding.${name}`, typeof value === 'string' ? value : undefined]
    }),
  )
}
