/**
 * The built embed script with the values its routes and snippets need: ETag, hashed path, SRI,
 * and the script precompressed (the embed's build writes zopfli gzip and brotli beside it).
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import { embedDistPath } from '@ssobridge/embed'

export interface EmbedAsset {
  script: string
  etag: string
  hashedPath: string
  integrity: string
  /** The same bytes, encoded: what a browser that accepts br or gzip downloads. */
  encoded: { br: Uint8Array<ArrayBuffer>; gzip: Uint8Array<ArrayBuffer> }
}

/** A build's precompressed copy, or one made now: a dist from before they were written. */
function encodedCopy(
  file: string,
  script: string,
  make: (data: string) => Uint8Array,
): Uint8Array<ArrayBuffer> {
  try {
    return new Uint8Array(readFileSync(file))
  } catch {
    return new Uint8Array(make(script))
  }
}

export function loadEmbedAsset(file = embedDistPath): EmbedAsset {
  let script: string
  try {
    script = readFileSync(file, 'utf8')
  } catch {
    throw new Error(
      `the embed script is not built (${file}); run: npm run build -w @ssobridge/embed`,
    )
  }
  const hex = createHash('sha256').update(script).digest('hex')
  return {
    script,
    etag: `"${hex.slice(0, 32)}"`,
    hashedPath: `/sso.${hex.slice(0, 12)}.js`,
    integrity: `sha384-${createHash('sha384').update(script).digest('base64')}`,
    encoded: {
      br: encodedCopy(`${file}.br`, script, (data) => brotliCompressSync(data)),
      gzip: encodedCopy(`${file}.gz`, script, (data) => gzipSync(data, { level: 9 })),
    },
  }
}
