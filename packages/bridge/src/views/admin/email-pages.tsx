/** The member emails in the console: what was sent, what waits, what failed, and retry now. */
import type { EmailDeliveryPage, EmailDeliveryView } from '../../admin/email-deliveries.js'
import { AdminLayout, type AdminFrame } from './admin-layout.js'
import { PostForm, when } from './admin-fields.js'
import { DataTable } from './data-table.js'

const filters: [string, string | undefined][] = [
  ['All', undefined],
  ['Pending', 'pending'],
  ['Sent', 'delivered'],
  ['Failed', 'failed'],
]

function lastAnswer(e: EmailDeliveryView) {
  const status = e.lastStatus !== undefined ? `SMTP ${e.lastStatus}` : undefined
  if (e.state === 'delivered') return status ?? '—'
  return [e.lastError, status].filter(Boolean).join(' · ') || '—'
}

function next(e: EmailDeliveryView) {
  if (e.state === 'delivered') return `sent ${when(e.deliveredAt)}`
  return e.state === 'pending' ? when(e.nextAttemptAt) : '—'
}

// Failed ones, and waiting ones that have failed before (an SMTP outage just fixed, say).
const retryable = (e: EmailDeliveryView) =>
  e.state === 'failed' || (e.state === 'pending' && e.lastError !== undefined)

export function EmailDeliveriesPage(
  props: AdminFrame & { page: EmailDeliveryPage; state?: string; connection?: string },
) {
  const { page } = props
  const base = '/admin/emails'
  const href = (query: Record<string, string | undefined>) => {
    const params = new URLSearchParams(
      Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ).toString()
    return params ? `${base}?${params}` : base
  }
  return (
    <AdminLayout {...props} title="Emails" section="emails">
      <p class="muted">
        The member emails (verification, password reset, sign-in codes and links), kept in storage
        until sent: any bridge process sends them, retries with backoff for an hour, then marks them
        failed. Only the template and the recipient's domain are shown; the address and the message
        are sealed. Retry now sends it again within a few seconds, and tries for an hour more. Each
        outcome is in the <a href="/admin/audit?event=email">audit log</a>.
      </p>
      {props.connection ? (
        <p class="muted">
          Emails to members of <code>{props.connection}</code> only ·{' '}
          <a href={href({ state: props.state })}>all connections</a>
        </p>
      ) : null}
      <p class="actions">
        {filters.map(([label, state]) =>
          state === props.state ? (
            <strong>{label}</strong>
          ) : (
            <a href={href({ state, connection: props.connection })}>{label}</a>
          ),
        )}
      </p>
      <DataTable
        label="Emails"
        rows={page.emails}
        empty="No emails."
        columns={[
          'Queued',
          'Template',
          'To domain',
          'Connection',
          'State',
          'Attempts',
          'Last attempt',
          'Last answer',
          'Next',
          '',
        ]}
        row={(e) => (
          <tr>
            <td>{when(e.createdAt)}</td>
            <td>
              <code>{e.template}</code>
            </td>
            <td>{e.recipientDomain}</td>
            <td>
              <a href={href({ connection: e.connection })}>{e.connection}</a>
            </td>
            <td>{e.state === 'delivered' ? 'sent' : e.state}</td>
            <td>{e.attempts}</td>
            <td>{when(e.lastAttemptAt)}</td>
            <td>{lastAnswer(e)}</td>
            <td>{next(e)}</td>
            <td>
              {retryable(e) ? (
                <PostForm
                  action={`${base}/${e.id}/retry`}
                  csrf={props.csrf ?? ''}
                  label={`Retry email ${e.id}`}
                >
                  <button type="submit">Retry now</button>
                </PostForm>
              ) : null}
            </td>
          </tr>
        )}
      />
      {page.nextCursor ? (
        <p>
          <a
            href={href({
              state: props.state,
              connection: props.connection,
              cursor: page.nextCursor,
            })}
          >
            Older
          </a>
        </p>
      ) : null}
    </AdminLayout>
  )
}
