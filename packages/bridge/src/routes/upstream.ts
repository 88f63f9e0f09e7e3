/**
 * Sign-in at an upstream OIDC IdP: /connections/<id>/start sends the browser there with PKCE,
 * state and nonce kept in storage; /connections/<id>/callback redeems the code once.
 */
import { Hono } from 'hono'
import * as client from 'openid-client'
import { z } from 'zod'
import { idPattern } from '../config/schema.js'
import { isRefusal } from '../connections/oidc.js'
import { getConnection, type OidcConnection, type SamlConnection } from '../domain/connections.js'
import { BridgeError, isBridgeError } from '../errors.js'
import { auditSignIn } from '../sign-in/audit.js'
import { upstreamSignIn } from '../sign-in/account-link.js'
import { assertConnectionAllowed, loadApp, loadTransaction } from '../sign-in/load.js'
import { oidcRedirectUri } from '../sign-in/paths.js'
import { refuse, upstreamRefusal } from '../sign-in/refuse.js'
import { startSamlSignIn } from '../sign-in/saml-start.js'
import { cookieJar } from './cookies.js'
import { respond, visitOf } from './deliver.js'
import type { BridgeEnv, BridgeServices } from './env.js'
import { notePage } from './page.js'
import { MAX_PARAMETER_BYTES, opaqueId, readQuery } from './params.js'

const UPSTREAM = 'upstream-oidc'
const UPSTREAM_TTL_SECONDS = 10 * 60

/** What the `upstream-oidc` namespace holds, from the start to the callback. */
export interface UpstreamTransaction {
  txId: string
  connection: string
  nonce: string
  codeVerifier: string
}

declare module '../storage/types.js' {
  interface StorageRecords {
    // Keyed by the state sent to the IdP.
    [UPSTREAM]: UpstreamTransaction
  }
}

export { oidcRedirectUri }

const startQuery = z.object({
  tx: opaqueId(),
  login_hint: z.string().max(320).optional(),
})
// The IdP adds what it likes (iss, session_state…); openid-client checks the whole URL. A code
// or an error it must send: without either the callback is malformed, not an IdP failure.
const callbackQuery = z
  .object({
    state: opaqueId(512),
    code: z.string().min(1).max(MAX_PARAMETER_BYTES).optional(),
    error: z.string().min(1).max(MAX_PARAMETER_BYTES).optional(),
  })
  .catchall(z.string().max(MAX_PARAMETER_BYTES))
  .refine((q) => q.code !== undefined || q.error !== undefined, {
    path: ['code'],
    message: 'code or error is required',
  })
const connectionParam = z.string().max(64).regex(idPattern)

export function upstreamRoutes(services: BridgeServices) {
  const jar = cookieJar(services.settings.issuer)

  async function oidcConnection(id: string): Promise<OidcConnection> {
    const parsed = connectionParam.safeParse(id)
    const connection = parsed.success
      ? await getConnection(services.storage, parsed.data)
      : undefined
    if (connection?.type !== 'oidc')
      throw new BridgeError('not_found', {
        reason: 'connection_unknown',
        message: `no oidc connection ${id}`,
      })
    return connection
  }

  /** The start URL is one shape for every upstream kind; only the way out differs. */
  async function upstreamConnection(id: string): Promise<OidcConnection | SamlConnection> {
    const parsed = connectionParam.safeParse(id)
    const connection = parsed.success
      ? await getConnection(services.storage, parsed.data)
      : undefined
    if (connection?.type !== 'oidc' && connection?.type !== 'saml')
      throw new BridgeError('not_found', {
        reason: 'connection_unknown',
        message: `no upstream connection ${id}`,
      })
    return connection
  }

  return new Hono<BridgeEnv>()
    .get('/connections/:id/start', async (c) => {
      const connection = await upstreamConnection(c.req.param('id'))
      const q = readQuery(c, startQuery)
      const tx = await loadTransaction(services.storage, visitOf(c, jar), q.tx)
      assertConnectionAllowed(await loadApp(services.storage, tx), tx, connection.id)
      if (connection.type === 'saml')
        return respond(c, jar, await startSamlSignIn(services, connection, { txId: q.tx, tx }))
      const upstream: UpstreamTransaction = {
        txId: q.tx,
        connection: connection.id,
        nonce: client.randomNonce(),
        codeVerifier: client.randomPKCECodeVerifier(),
      }
      const state = client.randomState()
      await services.storage.set(UPSTREAM, state, upstream, UPSTREAM_TTL_SECONDS)
      const url = await services.oidc.authorizationUrl(connection, {
        redirectUri: oidcRedirectUri(services.settings.issuer, connection.id),
        state,
        nonce: upstream.nonce,
        codeVerifier: upstream.codeVerifier,
        loginHint: q.login_hint ?? tx.loginHint,
        forceLogin: tx.prompt === 'login',
      })
      return c.redirect(url.href, 302)
    })
    .get('/connections/:id/callback', async (c) => {
      const connection = await oidcConnection(c.req.param('id'))
      const { state } = readQuery(c, callbackQuery)
      // Consumed first: a replayed or forged callback finds nothing, whatever else it carries.
      const upstream = await services.storage.consume(UPSTREAM, state)
      if (!upstream || upstream.connection !== connection.id) {
        throw new BridgeError('login_expired', {
          reason: 'upstream_state_unknown',
          message: 'unknown or used upstream state',
        })
      }
      const visit = visitOf(c, jar)
      const tx = await loadTransaction(services.storage, visit, upstream.txId)
      notePage(c, { tx })
      const app = await loadApp(services.storage, tx)
      // The public URL, as the IdP redirected to it, whatever the proxy in front says.
      const callbackUrl = new URL(oidcRedirectUri(services.settings.issuer, connection.id))
      callbackUrl.search = new URL(c.req.url).search
      const attempt = { app: app.id, connection: connection.id }
      let result
      try {
        result = await services.oidc.finish(connection, callbackUrl, {
          state,
          nonce: upstream.nonce,
          codeVerifier: upstream.codeVerifier,
        })
      } catch (error) {
        // A callback that fails a check (ID token, nonce, issuer) is a refused sign-in too.
        if (isBridgeError(error))
          await auditSignIn(services, visit.requestId, { ...attempt, reason: error.code })
        throw error
      }
      if (isRefusal(result)) {
        services.logger.info('upstream refused sign-in', {
          requestId: visit.requestId,
          connection: connection.id,
          error: result.error.slice(0, 64),
        })
        const notSignedIn =
          result.error === 'login_required' || result.error === 'interaction_required'
        const outcome = await refuse(services, visit, {
          txId: upstream.txId,
          tx,
          connection: connection.id,
          ...upstreamRefusal(notSignedIn),
        })
        return respond(c, jar, outcome)
      }
      const outcome = await upstreamSignIn(services, visit, {
        txId: upstream.txId,
        tx,
        app,
        connection,
        identity: result,
      })
      return respond(c, jar, outcome)
    })
}
