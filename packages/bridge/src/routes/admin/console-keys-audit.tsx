/** /admin/keys (signing keys, admin API keys) and /admin/audit (filter, pages, JSON lines). */
import { Hono } from 'hono'
import { stream } from 'hono/streaming'
import { z } from 'zod'
import { createApiKey, listApiKeys, revokeApiKey } from '../../admin/api-keys.js'
import { auditFilterFields } from '../../admin/audit-filter.js'
import { isAdminInputError, parseInput } from '../../admin/input.js'
import type { AdminServices } from '../../admin/services.js'
import { isAuditCursor } from '../../domain/audit-log.js'
import { DEFAULT_ACTIVATE_AFTER_SECONDS, JWKS_MAX_AGE_SECONDS } from '../../keys/keystore.js'
import { AuditPage, KeysPage } from '../../views/admin/key-audit-pages.js'
import { refusalOf, type Refusal } from './console-refusal.js'
import { done, flashOf } from './console-flash.js'
import {
  adminActor,
  field,
  frame,
  type ConsoleEnv,
  type ConsoleContext,
} from './console-session.js'

const filterSchema = z.object(auditFilterFields)
const filterNames = Object.keys(auditFilterFields)

/** The filter's own fields of the query, as typed (for the form). */
function typedFilter(c: ConsoleContext) {
  const typed: Record<string, string> = {}
  for (const name of filterNames) {
    const value = c.req.query(name)?.trim()
    if (value) typed[name] = value.slice(0, 300)
  }
  return typed
}

export function consoleKeyAuditRoutes(admin: AdminServices) {
  const { storage } = admin.deps
  const actor = (c: ConsoleContext) => adminActor(c.get('admin'))

  async function keysPage(
    c: ConsoleContext,
    extra: { refusal?: Refusal; newApiKey?: string } = {},
  ) {
    return c.html(
      <KeysPage
        {...frame(c, flashOf(c))}
        keys={await admin.keys.list()}
        apiKeys={await listApiKeys(storage)}
        newApiKey={extra.newApiKey}
        errors={extra.refusal?.errors ?? []}
        message={extra.refusal?.message}
        now={Date.now()}
        defaultActivateAfter={DEFAULT_ACTIVATE_AFTER_SECONDS}
        minActivateAfter={JWKS_MAX_AGE_SECONDS}
      />,
      extra.refusal?.status ?? 200,
    )
  }

  return new Hono<ConsoleEnv>()
    .get('/keys', (c) => keysPage(c))
    .post('/keys/rotate', async (c) => {
      const form = c.get('form')
      const after = field(form, 'activateAfterSeconds')?.trim()
      try {
        await admin.keys.rotate(
          actor(c),
          field(form, 'alg'),
          after ? (/^\d{1,9}$/.test(after) ? Number(after) : after) : undefined,
        )
        return done(c, '/admin/keys', 'rotated')
      } catch (error) {
        return keysPage(c, { refusal: refusalOf(error) })
      }
    })
    .post('/api-keys', async (c) => {
      const form = c.get('form')
      const scopes = form.scopes
      const days = field(form, 'expiresInDays')?.trim()
      try {
        const { key } = await createApiKey(storage, actor(c), {
          name: field(form, 'name'),
          scopes: (Array.isArray(scopes) ? scopes : scopes === undefined ? [] : [scopes]).filter(
            (s) => typeof s === 'string',
          ),
          expiresInDays: days ? (/^\d{1,5}$/.test(days) ? Number(days) : days) : undefined,
        })
        return keysPage(c, { newApiKey: key })
      } catch (error) {
        return keysPage(c, { refusal: refusalOf(error) })
      }
    })
    .post('/api-keys/:id/revoke', async (c) => {
      try {
        await revokeApiKey(storage, actor(c), c.req.param('id'))
        return done(c, '/admin/keys', 'revoked')
      } catch (error) {
        return keysPage(c, { refusal: refusalOf(error) })
      }
    })
    .get('/audit', async (c) => {
      const typed = typedFilter(c)
      try {
        const cursor = c.req.query('cursor')
        const page = await admin.audit.list(parseInput(filterSchema, typed), {
          limit: 100,
          cursor: cursor && isAuditCursor(cursor) ? cursor : undefined,
        })
        return c.html(
          <AuditPage
            {...frame(c)}
            entries={page.entries}
            next={page.nextCursor}
            filter={typed}
            errors={[]}
          />,
        )
      } catch (error) {
        if (!isAdminInputError(error)) throw error
        return c.html(
          <AuditPage {...frame(c)} entries={[]} filter={typed} errors={error.issues} />,
          400,
        )
      }
    })
    .get('/audit.jsonl', async (c) => {
      const parsed = parseInput(filterSchema, typedFilter(c))
      c.header('Content-Type', 'application/x-ndjson; charset=utf-8')
      c.header('Content-Disposition', 'attachment; filename="ssobridge-audit.jsonl"')
      return stream(c, async (out) => {
        for await (const entry of admin.audit.export(parsed))
          await out.write(JSON.stringify(entry) + '\n')
      })
    })
}
