/**
 * Logos uploaded to the bridge (namespace `brand-logo`, keyed by app id, base64): what an image
 * must be to be kept, judged by its bytes, not by what the sender called it. PNG, JPEG, WebP and
 * GIF only; SVG is refused by name, since it is a document that can carry script.
 */
import type { UploadedLogo } from './apps.js'
import type { Storage } from '../storage/types.js'

export const BRAND_LOGOS = 'brand-logo'
export const MAX_LOGO_BYTES = 256 * 1024

export interface BrandLogo {
  contentType: UploadedLogo['contentType']
  /** The image, base64. */
  data: string
  hash: string
  updatedAt: number
}

declare module '../storage/types.js' {
  interface StorageRecords {
    [BRAND_LOGOS]: BrandLogo
  }
}

export const logoTypes = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) =>
  bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b)
const ascii = (text: string) => [...text].map((ch) => ch.charCodeAt(0))

/** The image type the bytes are, by their magic numbers; undefined for anything else. */
export function sniffImage(bytes: Uint8Array): UploadedLogo['contentType'] | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif'
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp'
  return undefined
}

/** An SVG, whatever it was called: told apart so that the refusal can say why. */
export function looksLikeSvg(bytes: Uint8Array, declaredType: string | undefined): boolean {
  if (/^image\/svg/i.test(declaredType ?? '')) return true
  const head = new TextDecoder('utf-8', { fatal: false })
    .decode(bytes.subarray(0, 1024))
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase()
  return head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))
}

/** Why these bytes are not a logo the bridge keeps; undefined when they are one. */
export function logoProblem(
  bytes: Uint8Array,
  declaredType: string | undefined,
):
  { problem: 'too_large' | 'svg' | 'not_an_image' | 'type_mismatch'; message: string } | undefined {
  if (bytes.length > MAX_LOGO_BYTES)
    return { problem: 'too_large', message: 'is larger than 256 KiB' }
  if (bytes.length === 0) return { problem: 'not_an_image', message: 'is empty' }
  if (looksLikeSvg(bytes, declaredType))
    return {
      problem: 'svg',
      message: 'is an SVG, which can carry script: upload a PNG, JPEG, WebP or GIF instead',
    }
  const sniffed = sniffImage(bytes)
  if (!sniffed) return { problem: 'not_an_image', message: 'is not a PNG, JPEG, WebP or GIF image' }
  const declared = declaredType?.split(';')[0]?.trim().toLowerCase()
  if (declared && declared !== sniffed)
    return { problem: 'type_mismatch', message: `is ${sniffed}, not ${declared} as sent` }
  return undefined
}

export const getBrandLogo = (storage: Storage, appId: string) => storage.get(BRAND_LOGOS, appId)
