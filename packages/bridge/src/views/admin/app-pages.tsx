/** Apps in the console: list, add, edit, snippet with SRI, secret shown once, delete. */
import type { Snippet } from '../../admin/apps.js'
import type { PublicApp, PublicConnection } from '../../domain/public-records.js'
import { AdminLayout, type AdminFrame } from './admin-layout.js'
import { DataTable } from './data-table.js'
import {
  Checkbox,
  CopyValue,
  Csrf,
  DeleteForm,
  ErrorSummary,
  errorsFor,
  PostForm,
  Select,
  ShownOnce,
  TextArea,
  TextField,
  when,
  type Errors,
} from './admin-fields.js'
import { DEFAULT_SECRET_GRACE_SECONDS } from '../../domain/app-secret-rotation.js'
import type { FormValues } from './connection-pages.js'

const graceOptions: [string, string][] = [
  ['0', 'No grace: drop it now'],
  ['3600', '1 hour'],
  [String(DEFAULT_SECRET_GRACE_SECONDS), '24 hours'],
  ['259200', '3 days'],
  ['604800', '7 days'],
]

const str = (v: FormValues[string]) => (typeof v === 'string' ? v : undefined)

export function AppListPage(props: AdminFrame & { apps: PublicApp[] }) {
  return (
    <AdminLayout {...props} title="Apps" section="apps">
      <p class="muted">The sites that receive a token. Each has its exact callback URLs.</p>
      <div class="actions">
        <a class="button primary" href="/admin/apps/new">
          Add app
        </a>
      </div>
      <h2>Apps</h2>
      <DataTable
        rows={props.apps}
        empty="No apps yet."
        columns={['Name', 'Id', 'Signing', 'Connections', 'Callback URLs']}
        row={(a) => (
          <tr>
            <td>
              <a href={`/admin/apps/${a.id}`}>{a.name}</a>
            </td>
            <td>
              <code>{a.id}</code>
            </td>
            <td>{a.signing.alg}</td>
            <td>{a.connections.join(', ')}</td>
            <td>
              {a.callbackUrls.map((u) => (
                <div>
                  <code>{u}</code>
                </div>
              ))}
            </td>
          </tr>
        )}
      />
    </AdminLayout>
  )
}

export function AppForm(props: {
  csrf: string
  values: FormValues
  errors: Errors
  connections: PublicConnection[]
  isNew: boolean
  action: string
  hasSecret: boolean
}) {
  const v = props.values
  const { errors } = props
  const chosen = new Set(Array.isArray(v.connections) ? v.connections : [])
  const connectionErrors = errorsFor(errors, 'connections')
  return (
    <PostForm action={props.action} csrf={props.csrf} label={props.isNew ? 'New app' : 'Edit app'}>
      {props.isNew ? (
        <TextField
          name="id"
          label="Id"
          hint="The site's data-app value and the token's aud. Lowercase letters, digits, dashes."
          value={str(v.id)}
          errors={errors}
          required
        />
      ) : null}
      <TextField
        name="name"
        label="Name"
        hint="Shown on the login page."
        value={str(v.name)}
        errors={errors}
      />
      <TextArea
        name="callbackUrls"
        label="Callback URLs"
        hint="One per line, exactly as the site receives them: https (http only on localhost), no wildcards, no fragment."
        value={str(v.callbackUrls)}
        errors={errors}
      />
      <fieldset aria-describedby={connectionErrors.length ? 'connections-error' : undefined}>
        <legend>Connections users may sign in with</legend>
        {props.connections.length === 0 ? (
          <p>
            No connections yet: <a href="/admin/connections">add one</a> first.
          </p>
        ) : null}
        {props.connections.map((c) => (
          <Checkbox
            name="connections"
            value={c.id}
            label={`${c.name} (${c.type})`}
            checked={chosen.has(c.id)}
          />
        ))}
        {connectionErrors.length ? (
          <div id="connections-error">
            {connectionErrors.map((e) => (
              <p class="field-error">{e.message}</p>
            ))}
          </div>
        ) : null}
      </fieldset>
      <Select
        name="alg"
        label="Signing"
        hint="HS256: the site verifies with a shared secret. ES256/RS256/EdDSA: with the bridge's public keys (JWKS)."
        value={str(v.alg)}
        errorName="signing"
        errors={errors}
        options={[
          ['HS256', 'HS256 (shared secret)'],
          ['ES256', 'ES256 (bridge keys)'],
          ['RS256', 'RS256 (bridge keys)'],
          ['EdDSA', 'EdDSA (bridge keys)'],
        ]}
      />
      <TextField
        name="secret"
        label="HS256 secret"
        hint={
          props.hasSecret
            ? 'Leave empty to keep the current secret.'
            : 'Leave empty to have one generated (shown once), or paste the platform’s key (at least 32 bytes).'
        }
        type="password"
        autocomplete="new-password"
        errorName="signing.secret"
        errors={errors}
      />
      <TextField
        name="tokenTtl"
        label="Token lifetime (seconds)"
        hint="10 to 600; 120 by default."
        value={str(v.tokenTtl)}
        type="number"
        inputmode="numeric"
        errors={errors}
      />
      <Select
        name="delivery"
        label="Delivery"
        value={str(v.delivery)}
        errors={errors}
        options={[
          ['', 'Default: form_post, or the preset’s'],
          ['form_post', 'form_post: POST to the callback (sites with a backend)'],
          ['query', 'query: the token in the callback URL (platform JWT endpoints)'],
          ['code', 'code: a one-time code the script exchanges (no backend)'],
        ]}
      />
      <Select
        name="preset"
        label="Platform preset"
        value={str(v.preset) ?? ''}
        errors={errors}
        options={[
          ['', 'None'],
          ['thinkific', 'Thinkific'],
          ['zendesk', 'Zendesk'],
          ['canny', 'Canny'],
        ]}
      />
      <TextArea
        name="claims"
        label="Claim mapping (JSON)"
        hint='Optional, e.g. {"groups": "groups", "department": {"value": "sales"}}'
        value={str(v.claims)}
        errors={errors}
        rows={3}
      />
      <Checkbox
        name="requireMfa"
        label="Require a second factor for this app"
        checked={v.requireMfa === true}
      />
      <div class="actions">
        <button type="submit" class="primary">
          {props.isNew ? 'Add app' : 'Save changes'}
        </button>
      </div>
    </PostForm>
  )
}

export function AppNewPage(
  props: AdminFrame & {
    values: FormValues
    errors: Errors
    message?: string
    connections: PublicConnection[]
  },
) {
  return (
    <AdminLayout {...props} title="Add app" section="apps">
      <ErrorSummary errors={props.errors} message={props.message} />
      <div class="card">
        <AppForm
          csrf={props.csrf as string}
          values={props.values}
          errors={props.errors}
          connections={props.connections}
          isNew
          action="/admin/apps/new"
          hasSecret={false}
        />
      </div>
    </AdminLayout>
  )
}

export function AppPage(
  props: AdminFrame & {
    app: PublicApp
    snippet: Snippet
    issuer: string
    secret?: string
    values: FormValues
    errors: Errors
    message?: string
    connections: PublicConnection[]
  },
) {
  const { app, snippet } = props
  return (
    <AdminLayout {...props} title={app.name} section="apps">
      <p class="muted">
        id <code>{app.id}</code> · {app.signing.alg} · tokens live {app.tokenTtl} s
        {app.backchannelLogoutUrl ? (
          <>
            {' '}
            · <a href={`/admin/apps/${app.id}/deliveries`}>back-channel logout deliveries</a>
          </>
        ) : null}
      </p>
      {props.secret ? <ShownOnce label="app secret" value={props.secret} /> : null}
      <ErrorSummary errors={props.errors} message={props.message} />
      <div class="card">
        <h2>Paste this into the site</h2>
        {snippet.pinned ? (
          <CopyValue
            label="Snippet (pinned with SRI)"
            value={`${snippet.pinned}\n${snippet.button}`}
            multiline
          />
        ) : null}
        <CopyValue
          label="Snippet (always the latest script)"
          value={`${snippet.plain}\n${snippet.button}`}
          multiline
        />
        <h2>Try it</h2>
        <form method="post" action={`/admin/try/${app.id}`}>
          <Csrf csrf={props.csrf ?? ''} />
          <p class="muted">
            Signs in for real in this browser and shows the token this app would receive, decoded,
            instead of sending it to the site.
          </p>
          <button type="submit">Try it</button>
        </form>
        <h2>The site's callback verifies</h2>
        <dl>
          <dt>iss</dt>
          <dd>
            <code>{props.issuer}</code>
          </dd>
          <dt>aud</dt>
          <dd>
            <code>{app.id}</code>
          </dd>
          <dt>alg</dt>
          <dd>
            <code>{app.signing.alg}</code>
            {app.signing.alg === 'HS256' ? ' with the app secret' : null}
          </dd>
          {app.signing.alg !== 'HS256' ? (
            <>
              <dt>JWKS</dt>
              <dd>
                <code>{props.issuer}/.well-known/jwks.json</code>
              </dd>
            </>
          ) : null}
        </dl>
      </div>
      <div class="card">
        <h2>Settings</h2>
        <AppForm
          csrf={props.csrf as string}
          values={props.values}
          errors={props.errors}
          connections={props.connections}
          isNew={false}
          action={`/admin/apps/${app.id}`}
          hasSecret={app.signing.alg === 'HS256'}
        />
      </div>
      {app.signing.alg === 'HS256' ? (
        <div class="card">
          <h2>New secret</h2>
          <p>
            The bridge signs with a generated secret at once. For the grace period below, the site
            verifies with both: add the new secret next to the old (
            <code>secret: [newSecret, oldSecret]</code> with <code>@ssobridge/verify</code>), then
            drop the old one.
          </p>
          {app.signing.graceUntil && app.signing.graceUntil > Date.now() ? (
            <p>
              The previous secret stays accepted until{' '}
              <time datetime={new Date(app.signing.graceUntil).toISOString()}>
                {when(app.signing.graceUntil)}
              </time>
              ; sites should drop it by then.
            </p>
          ) : null}
          <PostForm
            action={`/admin/apps/${app.id}/secret`}
            csrf={props.csrf as string}
            label="New secret"
          >
            <Select
              name="graceSeconds"
              label="Sites may accept the old secret for"
              value={String(DEFAULT_SECRET_GRACE_SECONDS)}
              options={graceOptions}
            />
            <Checkbox name="confirm" label="Yes, generate a new secret now" required />
            <button type="submit">Generate a new secret</button>
          </PostForm>
        </div>
      ) : null}
      <div class="card">
        <h2>Delete</h2>
        <DeleteForm
          action={`/admin/apps/${app.id}/delete`}
          csrf={props.csrf as string}
          what={`the app ${app.id}`}
        />
      </div>
    </AdminLayout>
  )
}
