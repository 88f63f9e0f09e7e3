/** The CLI's help: one section per command, so `ssobridge <command> --help` prints its own. */
import { readFileSync } from 'node:fs'

const sections = {
  start: `  ssobridge start [--config FILE] [--port N] [--host ADDRESS] [--shutdown-timeout SECONDS]
                  [--metrics-port N] [--metrics-host ADDRESS] [--no-migrate] [--wait-for-db SECONDS]
    Applies FILE (when given), then serves. Each option may come from the environment instead:
    SSOBRIDGE_CONFIG, PORT (default 4000), HOST (default 127.0.0.1), SSOBRIDGE_SHUTDOWN_TIMEOUT
    (default 10). SIGTERM or SIGINT stops it: readiness turns 503, requests in flight finish
    (up to the timeout), storage closes, exit 0; a second signal exits at once.
    Prometheus metrics are off unless SSOBRIDGE_METRICS_PORT or --metrics-port names a port
    (never the public one); they are served at /metrics on SSOBRIDGE_METRICS_HOST or
    --metrics-host (default 127.0.0.1).
    Storage is migrated at start unless --no-migrate or SSOBRIDGE_NO_MIGRATE=1 (Postgres: run
    \`ssobridge migrate\` first; a schema that is behind refuses to start). An unreachable
    Postgres fails at once unless --wait-for-db or SSOBRIDGE_WAIT_FOR_DB gives seconds to retry.`,
  migrate: `  ssobridge migrate [--wait-for-db SECONDS]
    Applies pending storage migrations, then exits (0). On Postgres it takes the same advisory
    lock as \`start\`, so instances migrating at once migrate once. An unreachable Postgres fails
    at once, in one line, unless --wait-for-db or SSOBRIDGE_WAIT_FOR_DB gives seconds to retry.`,
  apply: `  ssobridge apply FILE                          apply a config file; prints what changed`,
  export: `  ssobridge export [--issuer URL]               the apps and connections as a config, no secrets`,
  admin: `  ssobridge admin create --email EMAIL [--name NAME] [--password-stdin]
  ssobridge admin list | reset-mfa --email EMAIL
  ssobridge admin key create --name NAME --scope SCOPE [--scope SCOPE…] [--expires-in-days N]
  ssobridge admin key list | revoke ID
    scopes: apps:read apps:write connections:read connections:write users:read users:write
            keys:read keys:write audit:read, or admin (all, and email linking and trust,
            and the IdP of a connection with users)`,
  app: `  ssobridge app list | show ID | delete ID | rotate-secret ID [--grace 24h]
  ssobridge app add --id ID --callback URL… --connection ID… [--name N] [--alg HS256|ES256|RS256|EdDSA]
                    [--token-ttl S] [--delivery form_post|query|code] [--secret-stdin]   (or --json '{…}')
  ssobridge app update ID --json '{"name": "…"}'
  ssobridge app check ID [--user EMAIL] [--platform-key-stdin] [--clock-offset SECONDS]
                    (a preset app: every rule its platform checks, PASS/FAIL; exit 1 on a FAIL)`,
  connection: `  ssobridge connection list | show ID | delete ID | check ID | check --issuer URL
  ssobridge connection add --type local --id ID [--name N]
  ssobridge connection add --type oidc --id ID --issuer URL --client-id X --client-secret-stdin [--domain D…]
  ssobridge connection add --type saml --id ID (--metadata-file FILE | --metadata-url URL) [--domain D…]
  ssobridge connection update ID --json '{…}'`,
  user: `  ssobridge user list [--connection ID] [--q TEXT] | show ID | disable ID | enable ID
  ssobridge user add --email EMAIL --connection ID [--name NAME] [--email-verified] [--password-stdin]
  ssobridge user reset-password ID [--password-stdin]
  ssobridge user sessions ID | end-sessions ID [--sid SID] | delete ID
  ssobridge user reset-mfa --email EMAIL --connection ID`,
  keys: `  ssobridge keys list | rotate --alg ES256|RS256|EdDSA [--activate-after SECONDS]`,
  audit: `  ssobridge audit [--app ID] [--connection ID] [--user ID] [--actor TYPE:ID] [--event E]
                  [--since TIME] [--until TIME]          JSON lines, newest first`,
} as const

export type CommandName = keyof typeof sections
export const isCommand = (name: string | undefined): name is CommandName =>
  name !== undefined && Object.hasOwn(sections, name)

const environment = `Environment: DATABASE_URL (postgres://… or a SQLite file; default: ssobridge.db in the data
folder), SSOBRIDGE_SECRET_KEY or SSOBRIDGE_SECRET_KEY_FILE (32 bytes as hex or base64url; required
with an https issuer), SSOBRIDGE_DATA_DIR (default: data/ next to the config file, else ./data),
SSOBRIDGE_CONFIG, SSOBRIDGE_ISSUER, SSOBRIDGE_LOG_LEVEL (debug|info|warn|error), SSOBRIDGE_TRUST_PROXY
(the reverse proxies whose X-Forwarded-For or Forwarded names the client: their addresses or CIDR
ranges, loopback, private, or a hop count; default none; also read as SSOBRIDGE_TRUSTED_PROXIES).`

export const usage = `Usage:\n${Object.values(sections).join('\n\n')}\n
  ssobridge --version | --help | <command> --help\n\n${environment}`

export const commandUsage = (name: CommandName): string =>
  `Usage:\n${sections[name]}\n\n${environment}`

export function version(): string {
  // The same relative path from src/cli and dist/cli.
  const file = new URL('../../package.json', import.meta.url)
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version
}
