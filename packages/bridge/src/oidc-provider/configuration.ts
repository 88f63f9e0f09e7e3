/**
 * oidc-provider's configuration for the bridge: code flow only, PKCE (S256) for public clients,
 * ID tokens and RFC 9068 access tokens signed with the bridge's keys, the bridge's users as
 * accounts, and the bridge session as the one truth about who is signed in.
 */
import type { IncomingMessage } from 'node:http'
import type {
  AsymmetricSigningAlgorithm,
  Configuration,
  errors as OidcErrors,
  JWK,
  KoaContextWithOIDC,
  UnknownObject,
} from 'oidc-provider'
import type { PairwiseSubjects } from '../domain/pairwise-subject.js'
import { personNames } from '../domain/person-names.js'
import type { Session } from '../domain/sessions.js'
import { getUser, type User } from '../domain/users.js'
import type { Logger } from '../logger.js'
import { outbound } from '../net/outbound.js'
import type { Storage } from '../storage/types.js'
import { defaultResourceOf, type createClientLookup } from './clients.js'
import type { OpPages } from './pages.js'
import type { OpStore } from './storage-adapter.js'

/** What a request that came through the bridge's routes lends oidc-provider. */
export interface RequestHooks {
  requestId: string
  /** The bridge sign-in usable for this client: live session, accepted connection, MFA done. */
  signIn(clientId: string): Promise<{ user: User; session: Session } | undefined>
  /** Whether the app lets users sign in with this connection (the `connection` parameter). */
  connectionAllowed(clientId: string, connection: string): Promise<boolean>
  /**
   * This browser's bridge session signed the user in to this client: notes the app for the
   * bridge's back-channel logout, and returns the session's public id (`sid`), if any.
   */
  signedInTo(clientId: string): Promise<string | undefined>
  /** Ends this browser's bridge session, and clears its cookie on this response. */
  endBridgeSession(ctx: KoaContextWithOIDC): Promise<void>
}

export const requestHooks = new WeakMap<IncomingMessage, RequestHooks>()

export const hooksOf = (ctx: KoaContextWithOIDC): RequestHooks => {
  const hooks = requestHooks.get(ctx.req)
  if (!hooks) throw new Error('request reached the OpenID Provider without the bridge')
  return hooks
}

export const OP_ROUTES = {
  authorization: '/oidc/authorize',
  token: '/oidc/token',
  userinfo: '/oidc/userinfo',
  jwks: '/.well-known/jwks.json',
  end_session: '/oidc/logout',
  revocation: '/oidc/revoke',
} as const

export const interactionPath = (uid: string) => `/oidc/interaction/${uid}`

export const ACR_MFA = 'urn:ssobridge:acr:mfa'
export const ACR_SINGLE_FACTOR = 'urn:ssobridge:acr:1fa'
export const acrOf = (amr: string[]) => (amr.includes('mfa') ? ACR_MFA : ACR_SINGLE_FACTOR)

export const SCOPES = ['openid', 'offline_access', 'email', 'profile', 'groups']
const RESOURCE_SCOPE = 'openid email profile groups'
const SIGNING_ALGS: readonly AsymmetricSigningAlgorithm[] = ['ES256', 'RS256', 'EdDSA']

/** Bridge session id → the OP sessions it signed in, so a bridge logout ends them too. */
const SESSION_LINKS = 'op-session-link'

declare module '../storage/types.js' {
  interface StorageRecords {
    // `sid|uid` → uid
    [SESSION_LINKS]: string
  }
}

export async function linkSessions(storage: Storage, sid: string, uid: string, ttl: number) {
  await storage.set(SESSION_LINKS, `${sid}|${uid}`, uid, ttl)
}

export async function linkedSessions(storage: Storage, sid: string): Promise<string[]> {
  const links = await storage.list(SESSION_LINKS, { prefix: `${sid}|` })
  await Promise.all(links.map(({ key }) => storage.delete(SESSION_LINKS, key)))
  return links.map(({ value }) => value)
}

export interface ConfigurationDeps {
  storage: Storage
  store: OpStore
  clients: ReturnType<typeof createClientLookup>
  pairwise: PairwiseSubjects
  logger: Logger
  sessionTtl: number
  cookieKeys: string[]
  /** The issuer is https: the session cookie gets the `__Host-` prefix. */
  secureCookies: boolean
  jwks: { keys: JWK[] }
  /** oidc-provider's error classes (the module is imported on first use). */
  errors: typeof OidcErrors
  /** Its own pages (logout, errors), in the visitor's language. */
  pages: OpPages
}

export function providerConfiguration(deps: ConfigurationDeps): Configuration {
  const { storage, store, clients, sessionTtl, errors } = deps
  const policy = (clientId: string | undefined) => (clientId ? clients.policy(clientId) : undefined)

  return {
    adapter: (name: string) => store.adapter(name),
    jwks: deps.jwks,
    cookies: {
      keys: deps.cookieKeys,
      names: {
        // `__Host-`: only this origin, over https, on `/`, can set it (no subdomain can plant
        // one). The other two have paths of their own, which the prefix forbids.
        session: deps.secureCookies ? '__Host-ssobridge_op_session' : 'ssobridge_op_session',
        interaction: 'ssobridge_op_interaction',
        resume: 'ssobridge_op_resume',
      },
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
    },
    routes: OP_ROUTES,
    responseTypes: ['code'],
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'none'],
    enabledJWA: { idTokenSigningAlgValues: SIGNING_ALGS },
    subjectTypes: ['public', 'pairwise'],
    pairwiseIdentifier: (_ctx, accountId, client) => deps.pairwise(client.clientId, accountId),
    // OIDC Core: redirect_uri is required in every authorization request.
    allowOmittingSingleRegisteredRedirectUri: false,
    scopes: SCOPES,
    claims: {
      // Every ID token says how and when the user signed in.
      openid: ['sub', 'acr', 'amr', 'auth_time'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name', 'picture'],
      groups: ['groups'],
    },
    acrValues: [ACR_SINGLE_FACTOR, ACR_MFA],
    async findAccount(_ctx, id) {
      const user = await getUser(storage, id)
      if (!user || user.disabled) return undefined
      return { accountId: user.id, claims: () => ({ sub: user.id, ...profileClaims(user) }) }
    },
    // The apps are first-party: what they ask for, of what the bridge offers, is granted.
    async loadExistingGrant(ctx) {
      const { oidc } = ctx
      const clientId = oidc.client!.clientId
      const grantId = oidc.result?.consent?.grantId || oidc.session!.grantIdFor(clientId)
      const existing = grantId ? await oidc.provider.Grant.find(grantId) : undefined
      const grant =
        existing ?? new oidc.provider.Grant({ clientId, accountId: oidc.session!.accountId! })
      const asked = [...oidc.requestParamScopes].filter((s) => SCOPES.includes(s))
      grant.addOIDCScope(asked.join(' '))
      for (const resource of Object.keys(oidc.resourceServers ?? {})) {
        grant.addResourceScope(resource, asked.filter((s) => s !== 'offline_access').join(' '))
      }
      await grant.save()
      return grant
    },
    extraParams: {
      // The bridge's own `connection` parameter (skip the chooser), and the moment to align
      // oidc-provider's session with the bridge's, before it looks the account up.
      async connection(ctx: KoaContextWithOIDC, value: string | undefined, client) {
        if (ctx.oidc.route !== 'authorization' || !client) return
        const hooks = hooksOf(ctx)
        if (value !== undefined && !(await hooks.connectionAllowed(client.clientId, value))) {
          throw new errors.InvalidRequest('this sign-in method is not enabled for this client')
        }
        await alignSession(ctx, await hooks.signIn(client.clientId))
      },
    },
    pkce: { required: (_ctx, client) => client.clientAuthMethod === 'none' },
    issueRefreshToken: async (_ctx, client, code) =>
      client.grantTypeAllowed('refresh_token') && code.scopes.has('openid'),
    rotateRefreshToken: true,
    // Refresh tokens and codes live no longer than the bridge session that issued them.
    expiresWithSession: async () => true,
    clientBasedCORS: (_ctx, origin, client) =>
      policy(client.clientId)?.corsOrigins.has(origin) ?? false,
    ttl: {
      AccessToken: (_ctx, token) => policy(token.clientId)?.accessTokenTtl ?? 300,
      AuthorizationCode: 60,
      IdToken: (_ctx, token) =>
        policy((token as { clientId?: string }).clientId)?.idTokenTtl ?? 120,
      Interaction: 15 * 60,
      Grant: sessionTtl,
      Session: sessionTtl,
      RefreshToken: sessionTtl,
    },
    formats: {
      customizers: {
        // Noted so that revoking the grant (a reused code) also makes UserInfo refuse it.
        async jwt(_ctx, token, jwt) {
          const payload = jwt.payload as UnknownObject & { jti: string; exp: number }
          await store.rememberJwtAccessToken(
            payload.jti,
            (token as { grantId?: string }).grantId,
            payload.exp,
            (token as { accountId?: string }).accountId,
          )
        },
      },
    },
    features: {
      devInteractions: { enabled: false },
      dPoP: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: deps.pages.logoutPage,
        postLogoutSuccessSource: deps.pages.signedOutPage,
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: (_ctx, client) => defaultResourceOf(client!.clientId),
        useGrantedResource: () => true,
        getResourceServerInfo(_ctx, resource, client) {
          if (resource !== defaultResourceOf(client.clientId)) throw new errors.InvalidTarget()
          return {
            scope: RESOURCE_SCOPE,
            audience: client.clientId,
            accessTokenFormat: 'jwt',
            accessTokenTTL: policy(client.clientId)?.accessTokenTtl ?? 300,
            jwt: { sign: { alg: client.idTokenSignedResponseAlg as 'ES256' } },
          }
        },
      },
    },
    // Its own requests (a client's jwks_uri, sector_identifier_uri…) go through the bridge's one
    // outbound client; clients are apps, which register no such URL, so none may be private.
    fetch: (input, init) => outbound.fetch()(input instanceof Request ? input.url : input, init),
    interactions: { url: (_ctx, interaction) => interactionPath(interaction.uid) },
    renderError: (ctx, out) =>
      deps.pages.errorPage(ctx, out, requestHooks.get(ctx.req)?.requestId ?? '-'),
  }

  /**
   * The bridge session decides who is signed in: oidc-provider's session follows it (another
   * user, a newer sign-in), and forgets its user when the bridge has none for this client.
   */
  async function alignSession(
    ctx: KoaContextWithOIDC,
    signIn: { user: User; session: Session } | undefined,
  ) {
    const session = ctx.oidc.session!
    if (!signIn) {
      if (session.accountId) {
        for (const field of ['accountId', 'loginTs', 'amr', 'acr'] as const) delete session[field]
        session.authorizations = {}
      }
      return
    }
    const { user, session: bridge } = signIn
    if (session.accountId && session.accountId !== user.id) {
      session.authorizations = {}
      session.resetIdentifier()
    }
    if (session.accountId !== user.id || session.loginTs !== bridge.authTime) {
      session.loginAccount({
        accountId: user.id,
        loginTs: bridge.authTime,
        amr: bridge.amr,
        acr: acrOf(bridge.amr),
      })
    }
  }
}

/** Claims from the user record; oidc-provider releases them by scope. */
export function profileClaims(user: User) {
  const names = personNames(user)
  return {
    email: user.email,
    email_verified: user.emailVerified,
    name: user.name,
    given_name: names.givenName,
    family_name: names.familyName,
    picture: user.picture,
    groups: user.groups,
  }
}
