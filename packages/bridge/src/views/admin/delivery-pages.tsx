/** An app's back-channel logout deliveries in the console: what went out, what waits, retry now. */
import type { DeliveryPage, DeliveryView } from '../../admin/backchannel-deliveries.js'
import { AdminLayout, type AdminFrame } from './admin-layout.js'
import { PostForm, when } from './admin-fields.js'
import { DataTable } from './data-table.js'

const filters: [string, string | undefined][] = [
  ['All', undefined],
  ['Pending', 'pending'],
  ['Delivered', 'delivered'],
  ['Failed', 'failed'],
]

/** The last answer of a delivery's attempts: its HTTP status, or why there was none. */
export function lastAnswer(d: Pick<DeliveryView, 'lastStatus' | 'lastError'>) {
  if (d.lastStatus !== undefined) return `HTTP ${d.lastStatus}`
  return d.lastError ?? '—'
}

/** When it went, or when it is tried next. */
export const nextOf = (d: Pick<DeliveryView, 'state' | 'deliveredAt' | 'nextAttemptAt'>) =>
  d.state === 'delivered'
    ? `delivered ${when(d.deliveredAt)}`
    : d.state === 'pending'
      ? when(d.nextAttemptAt)
      : '—'

/** All, pending, delivered, failed: links, the current one in bold. */
export function StateFilters(props: { base: string; state?: string }) {
  return (
    <p class="actions">
      {filters.map(([label, state]) =>
        state === props.state ? (
          <strong>{label}</strong>
        ) : (
          <a href={state ? `${props.base}?state=${state}` : props.base}>{label}</a>
        ),
      )}
    </p>
  )
}

/** The link to the next (older) page, when there is one. */
export function OlderLink(props: { base: string; state?: string; cursor?: string }) {
  if (!props.cursor) return null
  const query = new URLSearchParams({
    ...(props.state ? { state: props.state } : {}),
    cursor: props.cursor,
  })
  return (
    <p>
      <a href={`${props.base}?${query.toString()}`}>Older</a>
    </p>
  )
}

export function DeliveriesPage(
  props: AdminFrame & {
    app: { id: string; name: string; backchannelLogoutUrl?: string }
    page: DeliveryPage
    state?: string
  },
) {
  const { app, page } = props
  const base = `/admin/apps/${app.id}/deliveries`
  return (
    <AdminLayout {...props} title={`${app.name}: back-channel logouts`} section="apps">
      <p class="muted">
        <a href={`/admin/apps/${app.id}`}>Back to {app.name}</a> ·{' '}
        {app.backchannelLogoutUrl ? (
          <>
            sent to <code>{app.backchannelLogoutUrl}</code>
          </>
        ) : (
          'this app has no back-channel logout URL now'
        )}
      </p>
      <p class="muted">
        One delivery per session that signed into this app and logged out, kept in storage: any
        bridge process sends it, retries with backoff for 24 hours, then marks it failed. Retry now
        sends it again within a few seconds, and tries for 24 hours more.
      </p>
      <StateFilters base={base} state={props.state} />
      <DataTable
        label="Deliveries"
        rows={page.deliveries}
        empty="No deliveries."
        columns={['Logout', 'State', 'Attempts', 'Last attempt', 'Last answer', 'Next', 'Action']}
        row={(d) => (
          <tr>
            <td>{when(d.createdAt)}</td>
            <td>{d.state}</td>
            <td>{d.attempts}</td>
            <td>{when(d.lastAttemptAt)}</td>
            <td>{lastAnswer(d)}</td>
            <td>{nextOf(d)}</td>
            <td>
              {d.state === 'delivered' ? null : (
                <PostForm
                  action={`${base}/${d.id}/retry`}
                  csrf={props.csrf ?? ''}
                  label={`Retry delivery ${d.id}`}
                >
                  <button type="submit">Retry now</button>
                </PostForm>
              )}
            </td>
          </tr>
        )}
      />
      <OlderLink base={base} state={props.state} cursor={page.nextCursor} />
    </AdminLayout>
  )
}
