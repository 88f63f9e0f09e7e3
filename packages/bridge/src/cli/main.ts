/** `ssobridge <command>`: start the server, apply or export a config, manage the records. */
import { parseArgs } from 'node:util'
import { ConfigError } from '../config/load-config.js'
import { isBridgeError } from '../errors.js'
import { adminCommand, auditCommand, exportCommand, keysCommand } from './admin-commands.js'
import { applyCommand } from './apply.js'
import { appCommand, connectionCommand, userCommand } from './record-commands.js'
import { startCommand } from './start.js'
import { userResetMfaCommand } from './user-reset-mfa.js'

const usage = `Usage:
  ssobridge start [--config FILE] [--port N] [--host ADDRESS]
  ssobridge apply FILE                          apply a config file; prints what changed
  ssobridge export [--issuer URL]               the apps and connections as a config, no secrets

  ssobridge admin create --email EMAIL [--name NAME] [--password-stdin]
  ssobridge admin list | reset-mfa --email EMAIL
  ssobridge admin key create --name NAME --scope SCOPE [--scope SCOPE…] [--expires-in-days N]
  ssobridge admin key list | revoke ID
    scopes: apps:read apps:write connections:read connections:write users:read users:write
            keys:read keys:write audit:read

  ssobridge app list | show ID | delete ID | rotate-secret ID [--grace 24h]
  ssobridge app add --id ID --callback URL… --connection ID… [--name N] [--alg HS256|ES256|RS256|EdDSA]
                    [--token-ttl S] [--delivery form_post|query|code] [--secret-stdin]   (or --json '{…}')
  ssobridge app update ID --json '{"name": "…"}'

  ssobridge connection list | show ID | delete ID | check ID | check --issuer URL
  ssobridge connection add --type local --id ID [--name N]
  ssobridge connection add --type oidc --id ID --issuer URL --client-id X --client-secret-stdin [--domain D…]
  ssobridge connection add --type saml --id ID (--metadata-file FILE | --metadata-url URL) [--domain D…]
  ssobridge connection update ID --json '{…}'

  ssobridge user list [--connection ID] [--q TEXT] | show ID | disable ID | enable ID
  ssobridge user add --email EMAIL --connection ID [--name NAME] [--email-verified] [--password-stdin]
  ssobridge user reset-password ID [--password-stdin]
  ssobridge user reset-mfa --email EMAIL --connection ID

  ssobridge keys list | rotate --alg ES256|RS256|EdDSA [--activate-after SECONDS]
  ssobridge audit [--app ID] [--connection ID] [--user ID] [--actor TYPE:ID] [--event E]
                  [--since TIME] [--until TIME]          JSON lines, newest first

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
    if (isBridgeError(error)) {
      // Refused input is the caller's to fix (2); a conflict or a missing record is not (1).
      io.err(`ssobridge: ${error.description}`)
      return error.code === 'invalid_request' ? 2 : 1
    }
    io.err(`ssobridge: ${(error as Error).message}`)
    return 1
  }
}

export class UsageError extends Error {}
