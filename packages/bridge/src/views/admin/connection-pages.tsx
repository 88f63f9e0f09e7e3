/** Connections in the console: list, add (local, OIDC with a discovery check, SAML), edit, delete. */
import type { CopyValue as CopyItem } from '../../admin/connections.js'
import type { PublicScimToken } from '../../domain/scim/scim-tokens.js'
import { ScimTokenCard } from './scim-token-card.js'
import type { OidcCheckResult } from '../../admin/oidc-check.js'
import type { SamlMetadataSummary } from '../../admin/saml-summary.js'
import type { PublicConnection } from '../../domain/public-records.js'
import { AdminLayout, type AdminFrame } from './admin-layout.js'
import { DataTable } from './data-table.js'
import { CopyValue, DeleteForm, ErrorSummary, type Errors } from './admin-fields.js'
import { ConnectionForm, type ConnectionType, type FormValues } from './connection-form.js'

export { ConnectionForm, type ConnectionType, type FormValues }

const typeName: Record<string, string> = {
  local: 'Local users',
  oidc: 'OpenID Connect',
  saml: 'SAML 2.0',
}

export function ConnectionListPage(props: AdminFrame & { connections: PublicConnection[] }) {
  return (
    <AdminLayout {...props} title="Connections" section="connections">
      <p class="muted">The ways users sign in. Apps choose which of them they accept.</p>
      <div class="actions">
        <a class="button primary" href="/admin/connections/new?type=oidc">
          Add OpenID Connect IdP
        </a>
        <a class="button" href="/admin/connections/new?type=saml">
          Add SAML IdP
        </a>
        <a class="button" href="/admin/connections/new?type=local">
          Add local user store
        </a>
      </div>
      <h2>Connections</h2>
      <DataTable
        label="Connections"
        rows={props.connections}
        empty="No connections yet."
        columns={['Name', 'Id', 'Type', 'Email domains']}
        row={(c) => (
          <tr>
            <td>
              <a href={`/admin/connections/${c.id}`}>{c.name}</a>
            </td>
            <td>
              <code>{c.id}</code>
            </td>
            <td>{typeName[c.type] ?? c.type}</td>
            <td>{Array.isArray(c.domains) ? c.domains.join(', ') : ''}</td>
          </tr>
        )}
      />
    </AdminLayout>
  )
}

export function CheckResult(props: { result: OidcCheckResult }) {
  const r = props.result
  if (!r.ok) {
    return (
      <div class="alert" role="alert">
        <p>
          <strong>Discovery failed</strong> ({r.error}): {r.description}
        </p>
      </div>
    )
  }
  return (
    <div class="card" role="status" aria-label="Discovery result">
      <p>
        <strong>Discovery works.</strong> The IdP says:
      </p>
      <dl>
        <dt>Issuer</dt>
        <dd>
          <code>{r.issuer}</code>
        </dd>
        <dt>Authorization endpoint</dt>
        <dd>
          <code>{r.authorizationEndpoint ?? '—'}</code>
        </dd>
        <dt>Token endpoint</dt>
        <dd>
          <code>{r.tokenEndpoint ?? '—'}</code>
        </dd>
        <dt>UserInfo endpoint</dt>
        <dd>
          <code>{r.userinfoEndpoint ?? '—'}</code>
        </dd>
        <dt>Scopes</dt>
        <dd>{r.scopesSupported?.join(' ') ?? 'not listed'}</dd>
        <dt>Client authentication</dt>
        <dd>{r.tokenEndpointAuthMethods?.join(', ') ?? 'not listed'}</dd>
      </dl>
      {r.warnings.length > 0 ? (
        <ul class="warn">
          {r.warnings.map((w) => (
            <li>{w}</li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}

function SamlSummary(props: { summary: SamlMetadataSummary }) {
  const s = props.summary
  return (
    <div class="card">
      <h2>The IdP, from its metadata</h2>
      <dl>
        <dt>Entity ID</dt>
        <dd>
          <code>{s.entityId ?? '—'}</code>
        </dd>
        <dt>SSO URL</dt>
        <dd>
          <code>{s.ssoUrl ?? '—'}</code>
        </dd>
        {s.certificates.map((cert, i) => (
          <>
            <dt>Certificate {i + 1}</dt>
            <dd>
              {cert.subject}
              <br />
              <span class="small">SHA-256 {cert.sha256}</span>
              <br />
              <span class={cert.expired ? 'warn' : 'small'}>
                {cert.expired ? 'Expired ' : 'Valid until '}
                {cert.notAfter}
              </span>
            </dd>
          </>
        ))}
      </dl>
    </div>
  )
}

export function ConnectionNewPage(
  props: AdminFrame & {
    type: ConnectionType
    values: FormValues
    errors: Errors
    message?: string
    check?: OidcCheckResult
    redirectUriPattern: string
  },
) {
  return (
    <AdminLayout {...props} title={`Add ${typeName[props.type]} connection`} section="connections">
      {props.type !== 'local' ? (
        <p class="muted">
          The IdP will need this bridge's addresses; they are shown once the connection exists
          (redirect URI: <code>{props.redirectUriPattern}</code>).
        </p>
      ) : null}
      <ErrorSummary errors={props.errors} message={props.message} />
      {props.check ? <CheckResult result={props.check} /> : null}
      <div class="card">
        <ConnectionForm
          csrf={props.csrf as string}
          type={props.type}
          values={props.values}
          errors={props.errors}
          isNew
          action={`/admin/connections/new?type=${props.type}`}
        />
      </div>
    </AdminLayout>
  )
}

export function ConnectionPage(
  props: AdminFrame & {
    connection: PublicConnection
    copy: CopyItem[]
    usedBy: string[]
    saml?: SamlMetadataSummary
    values: FormValues
    errors: Errors
    message?: string
    check?: OidcCheckResult
    /** Upstream connections: the SCIM tokens, and a new one to show once. */
    scim?: { tenantUrl: string; tokens: PublicScimToken[]; newToken?: string }
  },
) {
  const c = props.connection
  return (
    <AdminLayout {...props} title={c.name} section="connections">
      <p class="muted">
        {typeName[c.type]} · id <code>{c.id}</code> · used by{' '}
        {props.usedBy.length
          ? props.usedBy.map((a) => <a href={`/admin/apps/${a}`}>{a} </a>)
          : 'no app'}
      </p>
      <ErrorSummary errors={props.errors} message={props.message} />
      {props.check ? <CheckResult result={props.check} /> : null}
      {props.copy.length > 0 ? (
        <div class="card">
          <h2>Copy these into the IdP</h2>
          {props.copy.map((item) => (
            <CopyValue label={item.label} value={item.value} />
          ))}
        </div>
      ) : null}
      {props.saml ? <SamlSummary summary={props.saml} /> : null}
      {props.scim ? (
        <ScimTokenCard
          connection={c.id}
          {...props.scim}
          csrf={props.csrf as string}
          errors={props.errors}
        />
      ) : null}
      <div class="card">
        <h2>Settings</h2>
        <ConnectionForm
          csrf={props.csrf as string}
          type={c.type as ConnectionType}
          values={props.values}
          errors={props.errors}
          isNew={false}
          action={`/admin/connections/${c.id}`}
        />
      </div>
      <div class="card">
        <h2>Delete</h2>
        {props.usedBy.length ? (
          <p>Remove this connection from {props.usedBy.join(', ')} before deleting it.</p>
        ) : (
          <DeleteForm
            action={`/admin/connections/${c.id}/delete`}
            csrf={props.csrf as string}
            what={`the connection ${c.id}`}
          />
        )}
      </div>
    </AdminLayout>
  )
}
