/** Keys (signing keys and admin API keys) and the audit log in the console. */
import type { PublicApiKey } from '../../admin/api-keys.js'
import { apiScopes } from '../../admin/api-keys.js'
import type { AuditEntry } from '../../domain/audit-log.js'
import type { KeyInfo } from '../../keys/keystore.js'
import { AdminLayout, type AdminFrame } from './admin-layout.js'
import { DataTable } from './data-table.js'
import { RevokeCell } from './revoke-cell.js'
import {
  Checkbox,
  ErrorSummary,
  PostForm,
  Select,
  ShownOnce,
  TextField,
  when,
  type Errors,
} from './admin-fields.js'

const age = (ms: number, now: number) => {
  const days = Math.floor((now - ms) / 86_400_000)
  return days >= 1 ? `${days} d` : `${Math.max(0, Math.floor((now - ms) / 3_600_000))} h`
}

export function KeysPage(
  props: AdminFrame & {
    keys: KeyInfo[]
    apiKeys: PublicApiKey[]
    newApiKey?: string
    errors: Errors
    message?: string
    now: number
    defaultActivateAfter: number
    minActivateAfter: number
  },
) {
  const csrf = props.csrf as string
  return (
    <AdminLayout {...props} title="Keys" section="keys">
      {props.newApiKey ? (
        <ShownOnce label="API key" value={props.newApiKey}>
          <p class="small">
            Use it as <code>Authorization: Bearer …</code> on <code>/admin/api</code>.
          </p>
        </ShownOnce>
      ) : null}
      <ErrorSummary errors={props.errors} message={props.message} />
      <h2>Signing keys</h2>
      <p class="muted">
        Apps with ES256, RS256 or EdDSA are signed with these; sites fetch the public halves from
        the JWKS.
      </p>
      <div class="table" role="region" aria-label="Signing keys" tabindex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">kid</th>
              <th scope="col">Algorithm</th>
              <th scope="col">Status</th>
              <th scope="col">Age</th>
              <th scope="col">Next</th>
            </tr>
          </thead>
          <tbody>
            {props.keys.map((k) => (
              <tr>
                <td>
                  <code>{k.kid}</code>
                </td>
                <td>{k.alg}</td>
                <td>
                  <span class="badge">{k.status}</span>
                </td>
                <td>{age(k.createdAt, props.now)}</td>
                <td class="small">
                  {k.status === 'pending'
                    ? `signs from ${when(k.activatesAt)}`
                    : k.status === 'retired'
                      ? `leaves the JWKS ${when(k.unpublishAt)}`
                      : 'signing'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="card">
        <h2>Rotate a signing key</h2>
        <p class="small">
          The new key is published in the JWKS at once and starts signing after the delay, so every
          site has fetched it first. The old key stays published until the last token it signed has
          expired.
        </p>
        <PostForm action="/admin/keys/rotate" csrf={csrf} label="Rotate a signing key">
          <Select
            name="alg"
            label="Algorithm"
            options={[
              ['ES256', 'ES256'],
              ['RS256', 'RS256'],
              ['EdDSA', 'EdDSA'],
            ]}
            errors={props.errors}
          />
          <TextField
            name="activateAfterSeconds"
            label="Starts signing after (seconds)"
            hint={`At least ${props.minActivateAfter} (how long sites may cache the JWKS).`}
            type="number"
            inputmode="numeric"
            value={props.defaultActivateAfter}
            errors={props.errors}
          />
          <div class="actions">
            <button type="submit">Rotate</button>
          </div>
        </PostForm>
      </div>
      <h2>Admin API keys</h2>
      <DataTable
        label="Admin API keys"
        rows={props.apiKeys}
        empty="No API keys."
        columns={['Name', 'Id', 'Scopes', 'Last used', 'Status']}
        row={(k) => (
          <tr>
            <td>{k.name}</td>
            <td>
              <code>{k.id}</code>
            </td>
            <td class="small">{k.scopes.join(' ')}</td>
            <td>{when(k.lastUsedAt)}</td>
            <RevokeCell
              revokedAt={k.revokedAt}
              action={`/admin/api-keys/${k.id}/revoke`}
              csrf={csrf}
              name={k.name}
            />
          </tr>
        )}
      />
      <div class="card">
        <h2>Create an API key</h2>
        <PostForm action="/admin/api-keys" csrf={csrf} label="Create an API key">
          <TextField
            name="name"
            label="Name"
            hint="What uses it, e.g. the CI pipeline."
            errors={props.errors}
            required
          />
          <fieldset>
            <legend>Scopes (write includes read)</legend>
            {apiScopes.map((scope) => (
              <Checkbox name="scopes" value={scope} label={scope} />
            ))}
          </fieldset>
          <TextField
            name="expiresInDays"
            label="Expires after (days)"
            hint="Empty: never."
            type="number"
            inputmode="numeric"
            errors={props.errors}
          />
          <div class="actions">
            <button type="submit" class="primary">
              Create key
            </button>
          </div>
        </PostForm>
      </div>
    </AdminLayout>
  )
}

export function AuditPage(
  props: AdminFrame & {
    entries: AuditEntry[]
    filter: Record<string, string>
    next?: string
    errors: Errors
  },
) {
  const f = props.filter
  const query = (extra: Record<string, string>) =>
    new URLSearchParams(
      Object.fromEntries(Object.entries({ ...f, ...extra }).filter(([, v]) => v !== '')),
    ).toString()
  return (
    <AdminLayout {...props} title="Audit log" section="audit">
      <ErrorSummary errors={props.errors} />
      <form method="get" action="/admin/audit" aria-label="Filter the audit log">
        <div class="filters">
          <TextField name="app" label="App id" value={f.app} />
          <TextField name="connection" label="Connection id" value={f.connection} />
          <TextField name="user" label="User id" value={f.user} />
          <TextField
            name="event"
            label="Event"
            hint="e.g. sign_in, sign_in.failed, app"
            value={f.event}
          />
          <TextField
            name="since"
            label="Since"
            hint="ISO time, e.g. 2026-01-31T00:00Z"
            value={f.since}
          />
          <TextField name="until" label="Until" value={f.until} />
        </div>
        <div class="actions">
          <button type="submit">Filter</button>
          <a
            class="button"
            href={`/admin/audit.jsonl?${query({})}`}
            download="ssobridge-audit.jsonl"
          >
            Export as JSON lines
          </a>
        </div>
      </form>
      <h2>Entries</h2>
      <DataTable
        label="Audit log entries"
        rows={props.entries}
        empty="No entries."
        columns={['Time', 'Event', 'By', 'About', 'Details']}
        row={(e) => (
          <tr>
            <td class="small">{when(e.at)}</td>
            <td>
              <code>{e.event}</code>
              {e.reason ? <div class="warn small">{e.reason}</div> : null}
            </td>
            <td class="small">
              {e.actor.type}: {e.actor.label ?? e.actor.id}
            </td>
            <td class="small">
              {[
                e.app && `app ${e.app}`,
                e.connection && `connection ${e.connection}`,
                e.user && `user ${e.user}`,
                e.email && e.email,
                e.target && `${e.target.type} ${e.target.id}`,
              ]
                .filter(Boolean)
                .join(' · ')}
            </td>
            <td class="small">
              {e.before !== undefined || e.after !== undefined ? (
                <details>
                  <summary>before / after</summary>
                  {e.secretsChanged ? <p>Secrets changed: {e.secretsChanged.join(', ')}</p> : null}
                  <pre>{JSON.stringify({ before: e.before, after: e.after }, null, 1)}</pre>
                </details>
              ) : null}
            </td>
          </tr>
        )}
      />
      {props.next ? (
        <p>
          <a href={`/admin/audit?${query({ cursor: props.next })}`}>Older entries</a>
        </p>
      ) : null}
    </AdminLayout>
  )
}
