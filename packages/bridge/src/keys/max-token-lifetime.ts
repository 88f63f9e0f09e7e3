/**
 * The longest any token the bridge signs may live, in seconds. The config caps an app's
 * `tokenTtl` and an OpenID client's `accessTokenTtl` here, and the keystore keeps a retired key
 * published for this long after it stopped signing: one constant, so that a token can never
 * outlive the key sites verify it with.
 */
export const MAX_TOKEN_LIFETIME_SECONDS = 600
