/**
 * The mailbox's pages. Everything a message carries is shown as text (Hono JSX escapes it); its
 * HTML body goes only into a sandboxed iframe's srcdoc, where it can run nothing.
 */
import { html } from 'hono/html'
import type { Child } from 'hono/jsx'
import { isHttpUrl, type MailboxMessage } from './message-store.js'

export const STYLE = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1f2937; background: #f9fafb; }
header { background: #111827; color: #fff; padding: 12px 24px; }
header h1 { font-size: 18px; margin: 0; }
header a { color: inherit; text-decoration: none; }
header p { margin: 4px 0 0; color: #d1d5db; font-size: 13px; }
main { max-width: 960px; margin: 0 auto; padding: 16px 24px; }
article { background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; margin: 12px 0; padding: 12px 16px; }
h2 { font-size: 16px; margin: 0 0 6px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0 0 8px; font-size: 13px; }
dt { color: #6b7280; }
dd { margin: 0; word-break: break-all; }
pre { white-space: pre-wrap; word-break: break-word; background: #f3f4f6; padding: 8px; border-radius: 6px; margin: 0; }
iframe { width: 100%; height: 420px; border: 1px solid #e5e7eb; border-radius: 6px; background: #fff; }
.empty { color: #6b7280; }
`

function Layout(props: { title: string; children: Child }) {
  return html`<!doctype html>${(
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{props.title}</title>
          <link rel="stylesheet" href="/style.css" />
        </head>
        <body>
          <header>
            <h1>
              <a href="/">Demo mailbox</a>
            </h1>
            <p>Every email the demo bridge sends lands here. Nothing leaves this machine.</p>
          </header>
          <main>{props.children}</main>
        </body>
      </html>
    )}`
}

/** The text with its http(s) URLs as links; everything else stays text. */
export function Linkified(props: { text: string }) {
  const parts: Child[] = []
  let last = 0
  for (const match of props.text.matchAll(/https?:\/\/[^\s<>"']+/g)) {
    const url = match[0].replace(/[).,;:!?\]]+$/, '')
    if (!isHttpUrl(url)) continue
    parts.push(props.text.slice(last, match.index))
    parts.push(
      <a href={url} rel="noreferrer">
        {url}
      </a>,
    )
    last = match.index + url.length
  }
  parts.push(props.text.slice(last))
  return <pre>{parts}</pre>
}

function Envelope(props: { message: MailboxMessage }) {
  const { message } = props
  return (
    <dl>
      <dt>From</dt>
      <dd>{message.from}</dd>
      <dt>To</dt>
      <dd>{message.to.join(', ')}</dd>
      <dt>Received</dt>
      <dd>
        <time datetime={message.date}>{message.date.replace('T', ' ').slice(0, 19)} UTC</time>
      </dd>
    </dl>
  )
}

export function ListPage(props: { messages: MailboxMessage[] }) {
  return (
    <Layout title="Demo mailbox">
      <p>
        {props.messages.length} message{props.messages.length === 1 ? '' : 's'}, newest first.{' '}
        <a href="/">Refresh</a>
      </p>
      {props.messages.length === 0 ? (
        <p class="empty">No email yet. Sign up or ask for a sign-in code on a demo site.</p>
      ) : (
        props.messages.map((message) => (
          <article>
            <h2>
              <a href={`/messages/${message.id}`}>{message.subject || '(no subject)'}</a>
            </h2>
            <Envelope message={message} />
            <Linkified text={message.text} />
          </article>
        ))
      )}
    </Layout>
  )
}

export function MessagePage(props: { message: MailboxMessage }) {
  const { message } = props
  return (
    <Layout title={message.subject || '(no subject)'}>
      <p>
        <a href="/">All messages</a>
      </p>
      <article>
        <h2>{message.subject || '(no subject)'}</h2>
        <Envelope message={message} />
        {message.links.length > 0 && (
          <>
            <h2>Links</h2>
            <ul>
              {message.links.map((link) => (
                <li>
                  <a href={link} rel="noreferrer">
                    {link}
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
        {message.html && (
          <>
            <h2>HTML</h2>
            {/* No allow-* token: no scripts, no forms, no same-origin, no navigating this page. */}
            <iframe sandbox="" srcdoc={message.html} title="The message's HTML body" />
          </>
        )}
        <h2>Text</h2>
        <Linkified text={message.text} />
      </article>
    </Layout>
  )
}

export function NotFoundPage() {
  return (
    <Layout title="No such message">
      <p>
        That message is not here: the mailbox keeps the newest messages only, and forgets them all
        when the demo stops. <a href="/">All messages</a>
      </p>
    </Layout>
  )
}
