import { z } from 'zod'
import { idPattern } from '../config/schema.js'
import { findUserByEmail, saveUser } from '../domain/users.js'
import { removeAllPasskeys } from '../mfa/passkeys.js'
import { UsageError, type Output } from './main.js'
import { openStorage } from './open-storage.js'

const input = z.object({ email: z.email().max(254), connection: z.string().regex(idPattern) })

/** Removes a user's second factors (TOTP, passkeys, recovery codes); the next sign-in enrols again if required. */
export async function userResetMfaCommand(
  values: Record<string, unknown>,
  io: Output,
): Promise<number> {
  const parsed = input.safeParse(values)
  if (!parsed.success) {
    throw new UsageError(
      parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('\n'),
    )
  }
  const { storage } = await openStorage()
  try {
    const user = await findUserByEmail(storage, parsed.data.connection, parsed.data.email)
    if (!user) {
      io.err(`no user ${parsed.data.email} in ${parsed.data.connection}`)
      return 1
    }
    const { totp: _, recoveryCodes: __, ...rest } = user
    await saveUser(storage, { ...rest, updatedAt: Date.now() })
    await removeAllPasskeys(storage, user.id)
    io.out(`reset the second factors of ${user.email} (${user.id})`)
    return 0
  } finally {
    await storage.close()
  }
}
