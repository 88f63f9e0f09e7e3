// The options of a demo site, checked once when the site is created.

export type DemoSiteVerifyOptions =
  { secret: string } | { jwksUrl: string; algorithms?: ('ES256' | 'RS256' | 'EdDSA')[] }

export interface DemoSiteOptions {
  /** The app id registered at the bridge; also the token's `aud` and the cookie prefix. */
  appId: string
  title: string
  /** A CSS colour, so that two sites side by side look different. */
  accent?: string
  /** Where visitors reach this site, e.g. http://127.0.0.1:4001 */
  publicUrl: string
  /** Where the bridge lives, e.g. http://localhost:4000 */
  bridgeUrl: string
  /** The token's expected `iss`; defaults to `bridgeUrl`. */
  issuer?: string
  databaseFile: string
  verify: DemoSiteVerifyOptions
  /** How long a site session lasts; default 7 days. */
  sessionTtlSeconds?: number
  /** Serve `/community`, a page that signs visitors in silently when the bridge knows them. */
  silentSso?: boolean
  /**
   * The signing secret (`whsec_…`) of this app's webhook endpoint at the bridge; with it the site
   * takes the bridge's events at `POST /webhooks` and lists them at `/events`. Two while one is
   * being rotated.
   */
  webhookSecret?: string | readonly string[]
}

export interface ResolvedOptions {
  appId: string
  title: string
  accent: string
  publicOrigin: string
  /** Without a trailing slash. */
  publicUrl: string
  bridgeUrl: string
  bridgeOrigin: string
  issuer: string
  databaseFile: string
  verify: DemoSiteVerifyOptions
  sessionTtlSeconds: number
  silentSso: boolean
  /** Undefined: the site takes no webhooks. */
  webhookSecrets: readonly string[] | undefined
  secureCookies: boolean
  sessionCookieName: string
  stateCookieName: string
}

const APP_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/
// Named colours, hex and rgb()/hsl() with plain numbers: nothing that could close the CSS rule.
const CSS_COLOUR = /^(#[0-9a-f]{3,8}|[a-z]{3,30}|(rgb|hsl)a?\([0-9.,%\s/]+\))$/i

export function resolveOptions(options: DemoSiteOptions): ResolvedOptions {
  if (!APP_ID.test(options.appId)) {
    throw new TypeError('appId must be lower-case letters, digits, "-" or "_"')
  }
  const accent = options.accent ?? '#2563eb'
  if (!CSS_COLOUR.test(accent)) throw new TypeError('accent must be a plain CSS colour')
  const publicUrl = httpUrl(options.publicUrl, 'publicUrl')
  const bridgeUrl = httpUrl(options.bridgeUrl, 'bridgeUrl')
  const verify = options.verify
  if ('secret' in verify) {
    if (typeof verify.secret !== 'string' || verify.secret.length < 32) {
      throw new TypeError('verify.secret must be at least 32 characters')
    }
  } else {
    httpUrl(verify.jwksUrl, 'verify.jwksUrl')
  }
  const sessionTtlSeconds = options.sessionTtlSeconds ?? 7 * 24 * 3600
  if (!Number.isInteger(sessionTtlSeconds) || sessionTtlSeconds <= 0) {
    throw new TypeError('sessionTtlSeconds must be a positive integer')
  }
  const webhookSecrets =
    options.webhookSecret === undefined
      ? undefined
      : typeof options.webhookSecret === 'string'
        ? [options.webhookSecret]
        : options.webhookSecret
  if (webhookSecrets && (!webhookSecrets.length || !webhookSecrets.every(isWebhookSecret))) {
    throw new TypeError('webhookSecret must be the endpoint secret the bridge shows (whsec_…)')
  }
  return {
    appId: options.appId,
    title: options.title,
    accent,
    publicOrigin: publicUrl.origin,
    publicUrl: withoutTrailingSlash(publicUrl),
    bridgeUrl: withoutTrailingSlash(bridgeUrl),
    bridgeOrigin: bridgeUrl.origin,
    issuer: options.issuer ?? withoutTrailingSlash(bridgeUrl),
    databaseFile: options.databaseFile,
    verify,
    sessionTtlSeconds,
    silentSso: options.silentSso ?? false,
    webhookSecrets,
    secureCookies: publicUrl.protocol === 'https:',
    // Cookies are not separated by port: every name carries the app id.
    sessionCookieName: `${options.appId}_session`,
    stateCookieName: `ssobridge_state_${options.appId}`,
  }
}

// Standard Webhooks: `whsec_` and the base64 of at least 24 random bytes.
const isWebhookSecret = (secret: unknown) =>
  typeof secret === 'string' && /^whsec_[A-Za-z0-9+/]{32,}={0,2}$/.test(secret)

function httpUrl(value: string, name: string): URL {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new TypeError(`${name} must be an absolute URL`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`${name} must be an http(s) URL`)
  }
  return url
}

function withoutTrailingSlash(url: URL): string {
  return url.href.replace(/\/+$/, '')
}
