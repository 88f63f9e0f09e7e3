/**
 * Users in the console: list and search, add to a local store, see and end sessions, disable,
 * delete, reset password.
 */
import type { AdminSession } from '../../admin/user-sessions.js'
import type { LinkedIdentity } from '../../admin/users.js'
import { deviceSummary } from '../../domain/session-device.js'
import type { PublicConnection, PublicUser } from '../../domain/public-records.js'
import { AdminLayout, type AdminFrame } from './admin-layout.js'
import { DataTable } from './data-table.js'
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
import type { FormValues } from './connection-pages.js'

const str = (v: FormValues[string]) => (typeof v === 'string' ? v : undefined)

export function UserListPage(
  props: AdminFrame & {
    users: PublicUser[]
    connections: PublicConnection[]
    q?: string
    connection?: string
    next?: string
  },
) {
  const query = (cursor: string) =>
    `/admin/users?${new URLSearchParams({ ...(props.q ? { q: props.q } : {}), ...(props.connection ? { connection: props.connection } : {}), cursor })}`
  return (
    <AdminLayout {...props} title="Users" section="users">
      <div class="actions">
        <a class="button primary" href="/admin/users/new">
          Add user
        </a>
      </div>
      <form method="get" action="/admin/users" aria-label="Search users">
        <TextField name="q" label="Search" hint="Part of an email or name." value={props.q} />
        <Select
          name="connection"
          label="Connection"
          value={props.connection ?? ''}
          options={[['', 'All'], ...props.connections.map((c): [string, string] => [c.id, c.name])]}
        />
        <div class="actions">
          <button type="submit">Search</button>
        </div>
      </form>
      <h2>Users</h2>
      <DataTable
        label="Users"
        rows={props.users}
        empty="No users found."
        columns={['Email', 'Name', 'Connection', 'Verified', 'Status', 'Last sign-in']}
        row={(u) => (
          <tr>
            <td>
              <a href={`/admin/users/${u.id}`}>{u.email || u.id}</a>
            </td>
            <td>{u.name ?? ''}</td>
            <td>{u.connection}</td>
            <td>{u.emailVerified ? 'yes' : 'no'}</td>
            <td>{u.disabled ? <span class="badge">disabled</span> : 'active'}</td>
            <td>{when(u.lastLoginAt)}</td>
          </tr>
        )}
      />
      {props.next ? (
        <p>
          <a href={query(props.next)}>Next page</a>
        </p>
      ) : null}
    </AdminLayout>
  )
}

export function UserNewPage(
  props: AdminFrame & {
    values: FormValues
    errors: Errors
    message?: string
    connections: PublicConnection[]
  },
) {
  const v = props.values
  const local = props.connections.filter((c) => c.type === 'local')
  return (
    <AdminLayout {...props} title="Add user" section="users">
      <ErrorSummary errors={props.errors} message={props.message} />
      <div class="card">
        {local.length === 0 ? (
          <p>
            Users are added to a local user store;{' '}
            <a href="/admin/connections/new?type=local">add one</a> first.
          </p>
        ) : (
          <PostForm action="/admin/users/new" csrf={props.csrf as string} label="New user">
            <TextField
              name="email"
              label="Email"
              type="email"
              value={str(v.email)}
              errors={props.errors}
              required
            />
            <TextField name="name" label="Name" value={str(v.name)} errors={props.errors} />
            <Select
              name="connection"
              label="User store"
              value={str(v.connection)}
              errors={props.errors}
              options={local.map((c): [string, string] => [c.id, c.name])}
            />
            <TextField
              name="password"
              label="Password"
              hint="Leave empty to have one generated (shown once)."
              type="password"
              autocomplete="new-password"
              errors={props.errors}
            />
            <Checkbox
              name="emailVerified"
              label="The email address is verified"
              checked={v.emailVerified === true}
            />
            <div class="actions">
              <button type="submit" class="primary">
                Add user
              </button>
            </div>
          </PostForm>
        )}
      </div>
    </AdminLayout>
  )
}

export function UserPage(
  props: AdminFrame & {
    user: PublicUser & { identities: LinkedIdentity[]; passkeys: number }
    /** The user's live sessions, most recently used first. */
    sessions: AdminSession[]
    isLocal: boolean
    /** An SMTP server is configured: the member emails can be sent. */
    emailConfigured: boolean
    password?: string
    errors: Errors
    message?: string
  },
) {
  const u = props.user
  const csrf = props.csrf as string
  return (
    <AdminLayout {...props} title={u.email || u.id} section="users">
      {props.password ? <ShownOnce label="password" value={props.password} /> : null}
      <ErrorSummary errors={props.errors} message={props.message} />
      <div class="card">
        <dl>
          <dt>Id</dt>
          <dd>
            <code>{u.id}</code>
          </dd>
          <dt>Name</dt>
          <dd>{u.name ?? '—'}</dd>
          <dt>Connection</dt>
          <dd>{u.connection}</dd>
          <dt>Email verified</dt>
          <dd>{u.emailVerified ? 'yes' : 'no'}</dd>
          <dt>Status</dt>
          <dd>{u.disabled ? 'disabled' : 'active'}</dd>
          <dt>Second factor</dt>
          <dd>
            {[
              u.mfaEnrolled ? 'authenticator app' : '',
              u.passkeys ? `${u.passkeys} passkey(s)` : '',
            ]
              .filter(Boolean)
              .join(', ') || 'none'}
          </dd>
          <dt>Created</dt>
          <dd>{when(u.createdAt)}</dd>
          <dt>Last sign-in</dt>
          <dd>{when(u.lastLoginAt)}</dd>
        </dl>
      </div>
      <h2>Linked identities</h2>
      {u.identities.length === 0 ? (
        <p class="muted">None: this user signs in with the bridge's own password.</p>
      ) : (
        <div class="table" role="region" aria-label="Linked identities" tabindex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Connection</th>
                <th scope="col">Subject at the IdP</th>
              </tr>
            </thead>
            <tbody>
              {u.identities.map((i) => (
                <tr>
                  <td>{i.connection}</td>
                  <td>
                    <code>{i.subject}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <SessionsCard user={u} sessions={props.sessions} csrf={csrf} />
      <div class="card">
        <h2>{u.disabled ? 'Enable' : 'Disable'}</h2>
        <p class="muted">
          {u.disabled
            ? 'The user can sign in again.'
            : 'The user cannot sign in, on every instance at once, and every session ends: the sites they signed into are told by back-channel logout.'}
        </p>
        <PostForm
          action={`/admin/users/${u.id}/${u.disabled ? 'enable' : 'disable'}`}
          csrf={csrf}
          label={u.disabled ? 'Enable user' : 'Disable user'}
        >
          <button type="submit" class={u.disabled ? undefined : 'danger'}>
            {u.disabled ? 'Enable user' : 'Disable user'}
          </button>
        </PostForm>
      </div>
      {u.mfaEnrolled || u.passkeys > 0 ? (
        <div class="card">
          <h2>Reset second factors</h2>
          <p class="muted">
            Removes the authenticator app, recovery codes and passkeys, for a user who lost them.
            Where a second factor is required, the next sign-in enrols a new one.
          </p>
          <PostForm
            action={`/admin/users/${u.id}/mfa/reset`}
            csrf={csrf}
            label="Reset second factors"
          >
            <button type="submit" class="danger">
              Reset second factors
            </button>
          </PostForm>
        </div>
      ) : null}
      {props.isLocal && !u.disabled ? (
        <MemberEmailsCard user={u} csrf={csrf} emailConfigured={props.emailConfigured} />
      ) : null}
      {props.isLocal ? (
        <div class="card">
          <h2>Reset password</h2>
          <PostForm action={`/admin/users/${u.id}/password`} csrf={csrf} label="Reset password">
            <TextField
              name="password"
              label="New password"
              hint="Leave empty to have one generated (shown once)."
              type="password"
              autocomplete="new-password"
              errors={props.errors}
            />
            <div class="actions">
              <button type="submit">Set password</button>
            </div>
          </PostForm>
        </div>
      ) : null}
      <div class="card">
        <h2>Delete user</h2>
        <p class="muted">
          Every session ends, then the user, their linked identities, passkeys and second factors
          are removed. The apps hear of it (user.deleted); the audit log keeps its entries.
        </p>
        <DeleteForm action={`/admin/users/${u.id}/delete`} csrf={csrf} what="this user" />
      </div>
    </AdminLayout>
  )
}

/** Where the user is signed in, the apps each session signed into, and the end buttons. */
function SessionsCard(props: { user: PublicUser; sessions: AdminSession[]; csrf: string }) {
  const u = props.user
  return (
    <>
      <h2>Sessions</h2>
      {props.sessions.length === 0 ? (
        <p class="muted">No live session.</p>
      ) : (
        <>
          <DataTable
            label="Sessions"
            rows={props.sessions}
            empty="No live session."
            columns={['Device', 'Signed in', 'Last used', 'Apps', '']}
            row={(s) => (
              <tr>
                <td>{deviceSummary(s.device)}</td>
                <td>{when(s.createdAt)}</td>
                <td>{when(s.lastSeenAt)}</td>
                <td>{s.apps.length ? s.apps.map((a) => a.name).join(', ') : '—'}</td>
                <td>
                  {s.sid ? (
                    <PostForm
                      action={`/admin/users/${u.id}/sessions/end`}
                      csrf={props.csrf}
                      label={`End the session on ${deviceSummary(s.device)}`}
                    >
                      <input type="hidden" name="sid" value={s.sid} />
                      <button type="submit" class="danger">
                        End
                      </button>
                    </PostForm>
                  ) : null}
                </td>
              </tr>
            )}
          />
          <PostForm
            action={`/admin/users/${u.id}/sessions/end-all`}
            csrf={props.csrf}
            label="End every session"
          >
            <button type="submit" class="danger">
              End every session
            </button>
          </PostForm>
        </>
      )}
    </>
  )
}

/** The links a local member gets by email: a fresh verification, or a password reset. */
function MemberEmailsCard(props: { user: PublicUser; csrf: string; emailConfigured: boolean }) {
  const u = props.user
  return (
    <div class="card">
      <h2>Emails to the member</h2>
      <p class="muted">
        {u.emailVerified
          ? 'The address is verified.'
          : 'The address is not verified yet: the member follows the link in the verification email.'}{' '}
        Each email carries a fresh single-use link (verification: 24 hours, reset: 30 minutes).
      </p>
      {props.emailConfigured ? null : (
        <p class="muted">
          No SMTP server is configured, so the bridge sends no email (see docs/email.md).
        </p>
      )}
      <div class="actions">
        <PostForm
          action={`/admin/users/${u.id}/verification-email`}
          csrf={props.csrf}
          label="Resend verification email"
        >
          <button type="submit">Resend verification email</button>
        </PostForm>
        <PostForm
          action={`/admin/users/${u.id}/password-reset-email`}
          csrf={props.csrf}
          label="Send password reset email"
        >
          <button type="submit">Send password reset email</button>
        </PostForm>
      </div>
    </div>
  )
}
