/**
 * Apps in the console: list, add (by platform), the app's page with its snippet or its
 * platform's setup, new secret, delete.
 */
import { AppBrandCard } from './app-brand-card.js'
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
  PostForm,
  Select,
  ShownOnce,
  when,
  type Errors,
} from './admin-fields.js'
import { DEFAULT_SECRET_GRACE_SECONDS } from '../../domain/app-secret-rotation.js'
import type { WebhookView } from '../../admin/webhooks.js'
import { WebhooksCard } from './webhook-pages.js'
import { graceOptions } from './grace-options.js'
import type { FormValues } from './connection-pages.js'
import type { PlatformSetup } from '../../admin/app-platform-setup.js'
import { PlatformCard } from './app-platform-card.js'
import { AppForm, nothingStored, storedSecrets } from './app-form.js'
import { presetOf, presetOptions } from './app-preset-fields.js'

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
        label="Apps"
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
      <nav class="card" aria-labelledby="choose-preset">
        <h2 id="choose-preset">Platform preset</h2>
        <p class="hint">
          A platform that takes a sign-in at its own URL, in its own format; or none, for a site of
          your own that uses the snippet. The form below asks for what the chosen one needs.
        </p>
        <ul>
          {presetOptions.map(([value, label]) => (
            <li>
              <a
                href={value ? `/admin/apps/new?preset=${value}` : '/admin/apps/new'}
                aria-current={value === (presetOf(props.values.preset) ?? '') ? 'page' : undefined}
              >
                {value ? label : 'None'}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="card">
        <AppForm
          csrf={props.csrf as string}
          values={props.values}
          errors={props.errors}
          connections={props.connections}
          isNew
          action="/admin/apps/new"
          stored={nothingStored}
        />
      </div>
    </AdminLayout>
  )
}

export function AppPage(
  props: AdminFrame & {
    app: PublicApp
    snippet: Snippet
    setup: PlatformSetup
    issuer: string
    secret?: string
    /** What the save changed on the way in (a brand colour adjusted for contrast). */
    warnings?: string[]
    values: FormValues
    errors: Errors
    message?: string
    connections: PublicConnection[]
    webhooks: WebhookView[]
  },
) {
  const { app, snippet } = props
  const preset = presetOf(app.preset)
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
      {props.warnings?.length ? (
        <div class="flash" role="status">
          <p>Saved, with changes:</p>
          <ul>
            {props.warnings.map((w) => (
              <li>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <ErrorSummary errors={props.errors} message={props.message} />
      {preset ? <PlatformCard app={app} preset={preset} setup={props.setup} /> : null}
      <div class="card">
        {/* A platform starts the sign-in itself, at the sign-in URL above: no snippet. */}
        {preset ? null : (
          <>
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
          </>
        )}
        {preset ? null : (
          <>
            <h2>Try it</h2>
            <form method="post" action={`/admin/try/${app.id}`}>
              <Csrf csrf={props.csrf ?? ''} />
              <p class="muted">
                Signs in for real in this browser and shows the token this app would receive,
                decoded, instead of sending it to the site.
              </p>
              <button type="submit">Try it</button>
            </form>
          </>
        )}
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
          stored={storedSecrets(app)}
        />
      </div>
      <AppBrandCard app={app} csrf={props.csrf as string} />
      <WebhooksCard appId={app.id} webhooks={props.webhooks} />
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
