import { bodyLimit } from 'hono/body-limit'
import { BridgeError } from '../errors.js'

/** Forms of a few short fields: a body past `maxSize` bytes is refused unread. */
export const formLimit = (maxSize: number) =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw new BridgeError('payload_too_large')
    },
  })
