/**
 * "Check against <platform>": the form (the key the admin pasted into the platform, its clock's
 * offset, the user to sign in) and, once run, each rule the platform enforces with pass or fail
 * and what to change.
 */
import type { ContractReport } from '../../admin/platform-check.js'
import type { FieldIssue } from '../../admin/input.js'
import { AdminLayout, type AdminFrame } from './admin-layout.js'
import { PostForm, TextField } from './admin-fields.js'
import { DataTable } from './data-table.js'

export interface CheckFormValues {
  user?: string
  clockOffsetSeconds?: string
}

function Decoded(props: { report: ContractReport }) {
  const { decoded } = props.report
  const shown =
    decoded.format === 'jwt'
      ? { header: decoded.header, claims: decoded.claims }
      : decoded.format === 'discourse-connect'
        ? decoded.fields
        : (decoded.payload ?? {})
  return <pre>{JSON.stringify(shown, null, 2)}</pre>
}

export function PlatformCheckPage(
  props: AdminFrame & {
    app: { id: string; name: string }
    label: string
    values?: CheckFormValues
    errors?: FieldIssue[]
    message?: string
    report?: ContractReport
  },
) {
  const { app, label, report } = props
  return (
    <AdminLayout {...props} title={`${app.name}: check against ${label}`} section="apps">
      <p class="muted">
        <a href={`/admin/apps/${app.id}`}>Back to {app.name}</a> · a sign-in of a real user, then
        what {label} would receive run through the rules {label} checks. Nothing is sent to {label}.
      </p>
      {props.message ? <p role="alert">{props.message}</p> : null}
      <PostForm action={`/admin/apps/${app.id}/check`} csrf={props.csrf ?? ''} label="Check">
        <TextField
          name="user"
          label="User (email)"
          hint="Default: the first user of the app's local connection."
          value={props.values?.user}
          errors={props.errors}
        />
        <TextField
          name="platformKey"
          type="password"
          label={`The key you pasted into ${label}`}
          hint="Leave empty to check with the key the bridge holds."
          errors={props.errors}
        />
        <TextField
          name="clockOffsetSeconds"
          label={`How far ${label}'s clock is ahead of the bridge's (seconds, negative when behind)`}
          value={props.values?.clockOffsetSeconds}
          inputmode="numeric"
          errors={props.errors}
        />
        <button type="submit">Check against {label}</button>
      </PostForm>
      {report ? (
        <>
          <h2>
            {report.failed === 0
              ? `${label} would accept it: ${report.passed} rules pass`
              : `${label} would refuse it: ${report.failed} of ${report.passed + report.failed} rules fail`}
          </h2>
          <p class="muted">
            Signed in as {report.user}; {report.delivery.method} <code>{report.delivery.url}</code>;{' '}
            {label}'s clock {report.clock.platform} (the bridge's {report.clock.bridge}).
          </p>
          <DataTable
            label="Rules"
            rows={report.results}
            empty="No rules."
            columns={['Rule', 'Result', 'Detail', 'What to change']}
            row={(r) => (
              <tr>
                <td>
                  <code>{r.rule}</code>
                </td>
                <td>{r.pass ? 'PASS' : 'FAIL'}</td>
                <td>{r.detail}</td>
                <td>{r.fix ?? ''}</td>
              </tr>
            )}
          />
          <h2>What {label} would receive</h2>
          <Decoded report={report} />
        </>
      ) : null}
    </AdminLayout>
  )
}
