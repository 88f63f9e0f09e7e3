/**
 * POST /token: a page of a `code` app redeems its one-time code with the PKCE verifier and gets
 * the app's token and the profile to show. Readable cross-origin only by the app's own origins;
 * errors are OAuth-style JSON (`error`, `error_description`), answered by this group's onError.
 */
import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { decodeJwt } from 'jose'
import { z } from 'zod'
import { idPattern } from '../config/schema.js'
import { APPS, appOrigins, getApp } from '../domain/apps.js'
import { consumeCode, verifierMatches } from '../domain/authorization-codes.js'
import { getUser } from '../domain/users.js'
import { BridgeError, oauthErrorOf, type BridgeErrorReason } from '../errors.js'
import type { Logger } from '../logger.js'
import type { BridgeEnv, BridgeServices } from './env.js'
import { errorHandler } from './error-handler.js'
import { MAX_PARAMETER_BYTES, readForm } from './params.js'

export const TOKEN_PATH = '/token'

const form = z.object({
  // The embed leaves it out to save bytes; anything given must be authorization_code.
  grant_type: z.string().max(64).optional(),
  client_id: z.string().max(64).regex(idPattern),
  code: z.string().min(1).max(128),
  redirect_uri: z.string().max(MAX_PARAMETER_BYTES),
  // Optional here so that its absence is named as the PKCE failure it is.
  code_verifier: z.string().max(256).optional(),
})

// One description for every invalid_grant: the page learns no more than that the code failed.
const grantFailed = (reason: BridgeErrorReason, message: string) =>
  new BridgeError('invalid_grant', { reason, message })

function allowOrigin(c: Context, origin: string) {
  c.header('Access-Control-Allow-Origin', origin)
  c.header('Vary', 'Origin')
}

export function tokenRoutes(services: BridgeServices) {
  const { storage } = services

  /** Whether some code app lists this origin (preflights carry no client_id). */
  async function anyCodeAppAllows(origin: string): Promise<boolean> {
    const apps = await storage.list(APPS, { limit: 10_000 })
    return apps.some(({ value }) => value.delivery === 'code' && appOrigins(value).has(origin))
  }

  return (
    new Hono<BridgeEnv>()
      .onError(tokenErrorHandler(services.logger))
      .options(TOKEN_PATH, async (c) => {
        const origin = c.req.header('Origin')
        if (origin && (await anyCodeAppAllows(origin))) {
          allowOrigin(c, origin)
          c.header('Access-Control-Allow-Methods', 'POST')
          c.header('Access-Control-Allow-Headers', 'Content-Type')
          c.header('Access-Control-Max-Age', '600')
        }
        return c.body(null, 204)
      })
      .post(
        TOKEN_PATH,
        bodyLimit({
          maxSize: 8 * 1024,
          onError: () => {
            throw new BridgeError('payload_too_large', { reason: 'body_too_large' })
          },
        }),
        async (c) => {
          const q = await readForm(c, form)
          const app = await getApp(storage, q.client_id)
          if (!app || app.delivery !== 'code') {
            throw new BridgeError('invalid_client', {
              reason: 'not_a_code_app',
              message: `no code app ${q.client_id}`,
            })
          }
          const origin = c.req.header('Origin')
          if (origin !== undefined) {
            // Checked before the code is touched: a foreign page cannot even burn a code.
            if (!appOrigins(app).has(origin)) {
              throw new BridgeError('origin_not_allowed', {
                reason: 'origin_not_registered',
                message: `token request from an origin of no app ${app.id} origin`,
              })
            }
            allowOrigin(c, origin)
          }
          if (q.grant_type !== undefined && q.grant_type !== 'authorization_code') {
            throw new BridgeError('unsupported_grant_type', { reason: 'grant_type_unsupported' })
          }

          // Consumed first, whatever follows: a code is worth one attempt, right or wrong.
          const code = await consumeCode(storage, q.code)
          if (!code) throw grantFailed('code_unknown', 'unknown, expired or used code')
          if (code.appId !== app.id) throw grantFailed('code_of_another_app', 'code of another app')
          if (code.redirectUri !== q.redirect_uri)
            throw grantFailed('redirect_uri_mismatch', 'redirect_uri mismatch')
          if (q.code_verifier === undefined) {
            throw new BridgeError('invalid_request', {
              reason: 'code_verifier_missing',
              message: 'code_verifier missing',
              description: 'The parameter "code_verifier" is missing.',
            })
          }
          if (!verifierMatches(q.code_verifier, code.codeChallenge)) {
            throw grantFailed('code_verifier_mismatch', 'code_verifier does not match')
          }
          const user = await getUser(storage, code.userId)
          if (!user || user.disabled) throw grantFailed('user_unavailable', 'user gone or disabled')

          const token = await services.mint({
            app,
            user,
            session: code.session,
            nonce: code.state,
          })
          services.logger.info('code redeemed', {
            requestId: c.get('requestId'),
            app: app.id,
            user: user.id,
          })
          const claims = decodeJwt(token)
          const text = (value: unknown) => (typeof value === 'string' ? value : undefined)
          return c.json({
            token,
            expires_in: app.tokenTtl,
            // What the page may show; it keeps this, never the token. `sid` lets its logout prove
            // it comes from a site of the session (GET /logout asks otherwise).
            profile: {
              sub: text(claims.sub),
              email: text(claims.email),
              name: text(claims.name),
              sid: text(claims.sid),
            },
          })
        },
      )
      // Other methods on /token get the same JSON shape as its refusals, not a page.
      .all(TOKEN_PATH, () => {
        throw new BridgeError('not_found', { reason: 'route_unknown' })
      })
  )
}

/** OAuth's error JSON (RFC 6749, section 5.2), never cached. */
function tokenErrorResponse(c: Context<BridgeEnv>, error: BridgeError) {
  c.header('Cache-Control', 'no-store')
  return c.json(
    { error: oauthErrorOf(error.code), error_description: error.description },
    error.status,
  )
}

export const tokenErrorHandler = (logger: Logger) => errorHandler(logger, tokenErrorResponse)
