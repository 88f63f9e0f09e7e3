// The bridge's error codes this site reflects in its URL and explains; anything else is generic.
const MESSAGES: Record<string, string> = {
  access_denied: 'Sign-in was cancelled or refused.',
  login_required: 'You are not signed in at the bridge yet. Use "Sign in" to continue.',
  interaction_required: 'The bridge needs you to sign in again.',
  consent_required: 'The bridge needs your consent before signing you in.',
  temporarily_unavailable: 'The sign-in service is busy. Please try again shortly.',
  server_error: 'The sign-in service had a problem. Please try again.',
  sign_in_failed: 'Sign-in did not complete. Please try again.',
}

/** The code to put in `/?error=`: the bridge's own code when known, else `sign_in_failed`. */
export function reflectedErrorCode(error: string | undefined): string {
  return error !== undefined && Object.hasOwn(MESSAGES, error) ? error : 'sign_in_failed'
}

export function errorMessage(code: string | undefined): string | undefined {
  return code !== undefined && Object.hasOwn(MESSAGES, code) ? MESSAGES[code] : undefined
}
