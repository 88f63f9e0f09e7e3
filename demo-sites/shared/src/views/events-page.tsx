import type { ReceivedEvent } from '../webhook-events.js'
import { Layout } from './layout.js'

/** The last events the bridge sent this site, newest first. */
export function EventsPage(props: { title: string; events: ReceivedEvent[]; mySub?: string }) {
  return (
    <Layout title={props.title}>
      <div class="card">
        <h2>Events from the bridge</h2>
        <p>
          The bridge posts a signed webhook for every change to a user of this site: this site
          checks its signature (<code>verifyWebhook</code> of <code>@ssobridge/verify</code>), then
          keeps its own <code>users</code> table in step (a new email or name, a deleted user) and
          ends its own sessions when the bridge's end.
        </p>
        {props.events.length === 0 ? (
          <p data-events-empty="">No event yet: sign in, or change your account at the bridge.</p>
        ) : (
          <table class="events">
            <thead>
              <tr>
                <th>When</th>
                <th>Event</th>
                <th>User</th>
                <th>Detail</th>
              </tr>
            </thead>
            <tbody>
              {props.events.map((event) => (
                <tr data-event-type={event.type}>
                  <td>
                    <time datetime={event.occurredAt}>
                      {event.occurredAt.replace('T', ' ').slice(0, 19)}
                    </time>
                  </td>
                  <td>
                    <code>{event.type}</code>
                  </td>
                  <td>{event.sub === props.mySub ? 'you' : `${event.sub.slice(0, 8)}…`}</td>
                  <td>{event.detail ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p>
          <a href="/">Back to {props.title}</a>
        </p>
      </div>
    </Layout>
  )
}
