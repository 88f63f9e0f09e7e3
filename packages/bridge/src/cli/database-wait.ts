/**
 * Options that `start` and `migrate` read alike: plain whole numbers, and how long to wait for
 * a Postgres that cannot be reached yet (`--wait-for-db` / SSOBRIDGE_WAIT_FOR_DB).
 */
import { InvalidOptionError } from './usage-error.js'

export function wholeNumber(text: string, name: string, max: number): number {
  // Number('') is 0 and Number('1e3') is 1000: only plain digits are a number here.
  if (!/^\d{1,6}$/.test(text.trim()) || Number(text) > max) {
    throw new InvalidOptionError(
      `${name} must be a whole number from 0 to ${max} (got ${JSON.stringify(text.slice(0, 20))})`,
    )
  }
  return Number(text)
}

/** Milliseconds to keep retrying an unreachable Postgres; 0 (the default) fails at once. */
export function waitForDbMs(
  values: { 'wait-for-db'?: string },
  env: Record<string, string | undefined>,
): number {
  const text = values['wait-for-db'] ?? (env.SSOBRIDGE_WAIT_FOR_DB || undefined)
  const name = values['wait-for-db'] ? '--wait-for-db' : 'SSOBRIDGE_WAIT_FOR_DB'
  return text === undefined ? 0 : wholeNumber(text, name, 3600) * 1000
}
