/**
 * When a failed back-channel logout is tried again: exponential backoff with jitter (so that many
 * deliveries failing together do not come back together), until the delivery's window closes.
 */
export interface BackoffPolicy {
  /** Wait after the first failed attempt; doubled after each further one. */
  baseDelayMs: number
  maxDelayMs: number
  /** How long after the logout a delivery is still tried; then it is `failed`. */
  windowMs: number
  /** Tests only: fixed waits instead, one per retry (their length bounds the retries). */
  delaysMs?: readonly number[]
}

export const defaultBackoff: BackoffPolicy = {
  baseDelayMs: 5000,
  maxDelayMs: 3600_000,
  windowMs: 24 * 3600_000,
}

/** Epoch ms of the next attempt after `attempts` failed ones, or undefined: give up. */
export function nextAttemptAt(
  policy: BackoffPolicy,
  attempts: number,
  giveUpAt: number,
  now: number,
  random: () => number = Math.random,
): number | undefined {
  if (policy.delaysMs) {
    const wait = policy.delaysMs[attempts - 1]
    return wait === undefined ? undefined : now + wait
  }
  const ceiling = Math.min(policy.baseDelayMs * 2 ** Math.min(attempts - 1, 30), policy.maxDelayMs)
  // "Equal jitter": at least half the ceiling, so the backoff still grows.
  const at = now + Math.round(ceiling / 2 + random() * (ceiling / 2))
  return at > giveUpAt ? undefined : at
}
