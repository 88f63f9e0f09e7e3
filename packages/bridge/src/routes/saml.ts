/**
 * SAML connections over HTTP: SP metadata, the assertion consumer service (the IdP's cross-site
 * POST) and the same-site GET that finishes the sign-in. The start (HTTP-Redirect to the IdP)
 * shares /connections/<id>/start with OIDC; see startSamlSignIn.
 */
import { randomBytes } from 'node:crypto'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { z } from 'zod'
import { idPattern } from '../config/schema.js'
import { SamlCheckError } from '../connections/saml-checks.js'
import { getApp } from '../domain/apps.js'
import { getConnection, type SamlConnection } from '../domain/connections.js'
import { userForIdentity } from '../domain/identities.js'
import { consumeLoginTransaction, type LoginTransaction } from '../domain/login-transactions.js'
import { randomToken } from '../domain/random.js'
import {
  consumeSamlRequest,
  recordAssertion,
  rememberSamlRequest,
  stashSamlResult,
  takeSamlResult,
  type SamlResult,
} from '../domain/saml-correlation.js'
import { createSession, deleteSession } from '../domain/sessions.js'
import { saveUser } from '../domain/users.js'
import { BridgeError } from '../errors.js'
import { cookieJar, type CookieJar } from './cookies.js'
import { deliverError } from './deliver.js'
import type { BridgeEnv, BridgeServices } from './env.js'
import { opaqueId, readForm, readQuery } from './params.js'
import { afterFirstFactor } from './mfa-gate.js'
import { loadApp, loadTransaction } from './sign-in-steps.js'

/** The limit: a SAML Response above 1 MB is not a sign-in. */
export const MAX_ACS_BYTES = 1024 * 1024

const connectionParam = z.string().max(64).regex(idPattern)
const acsForm = z.object({
  // Plain base64; IdPs may wrap lines. Anything else is refused before decoding.
  SAMLResponse: z
    .string()
    .min(1)
    .max(MAX_ACS_BYTES)
    .regex(/^[A-Za-z0-9+/\r\n]+={0,2}[\r\n]*$/),
  RelayState: z.string().max(1024).optional(),
})
const finishQuery = z.object({ r: opaqueId() })

/**
 * Sends the browser to the IdP with an AuthnRequest whose ID is remembered with the login
 * transaction; the IdP echoes it as InResponseTo, inside the signed assertion.
 */
export async function startSamlSignIn(
  c: Context<BridgeEnv>,
  services: BridgeServices,
  connection: SamlConnection,
  input: { txId: string; tx: LoginTransaction },
) {
  // An NCName, as SAML IDs must be: a letter or underscore first.
  const requestId = `_${randomBytes(20).toString('hex')}`
  const url = await services.saml.authorizeUrl(connection, {
    requestId,
    forceAuthn: input.tx.prompt === 'login',
  })
  await rememberSamlRequest(services.storage, requestId, {
    txId: input.txId,
    connection: connection.id,
  })
  return c.redirect(url, 302)
}

/**
 * A Response that fails a check is what the browser posted: the client's input, so a 400, never
 * the 502 kept for the bridge failing to reach an IdP (metadata fetch).
 */
function refused(connection: SamlConnection, error: SamlCheckError): BridgeError {
  const expired = error.reason === 'unknown_request' || error.reason === 'replayed'
  return new BridgeError(expired ? 'login_expired' : 'upstream_response_invalid', {
    // The reason code only: details may quote attacker-chosen XML.
    message: `saml response refused for connection ${connection.id}: ${error.reason}`,
    cause: error,
  })
}

export function samlRoutes(services: BridgeServices) {
  const { storage } = services
  const jar = cookieJar(services.settings.issuer)

  async function samlConnection(id: string): Promise<SamlConnection> {
    const parsed = connectionParam.safeParse(id)
    const connection = parsed.success ? await getConnection(storage, parsed.data) : undefined
    if (connection?.type !== 'saml')
      throw new BridgeError('not_found', { message: `no saml connection ${id}` })
    return connection
  }

  return new Hono<BridgeEnv>()
    .get('/connections/:id/saml/metadata', async (c) => {
      const connection = await samlConnection(c.req.param('id'))
      const xml = await services.saml.metadata(connection)
      c.header('Content-Type', 'application/samlmetadata+xml; charset=utf-8')
      c.header('Cache-Control', 'no-cache')
      if (c.req.query('download') !== undefined) {
        c.header(
          'Content-Disposition',
          `attachment; filename="ssobridge-${connection.id}-sp-metadata.xml"`,
        )
      }
      return c.body(xml)
    })
    .post(
      '/connections/:id/saml/acs',
      bodyLimit({
        maxSize: MAX_ACS_BYTES + 16 * 1024,
        onError: () => {
          throw new BridgeError('payload_too_large')
        },
      }),
      async (c) => {
        const connection = await samlConnection(c.req.param('id'))
        // No Origin check and no cookie: this POST comes from the IdP's page, cross-site by
        // design, and our SameSite=Lax cookies do not ride on it. It is trusted for what the
        // signature proves and for nothing else.
        const form = await readForm(c, acsForm)
        const samlResponse = form.SAMLResponse.replace(/[\r\n]/g, '')
        let outcome
        try {
          outcome = await services.saml.verify(connection, samlResponse)
          if (outcome.kind === 'identity') {
            // Before the request is consumed, so that a replay is named as one.
            const fresh = await recordAssertion(
              storage,
              connection.id,
              outcome.assertionId,
              outcome.replayUntil,
            )
            if (!fresh) throw new SamlCheckError('replayed')
          }
        } catch (error) {
          if (error instanceof SamlCheckError) throw refused(connection, error)
          throw error
        }

        let txId: string | undefined
        if (outcome.inResponseTo !== undefined) {
          const request = await consumeSamlRequest(storage, outcome.inResponseTo)
          if (!request) throw refused(connection, new SamlCheckError('unknown_request'))
          if (request.connection !== connection.id)
            throw refused(connection, new SamlCheckError('wrong_connection'))
          txId = request.txId
        } else if (outcome.kind === 'refused') {
          throw new BridgeError('access_denied', {
            message: `saml connection ${connection.id}: unsolicited non-success status`,
            description: 'The identity provider did not sign you in.',
          })
        } else if (!connection.dangerouslyAllowIdpInitiated) {
          throw refused(connection, new SamlCheckError('unsolicited'))
        }

        const result: SamlResult =
          outcome.kind === 'identity'
            ? { connection: connection.id, txId, identity: outcome.identity }
            : { connection: connection.id, txId, refusedStatus: outcome.status }
        const handle = randomToken()
        await stashSamlResult(storage, handle, result)
        // Why a second hop: the login transaction is bound to the browser that started it by a
        // SameSite=Lax cookie, and that cookie is absent here. Checking "where present" would
        // check nothing on the one path that matters: an attacker who completes a sign-in at
        // the IdP as themselves and makes a victim's browser post that Response would sign the
        // victim in as the attacker (login CSRF). A top-level GET on our own origin does carry
        // Lax cookies, so the sign-in finishes there, where loadTransaction demands the cookie
        // of the browser that started it. The handle is random, one-time and lives 2 minutes.
        return c.redirect(`/connections/${connection.id}/saml/finish?r=${handle}`, 303)
      },
    )
    .get('/connections/:id/saml/finish', async (c) => {
      const connection = await samlConnection(c.req.param('id'))
      const { r } = readQuery(c, finishQuery)
      const result = await takeSamlResult(storage, r)
      if (!result || result.connection !== connection.id)
        throw new BridgeError('login_expired', { message: 'unknown or used saml result' })
      if (result.txId === undefined) return finishIdpInitiated(c, services, jar, connection, result)

      const tx = await loadTransaction(c, services, jar, result.txId)
      const app = await loadApp(services, tx)
      if (
        !app.connections.includes(connection.id) ||
        (tx.connection && tx.connection !== connection.id)
      ) {
        throw new BridgeError('invalid_request', {
          description: 'This sign-in method is not enabled for this site.',
        })
      }
      if (!result.identity) {
        services.logger.info('upstream refused sign-in', {
          requestId: c.get('requestId'),
          connection: connection.id,
          error: (result.refusedStatus ?? '').slice(-64),
        })
        await consumeLoginTransaction(storage, result.txId)
        const noPassive = /NoPassive$/.test(result.refusedStatus ?? '')
        return noPassive
          ? deliverError(c, tx, 'login_required', 'The user is not signed in.')
          : deliverError(c, tx, 'access_denied', 'The identity provider did not sign the user in.')
      }
      const user = await userForIdentity(storage, connection, result.identity)
      // The second factor, when policy asks for one, as for every other way of signing in.
      return afterFirstFactor(c, services, jar, {
        txId: result.txId,
        tx,
        app,
        user,
        connection: connection.id,
        amr: result.identity.amr ?? [],
      })
    })
}

/**
 * IdP-initiated SSO (only with dangerouslyAllowIdpInitiated): there is no site `state` to answer,
 * so no token is pushed to the site. The bridge session is created and the browser goes to the
 * app's home; its "Sign in" then completes without a prompt, with the site's own state check.
 */
async function finishIdpInitiated(
  c: Context<BridgeEnv>,
  services: BridgeServices,
  jar: CookieJar,
  connection: SamlConnection,
  result: SamlResult,
) {
  const { storage } = services
  const target = connection.dangerouslyAllowIdpInitiated?.app
  const app = target ? await getApp(storage, target) : undefined
  if (!app || !app.connections.includes(connection.id) || !result.identity) {
    throw new BridgeError('invalid_request', {
      message: `idp-initiated sign-in at ${connection.id} has no usable target app`,
      description: 'This sign-in cannot be completed here. Start it from the site.',
    })
  }
  services.logger.warn('idp-initiated saml sign-in (dangerouslyAllowIdpInitiated)', {
    requestId: c.get('requestId'),
    connection: connection.id,
    app: app.id,
  })
  const user = await userForIdentity(storage, connection, result.identity)
  if (user.disabled)
    throw new BridgeError('access_denied', {
      message: 'user is disabled',
      description: 'This account is disabled.',
    })
  await deleteSession(storage, jar.get(c, 'session'))
  const now = Date.now()
  const { id } = await createSession(
    storage,
    {
      userId: user.id,
      connection: connection.id,
      authTime: Math.floor(now / 1000),
      amr: result.identity.amr ?? [],
    },
    services.settings.sessionTtl,
    now,
  )
  jar.set(c, 'session', id, services.settings.sessionTtl)
  await saveUser(storage, { ...user, lastLoginAt: now })
  services.logger.info('signed in', {
    requestId: c.get('requestId'),
    user: user.id,
    connection: connection.id,
  })
  const home = new URL('/', app.callbackUrls[0] as string).href
  return c.redirect(home, 303)
}
