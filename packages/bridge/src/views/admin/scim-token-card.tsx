/** The SCIM provisioning card of an upstream connection's page: its tokens, create, revoke. */
import type { PublicScimToken } from '../../domain/scim/scim-tokens.js'
import { DataTable } from './data-table.js'
import { RevokeCell } from './revoke-cell.js'
import { CopyValue, PostForm, ShownOnce, TextField, when, type Errors } from './admin-fields.js'

export function ScimTokenCard(props: {
  connection: string
  tenantUrl: string
  tokens: PublicScimToken[]
  newToken?: string
  csrf: string
  errors: Errors
}) {
  const base = `/admin/connections/${props.connection}/scim-tokens`
  return (
    <div class="card">
      <h2>SCIM provisioning</h2>
      <p class="small">
        Entra ID or Okta create, update and deactivate this connection's users and groups here. Give
        the directory the tenant URL and a token (docs/scim.md).
      </p>
      <CopyValue label="Tenant URL (SCIM base URL)" value={props.tenantUrl} />
      {props.newToken ? (
        <ShownOnce label="SCIM token" value={props.newToken}>
          <p class="small">
            Paste it as the directory's secret token (Entra ID) or API token (Okta); it reaches this
            connection's users only.
          </p>
        </ShownOnce>
      ) : null}
      <DataTable
        label="SCIM tokens"
        rows={props.tokens}
        empty="No SCIM tokens."
        columns={['Name', 'Id', 'Created', 'Last used', 'Status']}
        row={(t) => (
          <tr>
            <td>{t.name}</td>
            <td>
              <code>{t.id}</code>
            </td>
            <td>{when(t.createdAt)}</td>
            <td>{when(t.lastUsedAt)}</td>
            <RevokeCell
              revokedAt={t.revokedAt}
              action={`${base}/${t.id}/revoke`}
              csrf={props.csrf}
              name={t.name}
            />
          </tr>
        )}
      />
      <PostForm action={base} csrf={props.csrf} label="Create a SCIM token">
        <TextField
          name="name"
          label="Name"
          hint="Which directory uses it, e.g. Entra ID. Create a second one to rotate."
          errors={props.errors}
          required
        />
        <div class="actions">
          <button type="submit">Create a SCIM token</button>
        </div>
      </PostForm>
    </div>
  )
}
