/** `ssobridge app|connection|user …`: the records, through the admin services. */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { allowIdentityChange } from '../admin/connections.js'
import type { ContractReport } from '../admin/platform-check.js'
import type { Output } from './output.js'
import { UsageError } from './usage-error.js'
import { deleteUser, endUserSessions, listUserSessions } from './user-session-commands.js'
import { isoTime, jsonArgument, readStdin, table, withAdmin } from './admin-context.js'

const one = (positionals: string[], what: string): string => {
  if (positionals.length !== 1) throw new UsageError(`expected exactly one ${what}`)
  return positionals[0] as string
}
const units: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 }

/** `90`, `30m`, `24h`, `7d` as seconds (the service checks the range). */
function duration(text: string): number {
  const match = /^(\d{1,7})([smhd]?)$/.exec(text)
  if (!match) throw new UsageError(`--grace: expected seconds or a duration such as 24h or 7d`)
  return Number(match[1]) * (units[match[2] || 's'] as number)
}

const print = (io: Output, value: unknown) => io.out(JSON.stringify(value, null, 2))

/** `--clock-offset -600`: seconds the platform's clock runs ahead (the service checks the range). */
function clockOffset(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  if (!/^[+-]?\d{1,6}$/.test(text))
    throw new UsageError('--clock-offset: expected whole seconds, such as -600 or 300')
  return Number(text)
}

/** One line per rule, as the console shows it: PASS|FAIL, the rule, its detail, then the fix. */
function printReport(io: Output, report: ContractReport) {
  io.out(`Check against ${report.platform}: app ${report.app}, user ${report.user}`)
  io.out(`platform clock ${report.clock.platform} (offset ${report.clock.offsetSeconds} s)`)
  for (const result of report.results) {
    io.out(`${result.pass ? 'PASS' : 'FAIL'}  ${result.rule}  ${result.detail}`)
    if (!result.pass && result.fix) io.out(`      fix: ${result.fix}`)
  }
  io.out(`${report.passed} passed, ${report.failed} failed; nothing was delivered`)
}

export async function appCommand(sub: string | undefined, args: string[], io: Output) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      id: { type: 'string' },
      name: { type: 'string' },
      callback: { type: 'string', multiple: true },
      connection: { type: 'string', multiple: true },
      alg: { type: 'string' },
      'token-ttl': { type: 'string' },
      delivery: { type: 'string' },
      'secret-stdin': { type: 'boolean', default: false },
      grace: { type: 'string' },
      json: { type: 'string' },
      user: { type: 'string' },
      'platform-key-stdin': { type: 'boolean', default: false },
      'clock-offset': { type: 'string' },
    },
  })
  return withAdmin(async ({ admin, actor }) => {
    const { apps } = admin
    switch (sub) {
      case 'list': {
        const rows = (await apps.list()).map((a) => [
          a.id,
          a.name,
          a.signing.alg,
          a.connections.join(','),
          a.callbackUrls.join(' '),
        ])
        table([['ID', 'NAME', 'ALG', 'CONNECTIONS', 'CALLBACKS'], ...rows]).forEach((l) =>
          io.out(l),
        )
        return 0
      }
      case 'show': {
        const app = await apps.get(one(positionals, 'app id'))
        print(io, { app, snippet: apps.snippet(app) })
        return 0
      }
      case 'add': {
        const input = (jsonArgument(values.json) as Record<string, unknown> | undefined) ?? {
          id: values.id,
          name: values.name,
          callbackUrls: values.callback,
          connections: values.connection,
          signing: {
            alg: values.alg ?? 'HS256',
            ...(values['secret-stdin'] ? { secret: await readStdin() } : {}),
          },
          tokenTtl: values['token-ttl'] === undefined ? undefined : Number(values['token-ttl']),
          delivery: values.delivery,
        }
        // The CLI holds the database and the master key: the highest authority there is.
        const { app, secret } = await apps.create(actor, input, {
          identityChange: allowIdentityChange,
        })
        io.out(`created app ${app.id}`)
        // Shown once: only its sealed form is kept.
        if (secret) io.out(`secret: ${secret}`)
        io.out(apps.snippet(app).pinned ?? apps.snippet(app).plain)
        return 0
      }
      case 'update': {
        const id = one(positionals, 'app id')
        const { app, secret } = await apps.update(actor, id, jsonArgument(values.json) ?? {}, {
          identityChange: allowIdentityChange,
        })
        io.out(`updated app ${app.id}`)
        if (secret) io.out(`secret: ${secret}`)
        return 0
      }
      case 'rotate-secret': {
        const id = one(positionals, 'app id')
        const options = values.grace === undefined ? {} : { graceSeconds: duration(values.grace) }
        const { app, secret } = await apps.regenerateSecret(actor, id, options)
        io.out(`new secret of ${app.id}, signing now: ${secret}`)
        const until = app.signing.graceUntil
        io.out(
          until
            ? `the old secret may still be accepted until ${isoTime(until)}: add the new one next to it on the site, then drop the old`
            : 'the old secret is dropped now: tokens it signed no longer verify where the site has the new one only',
        )
        return 0
      }
      case 'check': {
        const id = one(positionals, 'app id')
        const report = await admin.platformCheck.run(actor, id, {
          user: values.user,
          platformKey: values['platform-key-stdin'] ? await readStdin() : undefined,
          clockOffsetSeconds: clockOffset(values['clock-offset']),
        })
        printReport(io, report)
        return report.failed === 0 ? 0 : 1
      }
      case 'delete': {
        const id = one(positionals, 'app id')
        await apps.remove(actor, id)
        io.out(`deleted app ${id}`)
        return 0
      }
      default:
        throw new UsageError(`unknown app command: ${sub ?? '(none)'}`)
    }
  })
}

export async function connectionCommand(sub: string | undefined, args: string[], io: Output) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      id: { type: 'string' },
      type: { type: 'string' },
      name: { type: 'string' },
      issuer: { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret-stdin': { type: 'boolean', default: false },
      domain: { type: 'string', multiple: true },
      'metadata-file': { type: 'string' },
      'metadata-url': { type: 'string' },
      'dangerously-allow-http-issuer': { type: 'boolean', default: false },
      'dangerously-allow-private-network': { type: 'boolean', default: false },
      json: { type: 'string' },
    },
  })
  return withAdmin(async ({ admin, actor }) => {
    const { connections } = admin
    switch (sub) {
      case 'list': {
        const rows = (await connections.list()).map((c) => [c.id, c.type, c.name])
        table([['ID', 'TYPE', 'NAME'], ...rows]).forEach((l) => io.out(l))
        return 0
      }
      case 'show': {
        const id = one(positionals, 'connection id')
        print(io, {
          connection: await connections.get(id),
          copyIntoTheIdp: await connections.values(id),
          usedBy: await connections.usedBy(id),
        })
        return 0
      }
      case 'add': {
        let input = jsonArgument(values.json) as Record<string, unknown> | undefined
        if (!input) {
          input = { id: values.id, type: values.type, name: values.name }
          if (values.type === 'oidc') {
            Object.assign(input, {
              issuer: values.issuer,
              clientId: values['client-id'],
              clientSecret: values['client-secret-stdin'] ? await readStdin() : undefined,
              domains: values.domain,
              dangerouslyAllowHttpIssuer: values['dangerously-allow-http-issuer'] || undefined,
              dangerouslyAllowPrivateNetwork:
                values['dangerously-allow-private-network'] || undefined,
            })
          }
          if (values.type === 'saml') {
            Object.assign(input, {
              // The CLI runs on the operator's machine: it reads the file and sends the XML.
              idpMetadata: values['metadata-file']
                ? readFileSync(values['metadata-file'], 'utf8')
                : undefined,
              idpMetadataUrl: values['metadata-url'],
              domains: values.domain,
            })
          }
        }
        // The CLI holds the database and the master key: the highest authority there is.
        const connection = await connections.create(actor, input, {
          identityChange: allowIdentityChange,
        })
        io.out(`created connection ${connection.id}`)
        for (const v of await connections.values(connection.id)) io.out(`${v.label}: ${v.value}`)
        return 0
      }
      case 'update': {
        const id = one(positionals, 'connection id')
        await connections.update(actor, id, jsonArgument(values.json) ?? {}, {
          identityChange: allowIdentityChange,
        })
        io.out(`updated connection ${id}`)
        return 0
      }
      case 'delete': {
        const id = one(positionals, 'connection id')
        await connections.remove(actor, id)
        io.out(`deleted connection ${id}`)
        return 0
      }
      case 'check': {
        const result = values.issuer
          ? await connections.checkIssuer(
              {
                issuer: values.issuer,
                dangerouslyAllowHttpIssuer: values['dangerously-allow-http-issuer'],
                dangerouslyAllowPrivateNetwork: values['dangerously-allow-private-network'],
              },
              { identityChange: allowIdentityChange },
            )
          : await connections.check(one(positionals, 'connection id (or --issuer URL)'))
        print(io, result)
        return result.ok ? 0 : 1
      }
      default:
        throw new UsageError(`unknown connection command: ${sub ?? '(none)'}`)
    }
  })
}

export async function userCommand(sub: string | undefined, args: string[], io: Output) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      connection: { type: 'string' },
      q: { type: 'string' },
      'email-verified': { type: 'boolean', default: false },
      'password-stdin': { type: 'boolean', default: false },
      sid: { type: 'string' },
    },
  })
  return withAdmin(async ({ admin, actor }) => {
    const { users } = admin
    switch (sub) {
      case 'list': {
        const { users: found } = await users.list(
          { connection: values.connection, q: values.q },
          { limit: 500 },
        )
        const rows = found.map((u) => [
          u.id,
          u.connection,
          u.email,
          u.disabled ? 'disabled' : 'active',
          isoTime(u.lastLoginAt),
        ])
        table([['ID', 'CONNECTION', 'EMAIL', 'STATUS', 'LAST SIGN-IN'], ...rows]).forEach((l) =>
          io.out(l),
        )
        return 0
      }
      case 'show':
        print(io, await users.get(one(positionals, 'user id')))
        return 0
      case 'add': {
        const { user, password } = await users.create(actor, {
          email: values.email,
          name: values.name,
          connection: values.connection,
          emailVerified: values['email-verified'],
          password: values['password-stdin'] ? await readStdin() : undefined,
        })
        io.out(`created user ${user.email} (${user.id})`)
        // Shown once: only its hash is kept.
        if (password) io.out(`password: ${password}`)
        return 0
      }
      case 'disable':
      case 'enable': {
        const user = await users.setDisabled(actor, one(positionals, 'user id'), sub === 'disable')
        io.out(`${sub}d user ${user.email} (${user.id})`)
        return 0
      }
      case 'sessions':
        return listUserSessions(admin, one(positionals, 'user id'), io)
      case 'end-sessions':
        return endUserSessions(admin, actor, one(positionals, 'user id'), values.sid, io)
      case 'delete':
        return deleteUser(admin, actor, one(positionals, 'user id'), io)
      case 'reset-password': {
        const { user, password } = await users.resetPassword(
          actor,
          one(positionals, 'user id'),
          values['password-stdin'] ? await readStdin() : undefined,
        )
        io.out(`new password for ${user.email}${password ? `: ${password}` : ''}`)
        return 0
      }
      default:
        throw new UsageError(`unknown user command: ${sub ?? '(none)'}`)
    }
  })
}
