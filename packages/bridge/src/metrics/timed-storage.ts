/** The Storage object with each call timed into the bridge's metrics, by method name, never key. */
import type { Storage } from '../storage/types.js'
import type { BridgeMetrics } from './bridge-metrics.js'

// Not timed: they run once per process, or are the timer's own concern.
const UNTIMED = new Set<PropertyKey>(['close', 'migrate', 'kind'])

/**
 * A Proxy rather than a list of methods: storage may grow methods (the outbox) and each is timed
 * without this file knowing it.
 */
export function timedStorage(
  storage: Storage,
  metrics: Pick<BridgeMetrics, 'storageCall'>,
): Storage {
  const wrapped = new Map<PropertyKey, unknown>()
  return new Proxy(storage, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target)
      if (typeof value !== 'function' || UNTIMED.has(property) || typeof property !== 'string')
        return value
      let timed = wrapped.get(property)
      if (!timed) {
        const method = value as (...args: unknown[]) => unknown
        timed = async (...args: unknown[]) => {
          const started = performance.now()
          try {
            return await method.apply(target, args)
          } finally {
            metrics.storageCall(property, (performance.now() - started) / 1000)
          }
        }
        wrapped.set(property, timed)
      }
      return timed
    },
  })
}
