/**
 * Platforms that accept a JWT at their own URL, each with the exact claims, algorithm and delivery
 * it expects. An app with `preset:` starts from these; its own `claims:` still override them.
 */
import type { AppIntegration, ClaimRule, DeliveryMode, PresetName } from './app-integration.js'

/** JWT registered claims the bridge can set; a preset lists the ones its platform reads. */
export type RegisteredClaim = 'iss' | 'aud' | 'sub' | 'iat' | 'exp' | 'jti' | 'nonce'

export interface Preset {
  /** All three platforms verify HS256 with a key they hand out (used as-is, never decoded). */
  alg: 'HS256'
  delivery: Exclude<DeliveryMode, 'code'>
  tokenParam: string
  returnToParam?: string
  registered: RegisteredClaim[]
  claims: Record<string, ClaimRule>
}

const from = (...sources: Extract<ClaimRule, { from: unknown }>['from']): ClaimRule => ({
  from: sources,
})

export const presets: Record<PresetName, Preset> = {
  // GET https://<school>.thinkific.com/api/sso/v2/sso/jwt?jwt=…&return_to=…&error_url=…
  thinkific: {
    alg: 'HS256',
    delivery: 'query',
    tokenParam: 'jwt',
    registered: ['iat'],
    // Thinkific refuses a token without both names; a one-word name fills both.
    claims: {
      first_name: from('given_name', 'name'),
      last_name: from('family_name', 'given_name'),
      email: from('email'),
      external_id: from('sub'),
    },
  },
  // POST (form) https://<subdomain>.zendesk.com/access/jwt with jwt and return_to
  zendesk: {
    alg: 'HS256',
    delivery: 'form_post',
    tokenParam: 'jwt',
    registered: ['iat', 'jti'],
    claims: {
      name: from('name', 'email'),
      email: from('email'),
      external_id: from('sub'),
    },
  },
  // GET https://canny.io/api/redirects/sso?companyID=…&ssoToken=…&redirect=…
  canny: {
    alg: 'HS256',
    delivery: 'query',
    tokenParam: 'ssoToken',
    returnToParam: 'redirect',
    registered: [],
    claims: {
      avatarURL: from('picture'),
      email: from('email'),
      id: from('sub'),
      name: from('name', 'email'),
    },
  },
}

export const presetNames = Object.keys(presets) as PresetName[]

/** The delivery settings an app gets from its preset, under what it set itself. */
export function withPresetDefaults(
  preset: PresetName | undefined,
  own: Partial<AppIntegration>,
): Pick<AppIntegration, 'delivery' | 'tokenParam' | 'returnToParam'> {
  const base = preset ? presets[preset] : undefined
  return {
    delivery: own.delivery ?? base?.delivery ?? 'form_post',
    tokenParam: own.tokenParam ?? base?.tokenParam,
    returnToParam: own.returnToParam ?? base?.returnToParam,
  }
}
