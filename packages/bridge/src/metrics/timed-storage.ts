/** The Storage object with each call timed into the bridge's metrics, by method name, never key. */
import type { Storage } from '../storage/types.js'
import type { BridgeMetrics } from './bridge-metrics.js'

// Not timed: they run once per process, or (the change feed) ask no database.
const UNTIMED = new Set<PropertyKey>(['close', 'migrate', 'changes'])

/**
 * A Proxy rather than a list of methods: storage grows methods and parts (the outbox) and each is
 * timed without this file knowing it. A part's calls are named `part_method` (`outbox_claim`).
 * Only calls that return a promise are timed; any other call passes through as it was, so a
 * synchronous method stays synchronous and throws where it throws.
 */
export function timedStorage(
  storage: Storage,
  metrics: Pick<BridgeMetrics, 'storageCall'>,
): Storage {
  return timed(storage, '', metrics)
}

function timed<T extends object>(
  target: T,
  prefix: string,
  metrics: Pick<BridgeMetrics, 'storageCall'>,
): T {
  const wrapped = new Map<PropertyKey, unknown>()
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object)
      if (typeof property !== 'string' || UNTIMED.has(property)) return value
      if (wrapped.has(property)) return wrapped.get(property)
      let replacement: unknown = value
      if (typeof value === 'function') {
        const method = value as (...args: unknown[]) => unknown
        const op = prefix + property
        replacement = (...args: unknown[]) => {
          const started = performance.now()
          const result = method.apply(object, args)
          if (!(result instanceof Promise)) return result
          return result.finally(() => metrics.storageCall(op, (performance.now() - started) / 1000))
        }
      } else if (value !== null && typeof value === 'object' && prefix === '') {
        replacement = timed(value, `${property}_`, metrics)
      } else {
        return value
      }
      wrapped.set(property, replacement)
      return replacement
    },
  })
}
