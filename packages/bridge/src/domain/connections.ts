/** Connections as stored: the ways a user can sign in (the local store for now). */
import type { Storage } from '../storage/types.js'

export interface Connection {
  id: string
  type: 'local'
  name: string
  updatedAt: number
}

export const CONNECTIONS = 'connection'

export const getConnection = (storage: Storage, id: string) =>
  storage.get<Connection>(CONNECTIONS, id)

/** The app's first local connection: where its password form signs users in. */
export async function firstLocalConnection(
  storage: Storage,
  ids: string[],
): Promise<string | undefined> {
  for (const id of ids) {
    if ((await getConnection(storage, id))?.type === 'local') return id
  }
  return undefined
}
