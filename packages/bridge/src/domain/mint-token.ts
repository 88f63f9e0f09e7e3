/** Mints the short-lived JWT one app receives. The hot path of every sign-in: keys are cached. */
import { SignJWT } from 'jose'
import type { Keystore } from '../keys/keystore.js'
import type { SecretBox } from '../keys/secret-box.js'
import { createAppKeys, type AppKeys } from './app-keys.js'
import type { App } from './apps.js'
import type { PairwiseSubjects } from './pairwise-subject.js'
import { encodePlatformPayload, platformClaims, type PlatformFacts } from './platform-token.js'
import { presets } from './presets.js'
import { randomToken } from './random-token.js'
import type { Session } from './sessions.js'
import { mappedClaims, profileFacts, tokenShape } from './token-claims.js'
import type { User } from './users.js'

export interface MintInput {
  app: App
  user: User
  session: Pick<Session, 'connection' | 'authTime' | 'amr' | 'sid'>
  /** The site's `state`; platforms that start sign-ins themselves (presets) send none. */
  nonce?: string
  /** Preset apps: what the platform's request and account add to the token. */
  platform?: PlatformFacts
}

export type Minter = (input: MintInput) => Promise<string>

export function createMinter(options: {
  issuer: string
  keystore: Keystore
  box: SecretBox
  appKeys?: AppKeys
  /** Needed by apps with `subject: pairwise`. */
  pairwise?: PairwiseSubjects
  now?: () => number
  /** Told the algorithm of each token once it is signed (the bridge's metrics). */
  onMinted?: (alg: string) => void
}): Minter {
  const now = options.now ?? Date.now
  const appKeys = options.appKeys ?? createAppKeys(options)

  return async ({ app, user, session, nonce, platform }) => {
    const { key, kid, alg } = await appKeys(app)
    const preset = app.preset ? presets[app.preset] : undefined
    const shape = tokenShape(app)
    const iat = Math.floor(now() / 1000)
    const sub = await subjectFor(app, user.id, options.pairwise)
    const registered: Record<string, unknown> = {
      iss: options.issuer,
      aud: app.id,
      sub,
      iat,
      exp: iat + app.tokenTtl,
      jti: randomToken(16),
      nonce,
    }
    const claims: Record<string, unknown> = {}
    for (const name of shape.registered) claims[name] = registered[name]
    // The bridge session: back-channel logout tokens name it, and a site proves with it that a
    // logout comes from a site of the session. Platforms (presets) get their exact claim set.
    if (!app.preset && session.sid) claims.sid = session.sid
    Object.assign(
      claims,
      mappedClaims(shape, {
        ...profileFacts(user, sub),
        idp: session.connection,
        amr: session.amr,
        auth_time: session.authTime,
      }),
    )
    if (preset)
      Object.assign(claims, platformClaims(app, preset, platform, now(), user.emailVerified))
    for (const name of Object.keys(claims)) if (claims[name] === undefined) delete claims[name]
    if (preset && preset.format !== 'jwt') {
      const token = encodePlatformPayload(
        preset,
        claims,
        new TextDecoder().decode(key as Uint8Array),
      )
      // Metrics count algorithms: these two are named by their format.
      options.onMinted?.(preset.format === 'multipass' ? 'MULTIPASS' : 'DISCOURSE')
      return token
    }
    const token = await new SignJWT(claims)
      .setProtectedHeader(kid ? { alg, typ: 'JWT', kid } : { alg, typ: 'JWT' })
      .sign(key)
    options.onMinted?.(alg)
    return token
  }
}

/** The `sub` this app knows the user by. */
export async function subjectFor(
  app: Pick<App, 'id' | 'subject'>,
  userId: string,
  pairwise: PairwiseSubjects | undefined,
): Promise<string> {
  if (app.subject !== 'pairwise') return userId
  if (!pairwise) throw new Error(`app ${app.id} wants pairwise subjects and none are configured`)
  return pairwise(app.id, userId)
}
