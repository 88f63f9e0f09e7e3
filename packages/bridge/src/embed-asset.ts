/** The built embed script with the values its routes and snippets need: ETag, hashed path, SRI. */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { embedDistPath } from '@ssobridge/embed'

export interface EmbedAsset {
  script: string
  etag: string
  hashedPath: string
  integrity: string
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
  }
}
