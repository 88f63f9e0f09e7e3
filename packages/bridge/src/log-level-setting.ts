/** SSOBRIDGE_LOG_LEVEL as the logger's level. */
import type { LogLevel } from './logger.js'

const levels: Record<LogLevel, true> = {
  debug: true,
  info: true,
  warn: true,
  error: true,
  silent: true,
}

const isLogLevel = (value: string): value is LogLevel => Object.hasOwn(levels, value)

/**
 * Unset means `info`. A value that names no level logs everything, as it always has: refusing it
 * would stop a deployment that starts today from starting after an upgrade.
 */
export function logLevelSetting(value: string | undefined): LogLevel {
  if (value === undefined) return 'info'
  return isLogLevel(value) ? value : 'debug'
}
