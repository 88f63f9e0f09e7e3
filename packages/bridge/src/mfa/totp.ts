/**
 * TOTP (RFC 6238) via otplib: 30 s steps, ±1 step of clock drift, and each step accepted once
 * per user — claimed atomically in storage, so two bridge processes cannot both accept a code.
 */
import { generateSecret, generateURI, verify } from 'otplib'
import type { Storage } from '../storage/types.js'

const USED_STEPS = 'totp-step'
const PERIOD = 30

// Keyed `user id:step`: a step accepted once.
declare module '../storage/types.js' {
  interface StorageRecords {
    [USED_STEPS]: true
  }
}

export const newTotpSecret = (): string => generateSecret({ length: 20 })

export const totpUri = (issuerName: string, account: string, secret: string): string =>
  generateURI({ issuer: issuerName, label: account, secret })

export type TotpOutcome =
  { ok: true; step: number } | { ok: false; reason: 'malformed' | 'wrong' | 'replayed' }

export async function checkTotp(
  storage: Storage,
  input: { userId: string; secret: string; code: string; lastStep?: number; now?: number },
): Promise<TotpOutcome> {
  const code = input.code.replace(/\s+/g, '')
  if (!/^\d{6}$/.test(code)) return { ok: false, reason: 'malformed' }
  const epoch = Math.floor((input.now ?? Date.now()) / 1000)
  const result = await verify({ secret: input.secret, token: code, epoch, epochTolerance: PERIOD })
  if (!result.valid) return { ok: false, reason: 'wrong' }
  const step = Math.floor(epoch / PERIOD) + result.delta
  // Older than the last accepted step, or the same step again: a replay.
  if (input.lastStep !== undefined && step <= input.lastStep)
    return { ok: false, reason: 'replayed' }
  const claimed = await storage.add(USED_STEPS, `${input.userId}:${step}`, true, PERIOD * 4)
  return claimed ? { ok: true, step } : { ok: false, reason: 'replayed' }
}
