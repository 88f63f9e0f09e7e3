/** The bridge's own pages a sign-in moves through, by login transaction id. */
export function upstreamStartPath(connection: string, txId: string, loginHint?: string): string {
  const query = new URLSearchParams({ tx: txId })
  if (loginHint) query.set('login_hint', loginHint)
  return `/connections/${connection}/start?${query}`
}

export const loginPath = (txId: string) => `/login?tx=${txId}`
export const secondFactorPath = (txId: string) => `/mfa?tx=${txId}`

export const oidcRedirectUri = (issuer: string, connection: string) =>
  `${issuer}/connections/${connection}/callback`
/** The account link prompt: an upstream identity's email belongs to an existing account. */
export const linkPromptPath = (txId: string) => `/login/account-link?tx=${txId}`
