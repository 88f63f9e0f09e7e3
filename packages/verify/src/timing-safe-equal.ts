// Constant-time string comparison that runs on every runtime (no node:crypto, no await).

const encoder = new TextEncoder()

/** True when both strings are equal; the time taken depends on their lengths only. */
export function timingSafeEqual(a: string, b: string): boolean {
  const x = encoder.encode(a)
  const y = encoder.encode(b)
  const length = Math.max(x.length, y.length)
  let difference = x.length ^ y.length
  for (let i = 0; i < length; i++) difference |= (x[i] ?? 0) ^ (y[i] ?? 0)
  return difference === 0
}
