/** `ssobridge <command>`: start the server, apply or export a config, manage the records. */
import { parseArgs } from 'node:util'
import { ConfigError } from '../config/load-config.js'
import { isBridgeError } from '../errors.js'
import { adminCommand, auditCommand, exportCommand, keysCommand } from './admin-commands.js'
import { applyCommand } from './apply.js'
import { appCommand, connectionCommand, userCommand } from './record-commands.js'
import { startCommand } from './start.js'
import { userResetMfaCommand } from './user-reset-mfa.js'
import { commandUsage, isCommand, usage, version } from './usage.js'
import { migrateCommand } from './migrate.js'
import { terminalSafeOutput } from './terminal-safe.js'
import { consoleOutput, type Output } from './output.js'
import { InvalidOptionError, UsageError } from './usage-error.js'

export async function main(argv: string[], output: Output = consoleOutput): Promise<number> {
  // Names and emails in storage may come from upstream IdPs: never raw to the terminal.
  const io = terminalSafeOutput(output)
  const [command, ...rest] = argv
  try {
    if (command === '--version' || command === '-v') {
      io.out(version())
      return 0
    }
    if (command === 'help' && isCommand(rest[0])) {
      io.out(commandUsage(rest[0]))
      return 0
    }
    if (isCommand(command) && (rest.includes('--help') || rest.includes('-h'))) {
      io.out(commandUsage(command))
      return 0
    }
    if (command === 'start') {
      const { values } = parseArgs({
        args: rest,
        options: {
          config: { type: 'string' },
          port: { type: 'string' },
          host: { type: 'string' },
          'shutdown-timeout': { type: 'string' },
          'metrics-port': { type: 'string' },
          'metrics-host': { type: 'string' },
          'no-migrate': { type: 'boolean' },
          'wait-for-db': { type: 'string' },
        },
      })
      await startCommand(values, io)
      return 0
    }
    if (command === 'migrate') {
      const { values } = parseArgs({
        args: rest,
        options: { 'wait-for-db': { type: 'string' } },
      })
      return await migrateCommand(values, io)
    }
    if (command === 'apply') {
      const { positionals } = parseArgs({ args: rest, allowPositionals: true })
      if (positionals.length !== 1) throw new UsageError('apply takes exactly one FILE')
      return await applyCommand(positionals[0] as string, io)
    }
    if (command === 'user' && rest[0] === 'reset-mfa') {
      const { values } = parseArgs({
        args: rest.slice(1),
        options: { email: { type: 'string' }, connection: { type: 'string' } },
      })
      return await userResetMfaCommand(values, io)
    }
    const [sub, ...args] = rest
    if (command === 'app') return await appCommand(sub, args, io)
    if (command === 'connection') return await connectionCommand(sub, args, io)
    if (command === 'user') return await userCommand(sub, args, io)
    if (command === 'admin') return await adminCommand(sub, args, io)
    if (command === 'keys') return await keysCommand(sub, args, io)
    if (command === 'audit') return await auditCommand(rest, io)
    if (command === 'export') return await exportCommand(rest, io)
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      io.out(usage)
      return command === undefined ? 1 : 0
    }
    throw new UsageError(`unknown command: ${command}`)
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(error.message)
      return 1
    }
    if (error instanceof InvalidOptionError) {
      io.err(`ssobridge: ${error.message}`)
      return 2
    }
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      const help = isCommand(command) ? commandUsage(command) : usage
      io.err(`ssobridge: ${(error as Error).message}\n\n${help}`)
      return 2
    }
    if (isBridgeError(error)) {
      // Refused input is the caller's to fix (2); a conflict or a missing record is not (1).
      // A fault's message is for the operator (a sealed value that the key cannot open, after a
      // restore with another SSOBRIDGE_SECRET_KEY, say): messages never hold a secret.
      io.err(`ssobridge: ${error.code === 'server_error' ? error.message : error.description}`)
      return error.code === 'invalid_request' ? 2 : 1
    }
    io.err(`ssobridge: ${(error as Error).message}`)
    return 1
  }
}
