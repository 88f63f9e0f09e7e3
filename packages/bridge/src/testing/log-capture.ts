/** A logger that keeps its JSON lines, so a test can tell which refusal a request met. */
import { createLogger, type Logger, type LogLevel } from '../logger.js'

export interface LogLine {
  level: string
  msg: string
  code?: string
  reason?: string
  [field: string]: unknown
}

export interface CapturedLogs {
  logger: Logger
  lines: LogLine[]
  /** Forgets what was logged so far: the next assertion sees only the next request's lines. */
  clear(): void
}

/** `echo` (default: DEBUG_LOGS is set) also prints each line, for debugging a test. */
export function captureLogs(
  level: LogLevel = 'info',
  echo = Boolean(process.env.DEBUG_LOGS),
): CapturedLogs {
  const lines: LogLine[] = []
  const logger = createLogger(level, (line) => {
    lines.push(JSON.parse(line) as LogLine)
    if (echo) process.stderr.write(line + '\n')
  })
  return { logger, lines, clear: () => void lines.splice(0) }
}
