/**
 * Remembers which token ids (`jti`) were already accepted, so that a token works once.
 * Back it with Redis (`SET key 1 NX EXAT expiresAt`), a database unique key, or anything with an
 * atomic insert-if-absent when the site runs on more than one process.
 */
export interface ReplayStore {
  /**
   * Atomically records `jti` until `expiresAtEpochSeconds`. Resolves `true` when it was unseen,
   * `false` when it is already recorded (a replay).
   */
  markUsed(jti: string, expiresAtEpochSeconds: number): Promise<boolean>
}
