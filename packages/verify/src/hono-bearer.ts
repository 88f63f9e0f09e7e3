// Bearer authentication for an API, as Hono middleware: `app.use('/api/*', ssoBearer(options))`,
// then `c.get('ssoAccessToken')` in handlers. RFC 6750 answers: 401 `invalid_token` (with
// `WWW-Authenticate`), 403 `insufficient_scope`.
import type { MiddlewareHandler } from 'hono'
import {
  createAccessTokenVerifier,
  type AccessTokenClaims,
  type AccessTokenOptions,
} from './access-token.js'
import { VerifyError } from './verify-error.js'

export type SsoBearerEnv = { Variables: { ssoAccessToken: AccessTokenClaims } }

export function ssoBearer(options: AccessTokenOptions): MiddlewareHandler<SsoBearerEnv> {
  const verify = createAccessTokenVerifier(options)
  const realm = `Bearer realm="${options.issuer}"`
  return async function ssoBearerMiddleware(c, next) {
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(c.req.header('Authorization') ?? '')
    if (!match?.[1]) {
      c.header('WWW-Authenticate', realm)
      return c.json(
        { error: 'invalid_request', error_description: 'A bearer token is required.' },
        401,
      )
    }
    try {
      c.set('ssoAccessToken', await verify(match[1]))
    } catch (error) {
      if (!(error instanceof VerifyError)) throw error
      if (error.code === 'claim_invalid' && error.claim === 'scope') {
        c.header('WWW-Authenticate', `${realm}, error="insufficient_scope"`)
        return c.json({ error: 'insufficient_scope', error_description: error.message }, 403)
      }
      if (error.code === 'jwks_unavailable' || error.code === 'invalid_options') throw error
      c.header('WWW-Authenticate', `${realm}, error="invalid_token"`)
      return c.json({ error: 'invalid_token', error_description: error.message }, 401)
    }
    await next()
  }
}
