/** The console's one-line confirmations after a change, picked by `?done=` from a fixed list. */
import type { Context } from 'hono'

const flashes = {
  created: 'Created.',
  saved: 'Saved.',
  unchanged: 'Nothing changed.',
  deleted: 'Deleted.',
  disabled: 'Disabled.',
  enabled: 'Enabled.',
  rotated: 'Rotation scheduled: the new key is published now.',
  revoked: 'Revoked.',
  retried: 'Queued: it is sent again within a few seconds.',
  verification_sent: 'Verification email queued: it is sent within a few seconds.',
  reset_sent: 'Password reset email queued: it is sent within a few seconds.',
  session_ended: 'Session ended: the sites it signed into are told by back-channel logout.',
  sessions_ended:
    'Every session ended: the sites they signed into are told by back-channel logout.',
} as const
export type Flash = keyof typeof flashes

/** A message from a fixed list, picked by `?done=`: no text from the URL reaches the page. */
export const flashOf = (c: Context) => {
  const done = c.req.query('done')
  return done && done in flashes ? flashes[done as Flash] : undefined
}

export const done = (c: Context, path: string, flash: Flash) =>
  c.redirect(`${path}?done=${flash}`, 303)
