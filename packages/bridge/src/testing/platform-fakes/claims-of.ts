/** What a delivery the fake accepted said about the visitor, read the platform's way. */
import { decodeJwt } from 'jose'
import { decodeMultipass } from '../../platforms/shopify-multipass.js'
import type { PlatformName } from '../../platforms/checks/index.js'

export function claimsOf(
  platform: PlatformName,
  carried: string,
  key: string,
): Record<string, unknown> {
  if (platform === 'discourse') {
    return Object.fromEntries(new URLSearchParams(Buffer.from(carried, 'base64').toString('utf8')))
  }
  if (platform === 'shopify') return decodeMultipass(carried, key)
  return decodeJwt(carried)
}
