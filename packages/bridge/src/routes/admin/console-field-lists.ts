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
