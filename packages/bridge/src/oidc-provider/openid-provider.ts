/**
 * The bridge as an OpenID Provider for its apps: oidc-provider, built on the bridge's storage,
 * keys, users and sessions. It is rebuilt when the active signing keys change (a rotation), so
 * it always signs with the keys the bridge publishes at /.well-known/jwks.json.
 */
import type { Translations } from '../i18n/translations.js'
import { opPages } from './pages.js'
import { randomBytes } from 'node:crypto'
import type Provider from 'oidc-provider'
import type { JWK, KoaContextWithOIDC } from 'oidc-provider'
import type { PairwiseSubjects } from '../domain/pairwise-subject.js'
import { asymmetricAlgorithms, type Keystore } from '../keys/keystore.js'
import type { SecretBox } from '../keys/secret-box.js'
import type { Logger } from '../logger.js'
import type { Storage } from '../storage/types.js'
import { createClientLookup } from './clients.js'
import {
  hooksOf,
  linkedSessions,
  linkSessions,
  OP_ROUTES,
  providerConfiguration,
  requestHooks,
} from './configuration.js'
import { countMintedTokens } from './minted-tokens.js'
import { responseGuards } from './response-guards.js'
import { storageOutageAnswers } from './storage-outage.js'
import { createOpStore, type OpStore } from './storage-adapter.js'

export interface OpenIdProvider {
  /** The provider for the current signing keys. */
  current(): Promise<Provider>
  store: OpStore
  /** Ends the OP sessions a bridge session signed in: its codes and refresh tokens die too. */
  endSessionsOf(sid: string): Promise<void>
}

export interface OpenIdProviderDeps {
  issuer: string
  storage: Storage
  box: SecretBox
  keystore: Keystore
  pairwise: PairwiseSubjects
  logger: Logger
  sessionTtl: number
  /** Each ID token and JWT access token handed out, by signing algorithm (the metrics). */
  onMinted?: (alg: string) => void
  /** The visitor pages' languages, for the pages oidc-provider renders itself. */
  translations: Translations
}

const SECRETS = 'bridge-secret'
const COOKIE_KEY = 'op-cookie-key'

/** The key that signs oidc-provider's cookies: made once per deployment, shared by processes. */
async function cookieKey(storage: Storage, box: SecretBox): Promise<string> {
  const context = `${SECRETS}:${COOKIE_KEY}`
  await storage.add(SECRETS, COOKIE_KEY, box.seal(randomBytes(32).toString('base64url'), context))
  const sealed = await storage.get(SECRETS, COOKIE_KEY)
  if (!sealed) throw new Error('cookie key missing from storage')
  return box.open(sealed, context)
}

const describe = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message.slice(0, 200)}` : typeof error

export function createOpenIdProvider(deps: OpenIdProviderDeps): OpenIdProvider {
  const { storage, box, keystore, logger } = deps
  const clients = createClientLookup(storage, box)
  const store = createOpStore(storage, (id) => clients.find(id))
  const pages = opPages(deps.translations)
  let built: { signature: string; provider: Promise<Provider> } | undefined

  async function build(): Promise<Provider> {
    // Imported on first use: ~30 MB that a bridge without OIDC apps never holds.
    const { default: Provider, errors } = await import('oidc-provider')
    const keys = await keystore.privateSigningJwks()
    // Active keys only: oidc-provider signs with the first key of an algorithm it holds. (An
    // id_token_hint signed before a rotation is then refused at logout; the logout still asks.)
    const jwks = {
      keys: keys
        .filter(({ status }) => status === 'active')
        .map(({ jwk, kid, alg }) => ({ ...jwk, kid, alg, use: 'sig' })) as JWK[],
    }
    const provider = new Provider(
      deps.issuer,
      providerConfiguration({
        pages,
        storage,
        store,
        clients,
        pairwise: deps.pairwise,
        logger,
        sessionTtl: deps.sessionTtl,
        cookieKeys: [await cookieKey(storage, box)],
        secureCookies: new URL(deps.issuer).protocol === 'https:',
        jwks,
        errors,
      }),
    )
    // The bridge's routes set Host and X-Forwarded-Proto from the issuer (see the routes).
    provider.proxy = true
    const requestId = (ctx: KoaContextWithOIDC) => requestHooks.get(ctx.req)?.requestId
    const outage = storageOutageAnswers(logger, requestId, pages)
    provider.use(responseGuards(clients))
    // Inside the guards, so that its answers get their CSP, caching and CORS rules too.
    provider.use(outage.middleware)
    if (deps.onMinted) provider.use(countMintedTokens(deps.onMinted))
    provider.use(async (ctx, next) => {
      // Without a signed-in OP session, oidc-provider logs out without asking (an auto-submitted
      // form): such a logout, which any page could start, must not end the bridge session.
      const confirming = ctx.method === 'POST' && ctx.path === `${OP_ROUTES.end_session}/confirm`
      const askedFirst = confirming && Boolean((await provider.Session.get(ctx)).accountId)
      await next()
      const oidc = (ctx as KoaContextWithOIDC).oidc
      // A code was issued: remember which bridge session signed this OP session in (a bridge
      // logout ends it) and that it signed in to this app (back-channel logout).
      if (oidc?.entities.AuthorizationCode && oidc.client && oidc.session?.accountId) {
        const sid = await hooksOf(ctx as KoaContextWithOIDC).signedInTo(oidc.client.clientId)
        if (sid) await linkSessions(storage, sid, oidc.session.uid, deps.sessionTtl)
      }
      // "Sign out everywhere": the bridge session ends too, and every site hears of it.
      if (
        askedFirst &&
        oidc?.route === 'end_session_confirm' &&
        ctx.status === 303 &&
        oidc.params?.logout
      ) {
        await hooksOf(ctx as KoaContextWithOIDC).endBridgeSession(ctx as KoaContextWithOIDC)
      }
    })
    provider.on('server_error', (ctx: KoaContextWithOIDC, error: unknown) => {
      if (outage.noted(ctx, error)) return
      logger.error('openid provider failed', { requestId: requestId(ctx), error: describe(error) })
    })
    for (const event of [
      'authorization.error',
      'grant.error',
      'end_session.error',
      'revocation.error',
    ] as const) {
      const on = provider.on.bind(provider) as (
        name: string,
        listener: (ctx: KoaContextWithOIDC, error: { error?: string }) => void,
      ) => void
      on(event, (ctx, error) =>
        logger.info('openid provider refused a request', {
          requestId: requestId(ctx),
          event,
          code: error.error,
        }),
      )
    }
    return provider
  }

  return {
    store,
    async current() {
      // Cheap: the keystore caches the active key ids.
      const kids = await Promise.all(
        asymmetricAlgorithms.map(async (alg) => (await keystore.signingKey(alg)).kid),
      )
      const signature = kids.join(',')
      if (built?.signature !== signature) {
        const provider = build()
        built = { signature, provider }
        provider.catch(() => {
          if (built?.provider === provider) built = undefined
        })
      }
      return built.provider
    },
    async endSessionsOf(sid) {
      for (const uid of await linkedSessions(storage, sid)) await store.destroySessionByUid(uid)
    },
  }
}
