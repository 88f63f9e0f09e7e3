/**
 * What ties a SAML Response to the sign-in that asked for it, all in storage so that any bridge
 * process can receive the IdP's POST: the AuthnRequest ID (→ login transaction, consumed once),
 * the assertion IDs already used (kept until the assertion expires), and the verified result
 * handed from the cross-site POST to the same-site GET that finishes the sign-in.
 */
import type { UpstreamIdentity } from './upstream-identity.js'
import type { Storage } from '../storage/types.js'

const REQUESTS = 'saml-request'
const ASSERTIONS = 'saml-assertion'
const RESULTS = 'saml-result'
/** The IdP's login page may take a while; the login transaction itself lives 15 minutes. */
export const SAML_REQUEST_TTL_SECONDS = 15 * 60
const RESULT_TTL_SECONDS = 2 * 60

export interface SamlRequest {
  txId: string
  connection: string
}

export interface SamlResult {
  connection: string
  /** Absent for an IdP-initiated sign-in. */
  txId?: string
  identity?: UpstreamIdentity
  /** The IdP's non-Success status, when it did not sign the user in. */
  refusedStatus?: string
}

// An assertion ID is kept with the epoch ms it is valid until.
declare module '../storage/types.js' {
  interface StorageRecords {
    [REQUESTS]: SamlRequest
    [ASSERTIONS]: number
    [RESULTS]: SamlResult
  }
}

export const rememberSamlRequest = (storage: Storage, requestId: string, request: SamlRequest) =>
  storage.set(REQUESTS, requestId, request, SAML_REQUEST_TTL_SECONDS)

/** Atomic: a second Response to the same request finds nothing. */
export const consumeSamlRequest = (storage: Storage, requestId: string) =>
  storage.consume(REQUESTS, requestId)

/** false when this assertion ID was already used at this connection. */
export async function recordAssertion(
  storage: Storage,
  connection: string,
  assertionId: string,
  until: number,
  now = Date.now(),
): Promise<boolean> {
  const ttl = Math.max(1, Math.ceil((until - now) / 1000))
  return storage.add(ASSERTIONS, `${connection}|${assertionId}`, until, ttl)
}

export const stashSamlResult = (storage: Storage, handle: string, result: SamlResult) =>
  storage.set(RESULTS, handle, result, RESULT_TTL_SECONDS)

export const takeSamlResult = (storage: Storage, handle: string) => storage.consume(RESULTS, handle)
