/** Lists typed into one console field: lines of a textarea, or words separated by spaces or commas. */
export const lines = (value: string | undefined) =>
  (value ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
export const words = (value: string | undefined) =>
  (value ?? '')
    .split(/[\s,]+/)
    .map((w) => w.trim())
    .filter(Boolean)

/** Every string value of a field that may repeat (checkboxes of one name). */
export function allValues(form: Record<string, unknown>, name: string): string[] {
  const value = form[name]
  const list: unknown[] = Array.isArray(value) ? value : value === undefined ? [] : [value]
  return list.filter((v): v is string => typeof v === 'string')
}
