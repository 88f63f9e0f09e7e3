import { describe, expect, it } from 'vitest'
import { BridgeError, bridgeErrorCodes, oauthErrorOf } from './errors.js'

describe('BridgeError', () => {
  it('carries the reason it was given, "unspecified" otherwise, and the status of its code', () => {
    const refused = new BridgeError('invalid_grant', { reason: 'code_verifier_mismatch' })
    expect(refused).toMatchObject({ code: 'invalid_grant', reason: 'code_verifier_mismatch' })
    expect(refused.status).toBe(400)
    expect(new BridgeError('invalid_grant').reason).toBe('unspecified')
  })

  it('keeps the reason out of the message and the description a client sees', () => {
    const refused = new BridgeError('invalid_grant', { reason: 'code_of_another_app' })
    expect(refused.message).toBe('invalid_grant')
    expect(refused.description).not.toContain('code_of_another_app')
  })

  it("describes a refusal by its reason's words when the throw gives none", () => {
    expect(new BridgeError('invalid_request', { reason: 'not_a_form' }).description).toBe(
      'Expected a form submission.',
    )
    const own = { reason: 'not_a_form', description: 'Own words.' } as const
    expect(new BridgeError('invalid_request', own).description).toBe('Own words.')
    // A reason without words of its own keeps the code's description.
    expect(new BridgeError('invalid_request', { reason: 'parameter_missing' }).description).toBe(
      new BridgeError('invalid_request').description,
    )
  })

  it('is a 5xx only for failures on the bridge or upstream side', () => {
    const serverSide = bridgeErrorCodes.filter((code) => new BridgeError(code).status >= 500)
    expect(serverSide.sort()).toEqual([
      'server_error',
      'temporarily_unavailable',
      'upstream_error',
      'upstream_unavailable',
    ])
    for (const code of bridgeErrorCodes)
      expect(new BridgeError(code).status, code).toBeGreaterThanOrEqual(400)
  })

  it("names OAuth's errors for the token endpoint, invalid_request for the rest", () => {
    expect(oauthErrorOf('invalid_grant')).toBe('invalid_grant')
    expect(oauthErrorOf('invalid_client')).toBe('invalid_client')
    expect(oauthErrorOf('origin_not_allowed')).toBe('invalid_client')
    expect(oauthErrorOf('unsupported_grant_type')).toBe('unsupported_grant_type')
    expect(oauthErrorOf('server_error')).toBe('server_error')
    expect(oauthErrorOf('temporarily_unavailable')).toBe('temporarily_unavailable')
    expect(oauthErrorOf('payload_too_large')).toBe('invalid_request')
    expect(oauthErrorOf('csrf_failed')).toBe('invalid_request')
  })
})
