/**
 * SAML connections over HTTP: SP metadata, the assertion consumer service (the IdP's cross-site
 * POST) and the same-site GET that finishes the sign-in. The start (HTTP-Redirect to the IdP)
 * shares /connections/<id>/start with OIDC; see sign-in/saml-start.ts.
 */
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { z } from 'zod'
import { idPattern } from '../config/schema.js'
import { SamlCheckError } from '../connections/saml-checks.js'
import { getApp } from '../domain/apps.js'
import { getConnection, type SamlConnection } from '../domain/connections.js'
import { userForIdentity } from '../domain/identities.js'
import { userEventTeller } from '../domain/user-events.js'
import { randomToken } from '../domain/random-token.js'
import {
  consumeSamlRequest,
  recordAssertion,
  stashSamlResult,
  takeSamlResult,
  type SamlResult,
} from '../domain/saml-correlation.js'
import { BridgeError } from '../errors.js'
import { upstreamSignIn } from '../sign-in/account-link.js'
import { idpInitiatedSignIn } from '../sign-in/idp-initiated.js'
import { assertConnectionAllowed, loadApp, loadTransaction } from '../sign-in/load.js'
import { refuse, upstreamRefusal } from '../sign-in/refuse.js'
import type { Visit } from '../sign-in/services.js'
import { cookieJar } from './cookies.js'
import { respond, visitOf } from './deliver.js'
import type { BridgeEnv, BridgeServices } from './env.js'
import { opaqueId, readForm, readQuery } from './params.js'

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
 * A Response that fails a check is what the browser posted: the client's input, so a 400, never
 * the 502 kept for the bridge failing to reach an IdP (metadata fetch).
 */
function refused(connection: SamlConnection, error: SamlCheckError): BridgeError {
  const expired = error.reason === 'unknown_request' || error.reason === 'replayed'
  return new BridgeError(expired ? 'login_expired' : 'upstream_response_invalid', {
    reason: 'upstream_response_refused',
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
      throw new BridgeError('not_found', {
        reason: 'connection_unknown',
        message: `no saml connection ${id}`,
      })
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
          // Logged, not audited: before a request is found, this is anyone's POST, and an
          // unauthenticated request must not be able to write to the audit log.
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
            reason: 'upstream_refused',
            message: `saml connection ${connection.id}: unsolicited non-success status`,
            say: { key: 'error.say.idpDidNotSignIn' },
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
        throw new BridgeError('login_expired', {
          reason: 'upstream_state_unknown',
          message: 'unknown or used saml result',
        })
      const visit = visitOf(c, jar)
      if (result.txId === undefined)
        return respond(c, jar, await finishIdpInitiated(services, visit, connection, result))

      const tx = await loadTransaction(storage, visit, result.txId)
      const app = await loadApp(storage, tx)
      assertConnectionAllowed(app, tx, connection.id)
      if (!result.identity) {
        services.logger.info('upstream refused sign-in', {
          requestId: visit.requestId,
          connection: connection.id,
          error: (result.refusedStatus ?? '').slice(-64),
        })
        const noPassive = /NoPassive$/.test(result.refusedStatus ?? '')
        const outcome = await refuse(services, visit, {
          txId: result.txId,
          tx,
          connection: connection.id,
          ...upstreamRefusal(noPassive),
        })
        return respond(c, jar, outcome)
      }
      // The link prompt, or the second factor when policy asks for one, as for every other way.
      const outcome = await upstreamSignIn(services, visit, {
        txId: result.txId,
        tx,
        app,
        connection,
        identity: result.identity,
      })
      return respond(c, jar, outcome)
    })
}

/**
 * IdP-initiated SSO (only with dangerouslyAllowIdpInitiated): the connection names the one app
 * it may sign into; the rest is sign-in/idp-initiated.ts.
 */
async function finishIdpInitiated(
  services: BridgeServices,
  visit: Visit,
  connection: SamlConnection,
  result: SamlResult,
) {
  const target = connection.dangerouslyAllowIdpInitiated?.app
  const app = target ? await getApp(services.storage, target) : undefined
  if (!app || !app.connections.includes(connection.id) || !result.identity) {
    throw new BridgeError('invalid_request', {
      reason: 'idp_initiated_without_target',
      message: `idp-initiated sign-in at ${connection.id} has no usable target app`,
      say: { key: 'error.say.startFromSite' },
    })
  }
  services.logger.warn('idp-initiated saml sign-in (dangerouslyAllowIdpInitiated)', {
    requestId: visit.requestId,
    connection: connection.id,
    app: app.id,
  })
  const user = await userForIdentity(services.storage, connection, result.identity, {
    tell: userEventTeller(services, visit.requestId),
  })
  return idpInitiatedSignIn(services, visit, {
    app,
    user,
    connection: connection.id,
    amr: result.identity.amr ?? [],
  })
}
