/** The bridge's own user store: email and password, checked in constant-ish time. */
import { BridgeError } from '../errors.js'
import { decoyHash, verifyPassword } from '../domain/passwords.js'
import { findUserByEmail, type User } from '../domain/users.js'
import type { Storage } from '../storage/types.js'

export async function authenticateLocal(
  storage: Storage,
  connection: string,
  email: string,
  password: string,
): Promise<User> {
  const user = await findUserByEmail(storage, connection, email)
  // Unknown users, disabled users and users without a password all pay for one argon2
  // verification and get the same answer, so neither timing nor wording tells them apart.
  const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password)
  if (!user || !user.passwordHash || user.disabled || !ok) {
    throw new BridgeError('invalid_credentials', { message: 'local sign-in failed' })
  }
  return user
}
