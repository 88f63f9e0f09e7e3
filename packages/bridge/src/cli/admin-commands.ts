/** `ssobridge admin|keys|audit|export`: admins and API keys, signing keys, the audit log, export. */
import { parseArgs } from 'node:util'
import { createAdmin, listAdmins } from '../admin/admin-accounts.js'
import { resetAdminMfa } from '../admin/admin-mfa.js'
import { createApiKey, listApiKeys, revokeApiKey } from '../admin/api-keys.js'
import { exportConfig } from '../admin/export-config.js'
import { parseInput } from '../admin/input.js'
import { auditFilterFields } from '../admin/audit-filter.js'
import { z } from 'zod'
import type { Output } from './output.js'
import { UsageError } from './usage-error.js'
import { isoTime, readStdin, table, withAdmin } from './admin-context.js'

export async function adminCommand(sub: string | undefined, args: string[], io: Output) {
  if (sub === 'key') return apiKeyCommand(args[0], args.slice(1), io)
  const { values } = parseArgs({
    args,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
    },
  })
  return withAdmin(async ({ storage, actor }) => {
    if (sub === 'create') {
      const { admin, password } = await createAdmin(storage, actor, {
        email: values.email,
        name: values.name,
        password: values['password-stdin'] ? await readStdin() : undefined,
      })
      io.out(`created admin ${admin.email} (${admin.id})`)
      if (password) io.out(`password: ${password}`)
      return 0
    }
    if (sub === 'list') {
      const rows = (await listAdmins(storage)).map((a) => [
        a.id,
        a.email,
        a.mfaEnrolled ? 'on' : 'off',
        isoTime(a.lastLoginAt),
      ])
      table([['ID', 'EMAIL', 'TWO-STEP', 'LAST SIGN-IN'], ...rows]).forEach((l) => io.out(l))
      return 0
    }
    if (sub === 'reset-mfa') {
      if (!values.email) throw new UsageError('--email is required')
      const { admin, hadMfa } = await resetAdminMfa(storage, actor, values.email)
      io.out(
        hadMfa
          ? `two-step sign-in of admin ${admin.email} is off; they sign in with the password and may enrol again`
          : `admin ${admin.email} had no two-step sign-in`,
      )
      return 0
    }
    throw new UsageError(`unknown admin command: ${sub ?? '(none)'}`)
  })
}

async function apiKeyCommand(sub: string | undefined, args: string[], io: Output) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      scope: { type: 'string', multiple: true },
      'expires-in-days': { type: 'string' },
    },
  })
  return withAdmin(async ({ storage, actor }) => {
    if (sub === 'create') {
      const days = values['expires-in-days']
      const { key, apiKey } = await createApiKey(storage, actor, {
        name: values.name,
        scopes: values.scope,
        expiresInDays: days === undefined ? undefined : Number(days),
      })
      io.out(`created API key ${apiKey.id} (${apiKey.scopes.join(' ')})`)
      // Shown once: only a hash of it is kept.
      io.out(`key: ${key}`)
      return 0
    }
    if (sub === 'list') {
      const rows = (await listApiKeys(storage)).map((k) => [
        k.id,
        k.name,
        k.revokedAt ? 'revoked' : 'active',
        isoTime(k.lastUsedAt),
        k.scopes.join(' '),
      ])
      table([['ID', 'NAME', 'STATUS', 'LAST USED', 'SCOPES'], ...rows]).forEach((l) => io.out(l))
      return 0
    }
    if (sub === 'revoke') {
      if (positionals.length !== 1) throw new UsageError('expected exactly one key id')
      const revoked = await revokeApiKey(storage, actor, positionals[0] as string)
      io.out(`revoked API key ${revoked.id}`)
      return 0
    }
    throw new UsageError(`unknown admin key command: ${sub ?? '(none)'}`)
  })
}

export async function keysCommand(sub: string | undefined, args: string[], io: Output) {
  const { values } = parseArgs({
    args,
    options: { alg: { type: 'string' }, 'activate-after': { type: 'string' } },
  })
  return withAdmin(async ({ admin, actor }) => {
    if (sub === 'list') {
      const rows = (await admin.keys.list()).map((k) => [
        k.kid,
        k.alg,
        k.status,
        isoTime(k.createdAt),
        k.status === 'pending'
          ? `signs from ${isoTime(k.activatesAt)}`
          : k.status === 'retired'
            ? `published until ${isoTime(k.unpublishAt)}`
            : '',
      ])
      table([['KID', 'ALG', 'STATUS', 'CREATED', ''], ...rows]).forEach((l) => io.out(l))
      return 0
    }
    if (sub === 'rotate') {
      const after = values['activate-after']
      const key = await admin.keys.rotate(
        actor,
        values.alg,
        after === undefined ? undefined : Number(after),
      )
      io.out(`published ${key.alg} key ${key.kid}; it signs from ${isoTime(key.activatesAt)}`)
      return 0
    }
    throw new UsageError(`unknown keys command: ${sub ?? '(none)'}`)
  })
}

export async function auditCommand(args: string[], io: Output) {
  const { values } = parseArgs({
    args,
    options: Object.fromEntries(
      Object.keys(auditFilterFields).map((name) => [name, { type: 'string' as const }]),
    ),
  })
  const filter = parseInput(z.strictObject(auditFilterFields), values)
  return withAdmin(async ({ admin }) => {
    for await (const entry of admin.audit.export(filter)) io.out(JSON.stringify(entry))
    return 0
  })
}

export async function exportCommand(args: string[], io: Output) {
  const { values } = parseArgs({ args, options: { issuer: { type: 'string' } } })
  return withAdmin(async ({ storage, issuer }) => {
    if (!values.issuer && !process.env.SSOBRIDGE_ISSUER)
      io.err('ssobridge: no --issuer or SSOBRIDGE_ISSUER; the file says http://localhost:4000')
    const { yaml } = await exportConfig(storage, values.issuer ?? issuer)
    io.out(yaml.trimEnd())
    return 0
  })
}
