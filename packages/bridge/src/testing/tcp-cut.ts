/**
 * A TCP relay in front of a real server that a test can cut and restore: while cut, the port
 * refuses connections and every relayed connection is dropped, as when a database goes away.
 */
import { connect, createServer, type Server, type Socket } from 'node:net'

export interface TcpCut {
  port: number
  /** Drops every relayed connection and stops listening: new connections are refused. */
  cut(): Promise<void>
  /** Listens again on the same port. */
  restore(): Promise<void>
  close(): Promise<void>
}

export async function startTcpCut(target: { host: string; port: number }): Promise<TcpCut> {
  const sockets = new Set<Socket>()
  const relay = (client: Socket) => {
    const upstream = connect(target.port, target.host)
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
      socket.on('error', () => undefined)
    }
    client.pipe(upstream).pipe(client)
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
  }
  let server: Server = createServer(relay)
  const listen = (port: number) =>
    new Promise<number>((done, fail) => {
      server.once('error', fail)
      server.listen(port, '127.0.0.1', () => done((server.address() as { port: number }).port))
    })
  const stop = () => {
    for (const socket of sockets) socket.destroy()
    return new Promise<void>((done) => server.close(() => done()))
  }
  const port = await listen(0)
  let listening = true
  return {
    port,
    async cut() {
      listening = false
      await stop()
    },
    async restore() {
      server = createServer(relay)
      await listen(port)
      listening = true
    },
    async close() {
      if (listening) await stop()
      listening = false
    },
  }
}
