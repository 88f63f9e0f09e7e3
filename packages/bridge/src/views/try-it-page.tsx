/** What an app would receive, decoded, each claim explained: the console's "Try it" result. */
import { Layout } from './layout.js'
import type { Page } from './page.js'

const explain: Record<string, string> = {
  iss: 'Issuer: the bridge’s public URL. Check it equals yours.',
  aud: 'Audience: the app id. Check it equals your app’s.',
  sub: 'Subject: the stable user id. Key your users on it, not on the email.',
  iat: 'Issued at (seconds since 1970).',
  exp: 'Expires at: refuse the token after this.',
  jti: 'Token id: accept each one once.',
  nonce: 'The site’s state: check it equals the one in your cookie.',
  auth_time: 'When the user actually authenticated.',
  amr: 'How: pwd, otp, hwk/swk (passkeys), mfa, or the upstream IdP’s own.',
  email: 'Email address.',
  email_verified: 'Whether the email was verified.',
  name: 'Full name.',
  given_name: 'Given name.',
  family_name: 'Family name.',
  idp: 'The connection the user signed in with.',
}

export function TryItPage(props: {
  page: Page
  appName: string
  header: Record<string, unknown>
  claims: Record<string, unknown>
}) {
  return (
    <Layout title={`Try it: ${props.appName}`} page={props.page}>
      <h1>What {props.appName} would receive</h1>
      <p class="muted">
        A real sign-in, minted as for the app; it was not sent anywhere. Header:{' '}
        <code>{JSON.stringify(props.header)}</code>
      </p>
      <table aria-label="Claims">
        <tbody>
          {Object.entries(props.claims).map(([name, value]) => (
            <tr>
              <th scope="row">
                <code>{name}</code>
              </th>
              <td>
                <code>{JSON.stringify(value)}</code>
                <br />
                <span class="muted">{explain[name] ?? 'From the app’s claim mapping.'}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <a href="/admin/apps">Back to the console</a>
      </p>
    </Layout>
  )
}
