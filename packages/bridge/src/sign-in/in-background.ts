/**
 * Work a member form starts but does not wait for: what depends on whether the address has an
 * account (looking it up, queueing the email) runs after the answer is sent, so the answer and
 * its timing are the same for every address. A failure is logged, never shown: the visitor was
 * told only "if there is an account, an email is on its way".
 */
import type { Logger } from '../logger.js'

export function inBackground(
  logger: Logger,
  requestId: string,
  what: string,
  work: () => Promise<unknown>,
): void {
  void Promise.resolve()
    .then(work)
    .catch((error: unknown) => {
      logger.error(`${what} failed`, {
        requestId,
        error: error instanceof Error ? error.name : typeof error,
        reason: (error as { reason?: string }).reason,
      })
    })
}
