/**
 * The parameters of GET /authorize that depend on how the app receives its token: `state`
 * (optional only for platforms, which start sign-ins without one), the PKCE
 * challenge (required for code delivery, S256 only), and `return_to` under the app's own name.
 */
import { z } from 'zod'
import { deliveryParams, errorDeliveryOf } from '../domain/app-integration.js'
import type { App } from '../domain/apps.js'
import { CHALLENGE_PATTERN } from '../domain/authorization-codes.js'
import type { AuthorizationRequest } from '../domain/login-transactions.js'
import { appSecretContext } from '../domain/apps.js'
import { readPlatformRequest } from '../domain/platform-request.js'
import { presets } from '../domain/presets.js'
import { resolveReturnTo } from '../domain/redirects.js'
import type { SecretBox } from '../keys/secret-box.js'
import { BridgeError } from '../errors.js'
import { parameterError } from './parameter-error.js'
import { MAX_PARAMETER_BYTES } from './params.js'

export const deliveryQuery = {
  state: z.string().min(1).max(512).optional(),
  code_challenge: z.string().max(128).optional(),
  code_challenge_method: z.string().max(16).optional(),
  // Canny, ReadMe and Mintlify send the page to return to as `redirect`.
  redirect: z.string().max(MAX_PARAMETER_BYTES).optional(),
  // What platforms (presets) send when they start a sign-in; each preset reads its own.
  sso: z.string().max(MAX_PARAMETER_BYTES).optional(),
  sig: z.string().max(128).optional(),
  nonce: z.string().max(512).optional(),
  companyID: z.string().max(64).optional(),
  location: z.string().max(MAX_PARAMETER_BYTES).optional(),
  returnTo: z.string().max(MAX_PARAMETER_BYTES).optional(),
  // Zendesk sends a refused sign-in back to its remote login URL with these.
  kind: z.string().max(32).optional(),
  message: z.string().max(1000).optional(),
}

type DeliveryQuery = {
  state?: string
  code_challenge?: string
  code_challenge_method?: string
  redirect?: string
  return_to?: string
  sso?: string
  sig?: string
  nonce?: string
  companyID?: string
  location?: string
  returnTo?: string
  kind?: string
  message?: string
}

const missing = (name: string) =>
  parameterError('parameter_missing', name, { message: `missing ${name}` })

export function readDeliveryRequest(
  app: App,
  q: DeliveryQuery,
  box: SecretBox,
): Pick<AuthorizationRequest, 'state' | 'codeChallenge' | 'returnTo' | 'delivery' | 'platform'> {
  if (app.preset) {
    // Zendesk answers a token it refused by sending the visitor back here: starting a new
    // sign-in would loop, so its message is shown (as text) instead.
    if (app.preset === 'zendesk' && q.kind === 'error') {
      throw new BridgeError('platform_refused', {
        reason: 'platform_said_error',
        message: 'zendesk refused the token',
        say: q.message
          ? {
              key: 'error.say.platformError',
              vars: { platform: 'Zendesk', message: q.message.slice(0, 300) },
            }
          : { key: 'error.say.platformErrorNoReason', vars: { platform: 'Zendesk' } },
      })
    }
    const preset = presets[app.preset]
    const { signing } = app
    const platform = readPlatformRequest(app, preset, q, () => {
      if (signing.alg !== 'HS256') throw new Error(`app ${app.id} has no shared secret`)
      return box.open(signing.secretSealed, appSecretContext(app.id))
    })
    // Platforms that read a token only where a token goes cannot read `error=` either.
    const page = ['path', 'fragment', 'reply'].includes(preset.delivery) || undefined
    return { state: q.state, platform, delivery: { ...errorDeliveryOf(app), page } }
  }
  // Platforms (presets, query delivery) start sign-ins themselves and carry no state.
  if (q.state === undefined && app.delivery !== 'query' && !app.preset) throw missing('state')
  const returnTo = deliveryParams(app).returnTo === 'redirect' ? q.redirect : q.return_to
  if (app.delivery !== 'code') {
    return {
      state: q.state,
      returnTo: resolveReturnTo(app, returnTo),
      delivery: errorDeliveryOf(app),
    }
  }
  // A code without PKCE could be redeemed by whoever sees it: no challenge, no code.
  if (q.code_challenge === undefined) throw missing('code_challenge')
  // S256 is the only method taken, so it is also the default: the embed saves the bytes. RFC 7636
  // makes a missing method "plain", which is refused here whether named or not; a plain
  // challenge read as S256 only fails at the token endpoint.
  if ((q.code_challenge_method ?? 'S256') !== 'S256') {
    throw new BridgeError('invalid_request', {
      reason: 'pkce_method_unsupported',
      message: 'code_challenge_method is not S256',
    })
  }
  if (!CHALLENGE_PATTERN.test(q.code_challenge)) {
    throw parameterError('parameter_invalid', 'code_challenge', {
      message: 'malformed code_challenge',
    })
  }
  return {
    state: q.state,
    codeChallenge: q.code_challenge,
    returnTo: resolveReturnTo(app, returnTo),
    delivery: errorDeliveryOf(app),
  }
}
