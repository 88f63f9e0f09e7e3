/**
 * The way out to a SAML IdP: an AuthnRequest whose ID is remembered with the login transaction;
 * the IdP echoes it as InResponseTo, inside the signed assertion.
 */
import { randomBytes } from 'node:crypto'
import type { SamlConnection } from '../domain/connections.js'
import type { LoginTransaction } from '../domain/login-transactions.js'
import { rememberSamlRequest } from '../domain/saml-correlation.js'
import type { Outcome } from './outcome.js'
import type { SignInServices } from './services.js'

export async function startSamlSignIn(
  services: SignInServices,
  connection: SamlConnection,
  input: { txId: string; tx: LoginTransaction },
): Promise<Outcome> {
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
  return { kind: 'redirect', location: url, status: 302 }
}
