/**
 * An app's webhook endpoints in the console: the card on the app's page, and the page that adds,
 * edits, pauses, deletes them and rotates a secret (shown once).
 */
import type { WebhookView } from '../../admin/webhooks.js'
import { DEFAULT_SECRET_GRACE_SECONDS } from '../../domain/app-secret-rotation.js'
import { lifecycleEventTypes } from '../../domain/lifecycle-event-types.js'
import { AdminLayout, type AdminFrame } from './admin-layout.js'
import {
  Checkbox,
  DeleteForm,
  ErrorSummary,
  PostForm,
  Select,
  ShownOnce,
  TextField,
  when,
  type Errors,
} from './admin-fields.js'
import { graceOptions } from './grace-options.js'
import { DataTable } from './data-table.js'

const eventsOf = (w: WebhookView) => (w.events.length ? w.events.join(', ') : 'every event')

/** On the app's page: its endpoints at a glance, and where to manage them. */
export function WebhooksCard(props: { appId: string; webhooks: WebhookView[] }) {
  const base = `/admin/apps/${props.appId}`
  return (
    <div class="card">
      <h2>Webhooks</h2>
      <p class="muted">
        Signed events (Standard Webhooks) about this app's users: sign-ups, changes, deletions,
        sessions, second factors, passwords.
      </p>
      <DataTable
        label="Webhook endpoints"
        rows={props.webhooks}
        empty="No endpoints."
        columns={['URL', 'Events', 'State']}
        row={(w) => (
          <tr>
            <td>
              <code>{w.url}</code>
            </td>
            <td>{eventsOf(w)}</td>
            <td>{w.disabled ? 'paused' : 'active'}</td>
          </tr>
        )}
      />
      <p class="actions">
        <a href={`${base}/webhooks`}>Manage webhooks</a>
        <a href={`${base}/webhook-deliveries`}>Webhook delivery log</a>
      </p>
    </div>
  )
}

function EventChoices(props: { selected: string[]; errors: Errors }) {
  return (
    <fieldset>
      <legend>Events (none ticked: every event)</legend>
      {lifecycleEventTypes.map((type) => (
        <Checkbox name="events" value={type} label={type} checked={props.selected.includes(type)} />
      ))}
      {props.errors
        .filter((e) => e.path.startsWith('events'))
        .map((e) => (
          <p class="field-error">{e.message}</p>
        ))}
    </fieldset>
  )
}

export interface WebhookFormValues {
  url?: string
  events: string[]
  dangerouslyAllowPrivateNetwork: boolean
}

function EndpointFields(props: { values: WebhookFormValues; errors: Errors }) {
  return (
    <>
      <TextField
        name="url"
        label="URL"
        type="url"
        inputmode="url"
        required
        value={props.values.url}
        errors={props.errors}
        hint="https; plain http only on localhost and 127.0.0.1"
      />
      <EventChoices selected={props.values.events} errors={props.errors} />
      <Checkbox
        name="dangerouslyAllowPrivateNetwork"
        label="dangerouslyAllowPrivateNetwork: may reach loopback and private networks (development only; needs a recent sign-in)"
        checked={props.values.dangerouslyAllowPrivateNetwork}
      />
    </>
  )
}

export function WebhooksPage(
  props: AdminFrame & {
    app: { id: string; name: string }
    webhooks: WebhookView[]
    /** A secret just made, and for which endpoint: shown on this response only. */
    secret?: { endpoint: string; value: string }
    /** The form that failed (`new` or an endpoint id), with what was typed. */
    failed?: { form: string; values: WebhookFormValues }
    errors: Errors
    message?: string
  },
) {
  const { app } = props
  const base = `/admin/apps/${app.id}/webhooks`
  const csrf = props.csrf ?? ''
  const errorsOf = (form: string) => (props.failed?.form === form ? props.errors : [])
  const valuesOf = (form: string, fallback: WebhookFormValues) =>
    props.failed?.form === form ? props.failed.values : fallback
  return (
    <AdminLayout {...props} title={`${app.name}: webhooks`} section="apps">
      <p class="muted">
        <a href={`/admin/apps/${app.id}`}>Back to {app.name}</a> ·{' '}
        <a href={`/admin/apps/${app.id}/webhook-deliveries`}>delivery log</a>
      </p>
      {props.secret ? (
        <ShownOnce label={`signing secret of ${props.secret.endpoint}`} value={props.secret.value}>
          <p>
            Verify each request with it: <code>verifyWebhook(secret, body, headers)</code> from{' '}
            <code>@ssobridge/verify</code>, or any Standard Webhooks library.
          </p>
        </ShownOnce>
      ) : null}
      <ErrorSummary errors={props.errors} message={props.message} />
      {props.webhooks.map((w) => (
        <div class="card">
          <h2>
            <code>{w.id}</code> {w.disabled ? '(paused)' : null}
          </h2>
          <p class="muted">
            Added {when(w.createdAt)} · {eventsOf(w)}
          </p>
          <PostForm action={`${base}/${w.id}`} csrf={csrf} label={`Edit ${w.id}`}>
            <EndpointFields
              values={valuesOf(w.id, {
                url: w.url,
                events: w.events,
                dangerouslyAllowPrivateNetwork: w.dangerouslyAllowPrivateNetwork,
              })}
              errors={errorsOf(w.id)}
            />
            <button type="submit">Save</button>
          </PostForm>
          <PostForm
            action={`${base}/${w.id}/${w.disabled ? 'resume' : 'pause'}`}
            csrf={csrf}
            label={`${w.disabled ? 'Resume' : 'Pause'} ${w.id}`}
          >
            <button type="submit">{w.disabled ? 'Resume' : 'Pause'}</button>
          </PostForm>
          <PostForm
            action={`${base}/${w.id}/rotate-secret`}
            csrf={csrf}
            label={`New secret for ${w.id}`}
          >
            <Select
              name="graceSeconds"
              label="Also sign with the old secret for"
              value={String(DEFAULT_SECRET_GRACE_SECONDS)}
              options={graceOptions}
            />
            <Checkbox name="confirm" label="Yes, generate a new secret now" required />
            <button type="submit">New secret</button>
          </PostForm>
          <DeleteForm action={`${base}/${w.id}/delete`} csrf={csrf} what={`the endpoint ${w.id}`} />
        </div>
      ))}
      <div class="card">
        <h2>Add an endpoint</h2>
        <PostForm action={base} csrf={csrf} label="Add an endpoint">
          <EndpointFields
            values={valuesOf('new', { events: [], dangerouslyAllowPrivateNetwork: false })}
            errors={errorsOf('new')}
          />
          <button type="submit">Add</button>
        </PostForm>
      </div>
    </AdminLayout>
  )
}
