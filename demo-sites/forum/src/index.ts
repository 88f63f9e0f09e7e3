// The Forum demo site: verifies the bridge's ES256 tokens against the bridge's JWKS.
import {
  createDemoSite,
  startDemoSite,
  type DemoSite,
  type RunningDemoSite,
} from '@ssobridge/demo-site-kit'

export interface ForumOptions {
  publicUrl: string
  bridgeUrl: string
  databaseFile: string
  /** Default `${bridgeUrl}/.well-known/jwks.json`. */
  jwksUrl?: string
  issuer?: string
}

function siteOptions(options: Omit<ForumOptions, 'publicUrl'>) {
  const bridgeUrl = options.bridgeUrl.replace(/\/+$/, '')
  return {
    appId: 'forum',
    title: 'Forum',
    accent: '#7c3aed',
    bridgeUrl,
    // /community signs visitors in without a click when the bridge already knows them.
    silentSso: true,
    databaseFile: options.databaseFile,
    verify: {
      jwksUrl: options.jwksUrl ?? `${bridgeUrl}/.well-known/jwks.json`,
      algorithms: ['ES256' as const],
    },
    ...(options.issuer ? { issuer: options.issuer } : {}),
  }
}

export function createForum(options: ForumOptions): DemoSite {
  return createDemoSite({ ...siteOptions(options), publicUrl: options.publicUrl })
}

export function startForum(
  options: Omit<ForumOptions, 'publicUrl'> & {
    port: number
    hostname?: string
    publicUrl?: string
  },
): Promise<RunningDemoSite> {
  const { port, hostname, publicUrl } = options
  return startDemoSite({ ...siteOptions(options), port, hostname, publicUrl })
}
