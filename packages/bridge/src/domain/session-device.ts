/**
 * What a session's list shows of the device it was made on ("Chrome on macOS, desktop"), read
 * once from the user agent when the session is created. Only the summary is kept: the raw user
 * agent adds detail (versions, build ids) that helps fingerprint a person and nobody reads.
 */
import Bowser from 'bowser'

export const deviceTypes = ['desktop', 'mobile', 'tablet', 'tv', 'bot'] as const
export type DeviceType = (typeof deviceTypes)[number]

export interface SessionDevice {
  browser?: string
  os?: string
  type?: DeviceType
}

// Anything longer is not a browser's user agent; the parser is not made to spend time on it.
const MAX_USER_AGENT = 512
const MAX_NAME = 40

/** A name as the parser found it, kept short and free of control characters. */
const cleanName = (name: string | undefined) => {
  const cleaned = name?.replace(/[\p{Cc}\p{Cf}]/gu, '').trim()
  return cleaned ? cleaned.slice(0, MAX_NAME) : undefined
}

const isDeviceType = (value: string | undefined): value is DeviceType =>
  (deviceTypes as readonly string[]).includes(value ?? '')

/** The summary of a user agent; undefined when nothing in it is recognised. */
export function deviceOf(userAgent: string | undefined): SessionDevice | undefined {
  if (!userAgent?.trim()) return undefined
  const parsed = Bowser.parse(userAgent.slice(0, MAX_USER_AGENT))
  const type = parsed.platform.type
  const device: SessionDevice = {
    ...(cleanName(parsed.browser.name) && { browser: cleanName(parsed.browser.name) }),
    ...(cleanName(parsed.os.name) && { os: cleanName(parsed.os.name) }),
    ...(isDeviceType(type) && { type }),
  }
  return Object.keys(device).length ? device : undefined
}

/** The summary in English, for the console and the CLI: "Chrome on macOS, desktop". */
export function deviceSummary(device: SessionDevice | undefined): string {
  if (!device) return 'unknown device'
  const where = `${device.browser ?? 'unknown browser'} on ${device.os ?? 'unknown system'}`
  return device.type ? `${where}, ${device.type}` : where
}
