/** Single use: the platform refuses a jti, nonce, state or whole token it has seen before. */
import { createHash } from 'node:crypto'
import { failed, passed, type CheckContext, type RuleResult } from './types.js'

export type OnceKind = 'jti' | 'nonce' | 'token' | 'state'

/** The id a fake records; whole tokens are hashed so the record stays short. */
export const onceId = (kind: OnceKind, value: string) =>
  `${kind}:${kind === 'token' ? createHash('sha256').update(value).digest('base64url') : value}`

export function singleUse(
  kind: OnceKind,
  value: unknown,
  ctx: CheckContext,
  platform: string,
): RuleResult {
  // Zendesk's own example sends a numeric jti; a number is an id too.
  const id = typeof value === 'number' ? String(value) : value
  if (typeof id !== 'string' || id === '') {
    return failed(
      `replay.${kind}`,
      `no ${kind} to check`,
      `${platform} needs a fresh ${kind} on every sign-in: keep the preset's ${kind}.`,
    )
  }
  return ctx.seen(onceId(kind, id))
    ? failed(
        `replay.${kind}`,
        `this ${kind} was used before`,
        `${platform} takes each ${kind} once: make a new token for every sign-in, and do not let the browser resend it.`,
      )
    : passed(`replay.${kind}`, `${kind} not used before`)
}
