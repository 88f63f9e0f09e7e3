/**
 * The targets of a stored connection's `linkByVerifiedEmail`: the other upstream connections
 * whose users a first sign-in from it may join (see config/email-linking). Records written before
 * the list form may still hold a boolean: it counts as none, so an upgrade never links more than
 * the admin named.
 */
export const linkTargets = (connection: { linkByVerifiedEmail?: unknown }): string[] =>
  Array.isArray(connection.linkByVerifiedEmail)
    ? connection.linkByVerifiedEmail.filter((t): t is string => typeof t === 'string')
    : []
