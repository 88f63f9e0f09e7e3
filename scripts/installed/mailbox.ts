/**
 * The spec's side of the SMTP capture that global-setup.ts runs: the messages the bridge sent,
 * read from the capture's `/messages.json`, and the links and codes in them.
 */
import { expect, type APIRequestContext } from '@playwright/test'

export interface CapturedMessage {
  id: string
  /** The envelope recipients. */
  to: string[]
  subject: string
  text: string
}

export async function capturedMessages(
  request: APIRequestContext,
  mailboxUrl: string,
): Promise<CapturedMessage[]> {
  const response = await request.get(`${mailboxUrl}/messages.json`)
  expect(response.status()).toBe(200)
  return (await response.json()) as CapturedMessage[]
}

/**
 * The first message to `to` whose subject matches and whose id is not in `before`, waited for
 * (sending is queued by the bridge, so it lands a moment after the page answers).
 */
export async function nextMessage(
  request: APIRequestContext,
  mailboxUrl: string,
  to: string,
  subject: RegExp,
  before: ReadonlySet<string> = new Set(),
): Promise<CapturedMessage> {
  let found: CapturedMessage | undefined
  await expect
    .poll(
      async () => {
        found = (await capturedMessages(request, mailboxUrl)).find(
          (m) => !before.has(m.id) && m.to.includes(to) && subject.test(m.subject),
        )
        return found !== undefined
      },
      { message: `an email to ${to} with a subject like ${subject}`, timeout: 15_000 },
    )
    .toBe(true)
  return found as CapturedMessage
}

/** The bridge link to `path` with a token in the message's plain-text body. */
export function linkIn(message: CapturedMessage, bridgeUrl: string, path: string): string {
  const escaped = `${bridgeUrl}${path}`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const match = new RegExp(`${escaped}\\?token=[A-Za-z0-9_-]+`).exec(message.text)
  if (!match) throw new Error(`no ${bridgeUrl}${path} link in:\n${message.text}`)
  return match[0]
}
