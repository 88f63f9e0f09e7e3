/** Pins a Postgres connection string to one schema, for isolation (tests, several tenants). */

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/

/** Only plain lowercase identifiers: they need no quoting anywhere they are interpolated. */
export function checkSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error('Postgres schema must be a lowercase identifier (a-z, 0-9, _; at most 63)')
  }
}

/**
 * Adds `-c search_path=<schema>` to the startup options in the URL, so the server applies it
 * before the first query of every connection. It goes into the URL rather than the pool config
 * because `pg` lets the URL's `options` win over the config's.
 */
export function withSearchPath(connectionString: string, schema: string): string {
  checkSchemaName(schema)
  const url = new URL(connectionString)
  const options = [url.searchParams.get('options'), `-c search_path=${schema}`]
  url.searchParams.set('options', options.filter(Boolean).join(' '))
  return url.toString()
}
