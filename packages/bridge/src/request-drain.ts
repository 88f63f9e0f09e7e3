/**
 * Makes an answer given before the request body was read (a 404, a 413 from a body limit) reach
 * the client. Closing a socket while its body is still arriving makes the kernel send a reset,
 * and a reset makes the client drop the answer it has not read yet: so the rest of the body is
 * read and dropped, up to a cap and a time limit, and past them the connection is half-closed
 * (our FIN after the answer) and lingers a moment before it goes.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http'

/** Read and dropped after an early answer; past this the connection is half-closed. */
export const MAX_DRAIN_BYTES = 1024 * 1024
/** How long the rest of a body may take to arrive after an early answer. */
export const DRAIN_TIMEOUT_MS = 5_000
/** After the half-close, what the client sends is still dropped this long, then the socket goes. */
export const LINGER_MS = 2_000

/** For `serve({ autoCleanupIncoming: false })`: this takes the place of node-server's cleanup. */
export function drainUnreadBodies(server: Server): void {
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    res.once('finish', () => {
      if (!req.complete && !req.destroyed) discardRest(req)
    })
  })
}

function discardRest(req: IncomingMessage): void {
  const socket = req.socket
  // Counted on the socket: when the app never touched the body, Node itself discards it in its
  // parser, and no chunk passes through the request stream.
  const startedAt = socket.bytesRead
  const stop = () => {
    clearTimeout(timer)
    clearInterval(watch)
  }
  function halfClose() {
    stop()
    // Still read and dropped after the FIN, until the client ends or the linger is over.
    socket.end()
    setTimeout(() => socket.destroy(), LINGER_MS).unref()
  }
  const timer = setTimeout(halfClose, DRAIN_TIMEOUT_MS)
  const watch = setInterval(() => {
    if (socket.bytesRead - startedAt > MAX_DRAIN_BYTES) halfClose()
  }, 20)
  timer.unref()
  watch.unref()
  req.once('end', stop)
  req.once('close', stop)
  // The answer is out: whoever was reading the body (the web stream given to the app, which
  // pauses the request whenever its queue is full) has nothing left to do with it.
  req.removeAllListeners('data')
  req.resume()
}
