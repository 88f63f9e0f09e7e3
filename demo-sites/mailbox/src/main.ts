// Runs the mailbox alone: PORT (the page, default 4009), SMTP_PORT (default 4025).
import { startMailbox } from './index.js'

const mailbox = await startMailbox({
  webPort: Number(process.env.PORT ?? 4009),
  smtpPort: Number(process.env.SMTP_PORT ?? 4025),
  host: '127.0.0.1',
})
console.log(`Mailbox on ${mailbox.url}, SMTP at ${mailbox.smtpUrl}`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void mailbox.close().then(() => process.exit(0)))
}
