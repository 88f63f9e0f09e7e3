/**
 * Picks the content coding of a precompressed asset from Accept-Encoding (RFC 9110 §12.5.3):
 * the smallest one the client accepts with a q above 0, else identity.
 */
export type ContentCoding = 'br' | 'gzip' | 'identity'

/** Longer than any real header; a bigger one is read as "identity only". */
const MAX_HEADER = 1024

export function pickContentCoding(header: string | undefined): ContentCoding {
  if (!header || header.length > MAX_HEADER) return 'identity'
  const weights = new Map<string, number>()
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase())
    const q = params.find((param) => param.startsWith('q='))
    const weight = q === undefined ? 1 : Number(q.slice(2))
    if (name) weights.set(name === 'x-gzip' ? 'gzip' : name, Number.isFinite(weight) ? weight : 0)
  }
  const accepts = (coding: string) => (weights.get(coding) ?? weights.get('*') ?? 0) > 0
  if (accepts('br')) return 'br'
  if (accepts('gzip')) return 'gzip'
  return 'identity'
}
