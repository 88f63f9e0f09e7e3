// Runs Academy on a real port (the demo and the e2e tests).
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { createAcademy, type AcademyOptions } from './academy.js'

export { createAcademy, type AcademyOptions, type Learner } from './academy.js'

export async function startAcademy(
  options: Omit<AcademyOptions, 'publicUrl'> & { port: number; hostname?: string },
): Promise<{ url: string; close(): Promise<void> }> {
  const hostname = options.hostname ?? '127.0.0.1'
  // Made once the port is known (port 0 picks one), so that its public URL is right.
  const made: { academy?: ReturnType<typeof createAcademy> } = {}
  let server: ServerType | undefined
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server = serve(
      {
        fetch: (request) =>
          made.academy
            ? made.academy.app.fetch(request)
            : new Response('Starting', { status: 503 }),
        port: options.port,
        hostname,
      },
      resolve,
    )
    server.once('error', reject)
  })
  const url = `http://${hostname}:${address.port}`
  made.academy = createAcademy({ ...options, publicUrl: url })
  return {
    url,
    close: () =>
      new Promise((resolve, reject) => {
        server?.close((error) => (error ? reject(error) : resolve()))
        if (server && 'closeAllConnections' in server) server.closeAllConnections()
      }),
  }
}
