/**
 * Counts back-channel logout outcomes from the log lines of domain/backchannel-sender.ts, which
 * reports them nowhere else. A stopgap: a sender that calls `metrics.backchannelDelivery` itself
 * (the durable outbox) makes this file go.
 */
import type { Logger } from '../logger.js'
import type { BridgeMetrics } from './bridge-metrics.js'

export function countBackchannelOutcomes(
  logger: Logger,
  metrics: Pick<BridgeMetrics, 'backchannelDelivery'>,
): Logger {
  return {
    ...logger,
    info(msg, fields) {
      if (msg === 'back-channel logout delivered') metrics.backchannelDelivery('delivered')
      if (msg === 'back-channel logout will retry') metrics.backchannelDelivery('retrying')
      logger.info(msg, fields)
    },
    warn(msg, fields) {
      if (msg === 'back-channel logout failed')
        metrics.backchannelDelivery(fields?.outcome === 'refused' ? 'refused' : 'gave_up')
      logger.warn(msg, fields)
    },
  }
}
