/**
 * Second factor for admins: an authenticator app (TOTP) with ten recovery codes, on the same
 * code as end users' (`mfa/`), keyed apart (`admin:<id>`) so a user and an admin never share
 * used TOTP steps or recovery codes.
 */
import { recordAudit, type Actor } from '../domain/audit-log.js'
import { randomToken } from '../domain/random-token.js'
import { sha256 } from '../domain/secret-hash.js'
import type { SecretBox } from '../keys/secret-box.js'
import { qrSvg } from '../mfa/qr-code.js'
import { newRecoveryCodes, useRecoveryCode } from '../mfa/recovery-codes.js'
import { checkTotp, newTotpSecret, totpUri } from '../mfa/totp.js'
import type { Storage } from '../storage/types.js'
import { BridgeError } from '../errors.js'
import {
  findAdminByEmail,
  getAdmin,
  publicAdmin,
  saveAdmin,
  type AdminAccount,
} from './admin-accounts.js'
import { notFound } from './input.js'

const ENROLMENTS = 'admin-totp-enrolment'
const ENROLMENT_SECONDS = 15 * 60
const STEPS = 'admin-mfa-step'
/** How long an admin has, after the password, to give the code. */
export const ADMIN_MFA_STEP_SECONDS = 5 * 60

// An enrolment holds its sealed secret; a step (keyed by the SHA-256 of its id) the admin id.
declare module '../storage/types.js' {
  interface StorageRecords {
    [ENROLMENTS]: string
    [STEPS]: string
  }
}

const totpContext = (adminId: string) => `admin-totp:${adminId}`
const factorKey = (adminId: string) => `admin:${adminId}`

export interface AdminTotpEnrolment {
  /** Base32, for typing into the app by hand. */
  secret: string
  uri: string
  qrSvg: string
}

/** A new TOTP secret waiting for its first code; the same one is shown again until it expires. */
export async function startAdminTotpEnrolment(
  storage: Storage,
  box: SecretBox,
  admin: AdminAccount,
  issuerName: string,
): Promise<AdminTotpEnrolment> {
  const sealed = await storage.get(ENROLMENTS, admin.id)
  const secret = sealed ? box.open(sealed, totpContext(admin.id)) : newTotpSecret()
  if (!sealed) {
    await storage.set(
      ENROLMENTS,
      admin.id,
      box.seal(secret, totpContext(admin.id)),
      ENROLMENT_SECONDS,
    )
  }
  const uri = totpUri(issuerName, admin.email, secret)
  return { secret, uri, qrSvg: await qrSvg(uri) }
}

/** Turns TOTP on when `code` matches the pending secret; returns the recovery codes, shown once. */
export async function finishAdminTotpEnrolment(
  storage: Storage,
  box: SecretBox,
  admin: AdminAccount,
  code: string,
  actor: Actor,
  now = Date.now(),
): Promise<string[]> {
  if (admin.totp)
    throw new BridgeError('conflict', { description: 'Two-step sign-in is on already.' })
  const sealed = await storage.get(ENROLMENTS, admin.id)
  if (!sealed) {
    throw new BridgeError('invalid_request', {
      description: 'The setup expired. Scan the new QR code.',
    })
  }
  const secret = box.open(sealed, totpContext(admin.id))
  const outcome = await checkTotp(storage, { userId: factorKey(admin.id), secret, code, now })
  if (!outcome.ok) {
    throw new BridgeError('invalid_credentials', {
      message: `admin totp enrolment: ${outcome.reason}`,
      description: 'That code is not right. Enter the current code from the app.',
    })
  }
  const { codes, hashes } = newRecoveryCodes()
  const after: AdminAccount = {
    ...admin,
    totp: {
      secretSealed: box.seal(secret, totpContext(admin.id)),
      enrolledAt: now,
      lastStep: outcome.step,
    },
    recoveryCodes: hashes,
  }
  await saveAdmin(storage, after)
  await storage.delete(ENROLMENTS, admin.id)
  await recordAudit(
    storage,
    {
      event: 'admin.mfa_enrolled',
      actor,
      target: { type: 'admin', id: admin.id },
      before: publicAdmin(admin),
      after: publicAdmin(after),
    },
    now,
  )
  return codes
}

/** Checks a TOTP or recovery code of an enrolled admin, spending it; false when it is no good. */
export async function verifyAdminSecondFactor(
  storage: Storage,
  box: SecretBox,
  adminId: string,
  code: string,
  now = Date.now(),
): Promise<boolean> {
  // Read afresh: the last step and the remaining recovery codes may have just changed.
  const admin = await getAdmin(storage, adminId)
  if (!admin?.totp) return false
  const trimmed = code.trim()
  if (/^\d[\d\s]*$/.test(trimmed)) {
    const outcome = await checkTotp(storage, {
      userId: factorKey(admin.id),
      secret: box.open(admin.totp.secretSealed, totpContext(admin.id)),
      code: trimmed,
      lastStep: admin.totp.lastStep,
      now,
    })
    if (!outcome.ok) return false
    await saveAdmin(storage, { ...admin, totp: { ...admin.totp, lastStep: outcome.step } })
    return true
  }
  const left = await useRecoveryCode(
    storage,
    factorKey(admin.id),
    admin.recoveryCodes ?? [],
    trimmed,
  )
  if (!left) return false
  await saveAdmin(storage, { ...admin, recoveryCodes: left })
  return true
}

/** Turns an admin's second factor off (a lost phone): `ssobridge admin reset-mfa`. Audited. */
export async function resetAdminMfa(
  storage: Storage,
  actor: Actor,
  email: string,
  now = Date.now(),
): Promise<{ admin: AdminAccount; hadMfa: boolean }> {
  const admin = await findAdminByEmail(storage, email)
  if (!admin) throw notFound('admin', email)
  const { totp, recoveryCodes: _, ...rest } = admin
  if (!totp) return { admin, hadMfa: false }
  const after: AdminAccount = rest
  await saveAdmin(storage, after)
  await storage.delete(ENROLMENTS, admin.id)
  await recordAudit(
    storage,
    {
      event: 'admin.mfa_reset',
      actor,
      target: { type: 'admin', id: admin.id },
      before: publicAdmin(admin),
      after: publicAdmin(after),
    },
    now,
  )
  return { admin: after, hadMfa: true }
}

/** After a right password: a pending step (its id goes in a cookie; storage keeps a SHA-256). */
export async function startAdminMfaStep(storage: Storage, adminId: string): Promise<string> {
  const id = randomToken()
  await storage.set(STEPS, sha256(id), adminId, ADMIN_MFA_STEP_SECONDS)
  return id
}

export async function adminMfaStep(storage: Storage, id: string | undefined) {
  return id ? storage.get(STEPS, sha256(id)) : undefined
}

/** Spends the step: true for the one caller that got it. */
export async function endAdminMfaStep(storage: Storage, id: string): Promise<boolean> {
  return (await storage.consume(STEPS, sha256(id))) !== undefined
}
