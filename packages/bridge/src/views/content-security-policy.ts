/**
 * The CSP of every HTML page, the bridge's own and oidc-provider's: inline style and script only
 * with this response's nonce (or a hash oidc-provider adds), forms only to the bridge and the
 * origins a page names, no framing.
 */
export function pageCsp(nonce: string, formAction: readonly string[] = []): string {
  return (
    `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; ` +
    `img-src 'self' data:; form-action ${["'self'", ...formAction].join(' ')}; ` +
    `frame-ancestors 'none'; base-uri 'none'`
  )
}

/** `csp` with `origins` added to its form-action (after oidc-provider added a script hash). */
export function withFormAction(csp: string, origins: readonly string[]): string {
  return csp
    .split(';')
    .map((directive) => {
      const trimmed = directive.trim()
      return trimmed.startsWith('form-action ') ? [trimmed, ...origins].join(' ') : trimmed
    })
    .join('; ')
}

/** `csp` with `origins` added to its img-src: a page showing an app's https logo (views/brand.tsx). */
export function withImgSrc(csp: string, origins: readonly string[]): string {
  return csp
    .split(';')
    .map((directive) => {
      const trimmed = directive.trim()
      return trimmed.startsWith('img-src ') ? [trimmed, ...origins].join(' ') : trimmed
    })
    .join('; ')
}
