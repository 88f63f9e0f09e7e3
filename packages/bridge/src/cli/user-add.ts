import { z } from 'zod'
import { idPattern } from '../config/schema.js'
import { getConnection } from '../domain/connections.js'
import { hashPassword } from '../domain/passwords.js'
import { randomToken } from '../domain/random.js'
import { createUser } from '../domain/users.js'
import { UsageError, type Output } from './main.js'
import { openStorage } from './open-storage.js'

const input = z.object({
  email: z.email().max(254),
  name: z.string().min(1).max(200).optional(),
  connection: z.string().regex(idPattern),
  'email-verified': z.boolean(),
  'password-stdin': z.boolean(),
})

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '')
}

export async function userAddCommand(values: Record<string, unknown>, io: Output): Promise<number> {
  const parsed = input.safeParse(values)
  if (!parsed.success) {
    throw new UsageError(
      parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('\n'),
    )
  }
  const options = parsed.data
  const generated = !options['password-stdin']
  const password = generated ? randomToken(12) : await readStdin()
  if (password.length < 8 || password.length > 256)
    throw new UsageError('passwords must be 8 to 256 characters')
  const { storage } = await openStorage()
  try {
    const connection = await getConnection(storage, options.connection)
    if (connection?.type !== 'local')
      throw new UsageError(`"${options.connection}" is not a local connection`)
    const user = await createUser(storage, {
      connection: options.connection,
      email: options.email,
      emailVerified: options['email-verified'],
      name: options.name,
      passwordHash: await hashPassword(password),
    })
    if (!user) {
      io.err(`a user with email ${options.email} already exists in ${options.connection}`)
      return 1
    }
    io.out(`created user ${user.email} (${user.id})`)
    // Shown once: only its hash is kept.
    if (generated) io.out(`password: ${password}`)
    return 0
  } finally {
    await storage.close()
  }
}
