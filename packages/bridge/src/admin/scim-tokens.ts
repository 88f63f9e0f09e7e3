/**
 * The SCIM tokens of a connection, for the API, the console and the CLI: create (the token is
 * shown once), list, revoke; each change audited. Only upstream (OIDC, SAML) connections take
 * one: provisioned users sign in through the connection's IdP, which a local connection has not.
 */
import { z } from 'zod'
import { displayName } from '../config/display-name.js'
import { recordAudit, type Actor } from '../domain/audit-log.js'
import { getConnection } from '../domain/connections.js'
import {
  MAX_TOKENS_PER_CONNECTION,
  newScimToken,
  publicScimToken,
  SCIM_TOKENS,
  scimTokensOf,
  type PublicScimToken,
} from '../domain/scim/scim-tokens.js'
import type { AdminDeps } from './context.js'
import { conflict, fieldError, notFound, parseInput } from './input.js'

const newToken = z.strictObject({ name: z.string().trim().pipe(displayName(100)) })

export function scimTokenService(deps: AdminDeps) {
  const { storage } = deps
  const now = () => deps.now?.() ?? Date.now()

  async function upstream(connectionId: string) {
    const connection =
      typeof connectionId === 'string' ? await getConnection(storage, connectionId) : undefined
    if (!connection) throw notFound('connection', String(connectionId).slice(0, 64))
    return connection
  }

  return {
    async list(connectionId: string): Promise<PublicScimToken[]> {
      await upstream(connectionId)
      return (await scimTokensOf(storage, connectionId)).map(publicScimToken)
    },

    async create(
      actor: Actor,
      connectionId: string,
      raw: unknown,
    ): Promise<{ token: string; scimToken: PublicScimToken }> {
      const connection = await upstream(connectionId)
      if (connection.type === 'local')
        throw fieldError(
          '',
          'SCIM provisions users who sign in through an upstream IdP: choose an OIDC or SAML connection.',
        )
      const input = parseInput(newToken, raw)
      const live = (await scimTokensOf(storage, connection.id)).filter((t) => !t.revokedAt)
      if (live.length >= MAX_TOKENS_PER_CONNECTION)
        throw conflict(
          `A connection holds at most ${MAX_TOKENS_PER_CONNECTION} live SCIM tokens; revoke one first.`,
        )
      const at = now()
      const { token, record } = newScimToken(connection.id, input.name, actor, at)
      if (!(await storage.add(SCIM_TOKENS, record.id, JSON.parse(JSON.stringify(record)))))
        throw conflict('Try again.')
      await recordAudit(
        storage,
        {
          event: 'connection.scim_token_created',
          actor,
          connection: connection.id,
          target: { type: 'scim_token', id: record.id },
          after: publicScimToken(record),
        },
        at,
      )
      return { token, scimToken: publicScimToken(record) }
    },

    async revoke(actor: Actor, connectionId: string, tokenId: string): Promise<PublicScimToken> {
      await upstream(connectionId)
      const record =
        typeof tokenId === 'string' ? await storage.get(SCIM_TOKENS, tokenId) : undefined
      // Another connection's token is not found here: the path names the connection.
      if (!record || record.connection !== connectionId)
        throw notFound('SCIM token', String(tokenId).slice(0, 32))
      if (record.revokedAt) return publicScimToken(record)
      const at = now()
      const revoked = { ...record, revokedAt: at }
      await storage.set(SCIM_TOKENS, record.id, revoked)
      await recordAudit(
        storage,
        {
          event: 'connection.scim_token_revoked',
          actor,
          connection: connectionId,
          target: { type: 'scim_token', id: record.id },
        },
        at,
      )
      return publicScimToken(revoked)
    },
  }
}
