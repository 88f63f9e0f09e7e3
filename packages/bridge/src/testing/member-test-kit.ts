/**
 * Member journeys in tests: a bridge whose `staff` connection allows sign-up and passwordless
 * sign-in, sending through a real SMTP server on loopback, and the links read off the messages.
 */
import { afterEach } from 'vitest'
import { createTestBridge, testConfig } from './bridge-fixture.js'
import { captureLogs } from './log-capture.js'
import { startSmtpCapture, type CapturedMessage, type SmtpCapture } from './smtp-capture.js'
import { readForm, type TestBrowser } from './test-browser.js'

export interface MemberOptions {
  signup?: unknown
  passwordless?: 'off' | 'code' | 'link' | 'both'
  requireVerifiedEmail?: boolean
  mfa?: 'off' | 'optional' | 'required'
  /** Extra config (apps, users) merged over the test config. */
  config?: Record<string, unknown>
}

const closing: (() => Promise<unknown>)[] = []
afterEach(async () => {
  while (closing.length) await closing.pop()!()
})

export async function memberBridge(options: MemberOptions = {}) {
  const smtp: SmtpCapture = await startSmtpCapture()
  closing.push(() => smtp.close())
  const staff = {
    id: 'staff',
    type: 'local',
    name: 'Staff',
    signup: options.signup ?? 'open',
    passwordless: options.passwordless ?? 'both',
    requireVerifiedEmail: options.requireVerifiedEmail ?? false,
    mfa: options.mfa ?? 'off',
  }
  const logs = captureLogs()
  const bridge = await createTestBridge({
    logger: logs.logger,
    config: testConfig({
      connections: [staff, { id: 'partners', type: 'local' }],
      smtp: { url: smtp.url, from: 'Example sign-in <signin@example.com>' },
      ...options.config,
    }),
    email: { pollMs: 20, timeoutMs: 2000 },
  })
  closing.push(() => bridge.services.emailSender.stop())
  /** The error page of a refused request: its status, the code it shows, the reason logged. */
  async function refusalOf(response: Response) {
    const html = await response.text()
    const reference = /reference <code>([^<]*)<\/code>/.exec(html)?.[1]
    const line = logs.lines.find((l) => reference !== undefined && l.requestId === reference)
    return { status: response.status, code: line?.code, reason: line?.reason }
  }
  /** Waits for the work started after an answer, and for the emails it queued to go out. */
  async function settled() {
    await new Promise((done) => setTimeout(done, 150))
    for (let i = 0; i < 100 && (await bridge.storage.outbox.pending('email')).count > 0; i++)
      await new Promise((done) => setTimeout(done, 20))
  }
  return { ...bridge, smtp, logs, refusalOf, settled }
}

/** The bridge path of the first link in a message (`/verify-email?token=…`). */
export function linkIn(message: CapturedMessage, path: string): string {
  const match = new RegExp(`http://localhost:4000(${path}\\?token=[A-Za-z0-9_-]+)`).exec(
    message.text,
  )
  if (!match) throw new Error(`no ${path} link in: ${message.text}`)
  return match[1] as string
}

export const codeIn = (message: CapturedMessage): string => {
  const match = /\b(\d{6})\b/.exec(message.text)
  if (!match) throw new Error(`no code in: ${message.text}`)
  return match[1] as string
}

/** /authorize to the login page: its form's hidden fields (tx, csrf). */
export async function openLogin(
  browser: TestBrowser,
  params: Record<string, string> = {},
): Promise<{ html: string; fields: Record<string, string> }> {
  const query = new URLSearchParams({ app: 'shop', state: 'state-123', ...params })
  const start = await browser.get(`/authorize?${query}`)
  if (start.status !== 302) throw new Error(`authorize answered ${start.status}`)
  const html = await (await browser.get(start.headers.get('Location') as string)).text()
  return { html, fields: readForm(html).fields }
}

/** The hidden fields of the form posting to `action` on a page. */
export function formOf(html: string, action: string): Record<string, string> {
  const form = new RegExp(`<form[^>]*action="${action}"[^>]*>([\\s\\S]*?)</form>`).exec(html)
  if (!form) throw new Error(`no form to ${action}`)
  const fields: Record<string, string> = {}
  for (const input of (form[1] as string).matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]+)"/.exec(input[0])?.[1]
    const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? ''
    if (name) fields[name] = value.replace(/&amp;/g, '&')
  }
  return fields
}
