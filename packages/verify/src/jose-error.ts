// Maps whatever jose throws to a VerifyError. jose errors are not kept as `cause`: some carry the
// claims (the nonce is the site's state), and a logged cause must not leak them.
import { VerifyError } from './verify-error.js'

function joseCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined
  return typeof error.code === 'string' && error.code.startsWith('ERR_J') ? error.code : undefined
}

function claimOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('claim' in error)) return undefined
  return typeof error.claim === 'string' ? error.claim : undefined
}

export function fromJoseError(error: unknown, usesJwks: boolean): VerifyError {
  if (error instanceof VerifyError) return error
  const code = joseCode(error)
  const claim = claimOf(error)
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return new VerifyError('token_expired', undefined, claim ? { claim } : {})
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return new VerifyError('claim_invalid', undefined, claim ? { claim } : {})
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return new VerifyError('alg_not_allowed')
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return new VerifyError('signature_invalid')
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return new VerifyError('token_malformed')
    case 'ERR_JWKS_TIMEOUT':
    case 'ERR_JWKS_INVALID':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
    case 'ERR_JWK_INVALID':
      return new VerifyError('jwks_unavailable', undefined, { cause: error })
  }
  // Left: jose's generic error (a JWKS response that is not 200 JSON) and fetch's network
  // errors, both only possible while fetching the key set. Anything else fails closed.
  if (usesJwks) return new VerifyError('jwks_unavailable', undefined, { cause: error })
  return new VerifyError('signature_invalid')
}
