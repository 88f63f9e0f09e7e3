/** Mints the short-lived JWT one app receives. The hot path of every sign-in: keys are cached. */
import { SignJWT, type CryptoKey } from 'jose'
import type { Keystore } from '../keys/keystore.js'
import type { SecretBox } from '../keys/secret-box.js'
import { appSecretContext, type App } from './apps.js'
import { randomToken } from './random.js'
import type { Session } from './sessions.js'
import type { User } from './users.js'

export interface MintInput {
  app: App
  user: User
  session: Session
  nonce: string
}

export type Minter = (input: MintInput) => Promise<string>

export function createMinter(options: {
  issuer: string
  keystore: Keystore
  box: SecretBox
  now?: () => number
}): Minter {
  const now = options.now ?? Date.now
  // Keyed by the sealed value itself, so a rotated secret is picked up without any invalidation.
  const secrets = new Map<string, Uint8Array>()

  async function signingKey(app: App): Promise<{ key: CryptoKey | Uint8Array; kid?: string }> {
    if (app.signing.alg === 'HS256') {
      const sealed = app.signing.secretSealed
      let key = secrets.get(sealed)
      if (!key) {
        key = new TextEncoder().encode(options.box.open(sealed, appSecretContext(app.id)))
        if (secrets.size > 1000) secrets.clear()
        secrets.set(sealed, key)
      }
      return { key }
    }
    const { key, kid } = await options.keystore.signingKey(app.signing.alg)
    return { key, kid }
  }

  return async ({ app, user, session, nonce }) => {
    const { key, kid } = await signingKey(app)
    const iat = Math.floor(now() / 1000)
    const claims: Record<string, unknown> = {
      nonce,
      auth_time: session.authTime,
      amr: session.amr.length > 0 ? session.amr : undefined,
      email: user.email,
      email_verified: user.emailVerified,
      name: user.name,
      given_name: user.givenName,
      family_name: user.familyName,
      idp: session.connection,
    }
    for (const name of Object.keys(claims)) if (claims[name] === undefined) delete claims[name]
    return new SignJWT(claims)
      .setProtectedHeader(
        kid ? { alg: app.signing.alg, typ: 'JWT', kid } : { alg: 'HS256', typ: 'JWT' },
      )
      .setIssuer(options.issuer)
      .setAudience(app.id)
      .setSubject(user.id)
      .setIssuedAt(iat)
      .setExpirationTime(iat + app.tokenTtl)
      .setJti(randomToken(16))
      .sign(key)
  }
}
