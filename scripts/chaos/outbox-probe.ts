/**
 * Reads the back-channel outbox straight from the bridges' database, for the test to know when
 * every delivery has settled (a dead instance's claims included, once their lease ran out).
 */
import pg from 'pg'

export interface OutboxCounts {
  pending: number
  delivered: number
  failed: number
  /** Entries that took more than one attempt. */
  retried: number
}

export async function outboxCounts(databaseUrl: string): Promise<OutboxCounts> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 })
  await client.connect()
  try {
    const { rows } = await client.query<{ state: string; count: string; retried: string }>(
      `SELECT state, count(*) AS count, count(*) FILTER (WHERE attempts > 1) AS retried
         FROM outbox GROUP BY state`,
    )
    const count = (state: string) => Number(rows.find((row) => row.state === state)?.count ?? 0)
    return {
      pending: count('pending'),
      delivered: count('delivered'),
      failed: count('failed'),
      retried: rows.reduce((sum, row) => sum + Number(row.retried), 0),
    }
  } finally {
    await client.end()
  }
}
