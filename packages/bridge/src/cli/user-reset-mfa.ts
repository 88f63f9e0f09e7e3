import { z } from 'zod'
import { idPattern } from '../config/common-fields.js'
import { findUserByEmail } from '../domain/users.js'
import { withAdmin } from './admin-context.js'
import type { Output } from './output.js'
import { UsageError } from './usage-error.js'

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
  // Through the admin service layer, so the reset is audited like one made in the console.
  return withAdmin(async ({ admin, actor, storage }) => {
    const user = await findUserByEmail(storage, parsed.data.connection, parsed.data.email)
    if (!user) {
      io.err(`no user ${parsed.data.email} in ${parsed.data.connection}`)
      return 1
    }
    await admin.users.resetMfa(actor, user.id)
    io.out(`reset the second factors of ${user.email} (${user.id})`)
    return 0
  })
}
