// The Shop demo site: verifies the bridge's HS256 tokens with its shared secret.
import {
  createDemoSite,
  startDemoSite,
  type DemoSite,
  type RunningDemoSite,
} from '@ssobridge/demo-site-kit'

export interface ShopOptions {
  publicUrl: string
  bridgeUrl: string
  databaseFile: string
  /** The app's HS256 secret, as configured at the bridge (`SHOP_SSO_SECRET`). */
  secret: string
  issuer?: string
  /** The signing secret of the app's webhook endpoint (`SHOP_WEBHOOK_SECRET`): /webhooks, /events. */
  webhookSecret?: string
}

function siteOptions(options: Omit<ShopOptions, 'publicUrl'>) {
  return {
    appId: 'shop',
    title: 'Shop',
    accent: '#0f766e',
    bridgeUrl: options.bridgeUrl,
    databaseFile: options.databaseFile,
    verify: { secret: options.secret },
    ...(options.issuer ? { issuer: options.issuer } : {}),
    ...(options.webhookSecret ? { webhookSecret: options.webhookSecret } : {}),
  }
}

export function createShop(options: ShopOptions): DemoSite {
  return createDemoSite({ ...siteOptions(options), publicUrl: options.publicUrl })
}

export function startShop(
  options: Omit<ShopOptions, 'publicUrl'> & { port: number; hostname?: string; publicUrl?: string },
): Promise<RunningDemoSite> {
  const { port, hostname, publicUrl } = options
  return startDemoSite({ ...siteOptions(options), port, hostname, publicUrl })
}
