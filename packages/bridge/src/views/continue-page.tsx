/**
 * Leaves the bridge for the site after a form post (the login form, a SAML response): a redirect
 * there would be blocked, because CSP `form-action` also covers where a form's response redirects.
 */
import { raw } from 'hono/html'
import { Layout } from './layout.js'

export function ContinuePage(props: { nonce: string; href: string }) {
  return (
    <Layout title="Signing you in…" nonce={props.nonce}>
      <p>Taking you back…</p>
      <p>
        <a class="button" href={props.href}>
          Continue
        </a>
      </p>
      {/* JSON with `<` escaped cannot close the script element; raw() keeps its quotes intact. */}
      <script nonce={props.nonce}>
        {raw(`location.replace(${JSON.stringify(props.href).replace(/</g, '\\u003c')})`)}
      </script>
    </Layout>
  )
}
