/**
 * The messages the mailbox holds: the newest `limit` only, in memory, so a demo left running for
 * days keeps a bounded footprint.
 */

export interface MailboxMessage {
  /** A counter as text: `/messages/<id>`. */
  id: string
  /** The From header as written, display name included. */
  from: string
  /** The envelope recipients (RCPT TO), the addresses the message was really sent to. */
  to: string[]
  subject: string
  text: string
  /** The HTML body, empty when the message had none. */
  html: string
  /** When the mailbox received it (ISO 8601), not the Date header the sender wrote. */
  date: string
  /** The http(s) links of the text and HTML bodies, each once, in order of appearance. */
  links: string[]
}

export interface MessageStore {
  add(message: Omit<MailboxMessage, 'id' | 'links'>): MailboxMessage
  /** Newest first. */
  list(): MailboxMessage[]
  get(id: string): MailboxMessage | undefined
}

const MAX_LINKS = 50

/** http(s) URLs in text: up to whitespace, quotes or angle brackets; trailing punctuation dropped. */
const URL_IN_TEXT = /https?:\/\/[^\s<>"']+/g

/** The http(s) links a reader would click: bare URLs in the text and hrefs in the HTML. */
export function findLinks(text: string, html: string): string[] {
  const found = new Set<string>()
  const add = (candidate: string) => {
    const trimmed = candidate.replace(/[).,;:!?\]]+$/, '')
    if (found.size < MAX_LINKS && isHttpUrl(trimmed)) found.add(trimmed)
  }
  for (const match of text.matchAll(URL_IN_TEXT)) add(match[0])
  for (const match of html.matchAll(/href\s*=\s*(?:"([^"]*)"|'([^']*)')/gi))
    add(decodeEntities(match[1] ?? match[2] ?? ''))
  return [...found]
}

export function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false
  const { protocol } = new URL(value)
  return protocol === 'http:' || protocol === 'https:'
}

// Enough for the attribute values mail templates write (&amp; in query strings).
function decodeEntities(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

export function createMessageStore(limit = 200): MessageStore {
  if (!Number.isInteger(limit) || limit < 1) throw new TypeError('limit must be a positive integer')
  const messages: MailboxMessage[] = []
  let next = 1
  return {
    add(message) {
      const stored = {
        id: String(next++),
        ...message,
        links: findLinks(message.text, message.html),
      }
      messages.unshift(stored)
      messages.length = Math.min(messages.length, limit)
      return stored
    },
    list: () => [...messages],
    get: (id) => messages.find((m) => m.id === id),
  }
}
