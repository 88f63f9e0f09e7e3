/** The demo mailbox as the e2e reads it: the messages the bridge sent, and the links in them. */
import { expect, type Page } from '@playwright/test'
import { demo } from './demo.js'

export interface MailboxMessage {
  id: string
  to: string[]
  subject: string
  text: string
}

const mailbox = async (page: Page) =>
  (await (await page.request.get(`${demo.mailbox}/messages.json`)).json()) as MailboxMessage[]

/** The ids of the messages in the mailbox now: what nextMessage must not return. */
export const seen = async (page: Page) => new Set((await mailbox(page)).map((m) => m.id))

/** The first new message to `to` whose subject matches, waiting for it (bounded). */
export async function nextMessage(
  page: Page,
  to: string,
  subject: RegExp,
  before: Set<string> = new Set(),
): Promise<MailboxMessage> {
  let found: MailboxMessage | undefined
  await expect
    .poll(
      async () => {
        found = (await mailbox(page)).find(
          (m) => !before.has(m.id) && m.to.includes(to) && subject.test(m.subject),
        )
        return Boolean(found)
      },
      { timeout: 15_000 },
    )
    .toBe(true)
  return found!
}

/** The bridge link of `path` in a message (`/verify-email?token=…`). */
export const linkIn = (message: MailboxMessage, path: string) => {
  const match = new RegExp(`https?://[^\\s]+${path}\\?token=[A-Za-z0-9_-]+`).exec(message.text)
  if (!match) throw new Error(`no ${path} link in ${message.text}`)
  return match[0]
}
