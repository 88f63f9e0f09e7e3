/** An app's webhook delivery log in the console: each event to each endpoint, and replay. */
import type { WebhookDeliveryPage } from '../../admin/webhook-deliveries.js'
import { AdminLayout, type AdminFrame } from './admin-layout.js'
import { PostForm, when } from './admin-fields.js'
import { DataTable } from './data-table.js'
import { lastAnswer, nextOf, OlderLink, StateFilters } from './delivery-pages.js'

export function WebhookDeliveriesPage(
  props: AdminFrame & {
    app: { id: string; name: string }
    page: WebhookDeliveryPage
    state?: string
  },
) {
  const { app, page } = props
  const base = `/admin/apps/${app.id}/webhook-deliveries`
  return (
    <AdminLayout {...props} title={`${app.name}: webhook deliveries`} section="apps">
      <p class="muted">
        <a href={`/admin/apps/${app.id}`}>Back to {app.name}</a> ·{' '}
        <a href={`/admin/apps/${app.id}/webhooks`}>endpoints</a>
      </p>
      <p class="muted">
        One delivery per event and endpoint, kept in storage: any bridge process sends it, retries
        with backoff for three days, then marks it failed. Replay sends a failed one again now; a
        delivered one is sent again as a new delivery with the same <code>webhook-id</code>, so a
        receiver that drops repeats ignores it.
      </p>
      <StateFilters base={base} state={props.state} />
      <DataTable
        label="Webhook deliveries"
        rows={page.deliveries}
        empty="No deliveries."
        columns={[
          'Queued',
          'Event',
          'Endpoint',
          'State',
          'Attempts',
          'Last answer',
          'Next',
          'Action',
        ]}
        row={(d) => (
          <tr>
            <td>{when(d.createdAt)}</td>
            <td>
              {d.type}
              <br />
              <code>{d.eventId}</code>
              {d.replayOf ? ' (replay)' : null}
            </td>
            <td>
              <code>{d.endpoint}</code>
            </td>
            <td>{d.state}</td>
            <td>{d.attempts}</td>
            <td>{lastAnswer(d)}</td>
            <td>{nextOf(d)}</td>
            <td>
              <PostForm
                action={`${base}/${d.id}/replay`}
                csrf={props.csrf ?? ''}
                label={`Replay delivery ${d.id}`}
              >
                <button type="submit">{d.state === 'delivered' ? 'Replay' : 'Retry now'}</button>
              </PostForm>
            </td>
          </tr>
        )}
      />
      <OlderLink base={base} state={props.state} cursor={page.nextCursor} />
    </AdminLayout>
  )
}
