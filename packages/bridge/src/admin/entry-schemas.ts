/**
 * The schemas of one app, connection and user, taken from the config file's schema itself so
 * that admin input and files are held to exactly the same rules. `env:NAME` and `file:PATH`
 * references are for files: admin input resolves them against nothing, so they are refused.
 */
import type { z } from 'zod'
import { configSchema } from '../config/schema.js'

const noEnvironment: Record<string, string | undefined> = {}

function shape() {
  // A folder no path can resolve into, and no `file:` secrets: admin input never names a file.
  return configSchema(noEnvironment, { baseDir: '/nonexistent', secretFiles: false }).shape
}

type Shape = ReturnType<typeof shape>
type Element<K extends 'apps' | 'connections' | 'users'> =
  Shape[K] extends z.ZodDefault<infer A> ? (A extends z.ZodArray<infer E> ? E : never) : never

let cached: { app: Element<'apps'>; connection: Element<'connections'>; user: Element<'users'> }

export function entrySchemas() {
  if (!cached) {
    const s = shape()
    cached = {
      app: s.apps.unwrap().element as Element<'apps'>,
      connection: s.connections.unwrap().element as Element<'connections'>,
      user: s.users.unwrap().element as Element<'users'>,
    }
  }
  return cached
}
