/** `ssobridge <command>`: start the server, apply a config file, manage users. */
import { parseArgs } from 'node:util'
import { ConfigError } from '../config/load-config.js'
import { applyCommand } from './apply.js'
import { startCommand } from './start.js'
import { userAddCommand } from './user-add.js'
import { userResetMfaCommand } from './user-reset-mfa.js'

const usage = `Usage:
  ssobridge start [--config FILE] [--port N] [--host ADDRESS]
  ssobridge apply FILE
  ssobridge user add --email EMAIL --connection ID [--name NAME] [--email-verified] [--password-stdin]
  ssobridge user reset-mfa --email EMAIL --connection ID

Environment: DATABASE_URL (postgres://… or a SQLite file; default ./data/ssobridge.db),
SSOBRIDGE_SECRET_KEY (32 bytes as hex or base64url), SSOBRIDGE_DATA_DIR, SSOBRIDGE_ISSUER.`

export type Output = { out(line: string): void; err(line: string): void }
const console_: Output = { out: (l) => console.log(l), err: (l) => console.error(l) }

export async function main(argv: string[], io: Output = console_): Promise<number> {
  const [command, ...rest] = argv
  try {
    if (command === 'start') {
      const { values } = parseArgs({
        args: rest,
        options: { config: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } },
      })
      await startCommand(values, io)
      return 0
    }
    if (command === 'apply') {
      const { positionals } = parseArgs({ args: rest, allowPositionals: true })
      if (positionals.length !== 1) throw new UsageError('apply takes exactly one FILE')
      return await applyCommand(positionals[0] as string, io)
    }
    if (command === 'user' && rest[0] === 'add') {
      const { values } = parseArgs({
        args: rest.slice(1),
        options: {
          email: { type: 'string' },
          name: { type: 'string' },
          connection: { type: 'string' },
          'email-verified': { type: 'boolean', default: false },
          'password-stdin': { type: 'boolean', default: false },
        },
      })
      return await userAddCommand(values, io)
    }
    if (command === 'user' && rest[0] === 'reset-mfa') {
      const { values } = parseArgs({
        args: rest.slice(1),
        options: { email: { type: 'string' }, connection: { type: 'string' } },
      })
      return await userResetMfaCommand(values, io)
    }
    if (command === undefined || command === 'help' || command === '--help') {
      io.out(usage)
      return command === undefined ? 1 : 0
    }
    throw new UsageError(`unknown command: ${command}`)
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(error.message)
      return 1
    }
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      io.err(`${(error as Error).message}\n\n${usage}`)
      return 2
    }
    io.err(`ssobridge: ${(error as Error).message}`)
    return 1
  }
}

export class UsageError extends Error {}
