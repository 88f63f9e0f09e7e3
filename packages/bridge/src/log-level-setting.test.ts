import { describe, expect, it } from 'vitest'
import { logLevelSetting } from './log-level-setting.js'
import { createLogger } from './logger.js'

const loggedAt = (setting: string | undefined) => {
  const lines: string[] = []
  const logger = createLogger(logLevelSetting(setting), (line) => lines.push(line))
  logger.debug('d')
  logger.info('i')
  logger.warn('w')
  logger.error('e')
  return lines.map((line) => (JSON.parse(line) as { msg: string }).msg)
}

describe('SSOBRIDGE_LOG_LEVEL', () => {
  it('is info when unset', () => {
    expect(logLevelSetting(undefined)).toBe('info')
    expect(loggedAt(undefined)).toEqual(['i', 'w', 'e'])
  })

  it('takes each level by name', () => {
    expect(loggedAt('debug')).toEqual(['d', 'i', 'w', 'e'])
    expect(loggedAt('warn')).toEqual(['w', 'e'])
    expect(loggedAt('error')).toEqual(['e'])
    expect(loggedAt('silent')).toEqual([])
  })

  it('logs everything for a value that names no level, as before it was checked', () => {
    expect(loggedAt('verbose')).toEqual(['d', 'i', 'w', 'e'])
    expect(loggedAt('')).toEqual(['d', 'i', 'w', 'e'])
    // Not a level, though every object has it.
    expect(loggedAt('toString')).toEqual(['d', 'i', 'w', 'e'])
  })
})
