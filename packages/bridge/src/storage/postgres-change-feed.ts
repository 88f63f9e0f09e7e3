/**
 * Other processes' writes on Postgres: a trigger (migration 003) sends `NOTIFY ssobridge_records`
 * with `schema:namespace` when a read-mostly record changes, and one dedicated connection per
 * process LISTENs. NOTIFY is delivered at commit, so a change is seen within milliseconds.
 *
 * A notification lost is a stale cache, so the feed counts as live only while the listening
 * connection is known to work: connected, LISTENing, and its heartbeat answered lately. Anything
 * else (a dropped connection, a heartbeat that hangs on a half-open socket) makes it not live, so
 * caches read through, and a reconnect announces that anything may have changed.
 */
import pg from 'pg'
import type { ChangeListener, RemoteChanges } from './change-feed-types.js'

export const CHANGES_CHANNEL = 'ssobridge_records'

export interface PostgresChangesOptions {
  connectionString: string
  connectTimeoutMs: number
  /** How the listening connection shows in pg_stat_activity. */
  applicationName: string
  /** Between heartbeats; the feed is live while the last one answered within twice this. */
  heartbeatMs?: number
  now?: () => number
}

const HEARTBEAT_MS = 400
const HUNG_AFTER_MS = 5_000
const RECONNECT_MIN_MS = 100
const RECONNECT_MAX_MS = 5_000

export function postgresChanges(options: PostgresChangesOptions): RemoteChanges {
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS
  const now = options.now ?? Date.now
  let emit: ChangeListener = () => undefined
  let client: pg.Client | undefined
  let schema: string | undefined
  let answeredAt = -Infinity
  let stopped = false
  let retryMs = RECONNECT_MIN_MS
  let heartbeat: NodeJS.Timeout | undefined
  let reconnect: NodeJS.Timeout | undefined
  let connecting: Promise<void> | undefined

  const dropConnection = async () => {
    clearInterval(heartbeat)
    const old = client
    client = undefined
    answeredAt = -Infinity
    old?.removeAllListeners()
    old?.on('error', () => undefined)
    await old?.end().catch(() => undefined)
  }

  const lost = () => {
    if (!client) return
    void dropConnection()
    emit(undefined)
    scheduleConnect()
  }

  const scheduleConnect = () => {
    if (stopped || reconnect) return
    reconnect = setTimeout(() => {
      reconnect = undefined
      connecting = connect()
    }, retryMs)
    reconnect.unref()
    retryMs = Math.min(retryMs * 2, RECONNECT_MAX_MS)
  }

  async function connect() {
    const next = new pg.Client({
      connectionString: options.connectionString,
      connectionTimeoutMillis: options.connectTimeoutMs,
      application_name: options.applicationName,
      keepAlive: true,
    })
    next.on('error', () => lost())
    next.on('end', () => lost())
    next.on('notification', ({ payload }) => {
      const at = payload?.indexOf(':') ?? -1
      if (payload && at > 0 && payload.slice(0, at) === schema) emit(payload.slice(at + 1))
    })
    try {
      await next.connect()
      const { rows } = await next.query<{ schema: string }>('SELECT current_schema() AS schema')
      schema = rows[0]?.schema
      await next.query(`LISTEN ${CHANGES_CHANNEL}`)
    } catch {
      next.removeAllListeners()
      next.on('error', () => undefined)
      void next.end().catch(() => undefined)
      scheduleConnect()
      return
    }
    if (stopped) {
      void next.end().catch(() => undefined)
      return
    }
    client = next
    answeredAt = now()
    retryMs = RECONNECT_MIN_MS
    // What changed while no one listened is unknown.
    emit(undefined)
    let sentAt: number | undefined
    heartbeat = setInterval(() => {
      const current = client
      if (!current) return
      // A socket that went half-open never errors: give up on it and connect again.
      if (sentAt !== undefined) {
        if (now() - sentAt > HUNG_AFTER_MS) lost()
        return
      }
      sentAt = now()
      current
        .query('SELECT 1')
        .then(() => {
          sentAt = undefined
          if (client === current) answeredAt = now()
        })
        .catch(() => lost())
    }, heartbeatMs)
    heartbeat.unref()
  }

  return {
    start(listener) {
      emit = listener
      connecting = connect()
    },
    isLive: () => client !== undefined && now() - answeredAt < 2 * heartbeatMs,
    async stop() {
      stopped = true
      clearTimeout(reconnect)
      await connecting
      await dropConnection()
    },
  }
}
