import { Layout } from './layout.js'

export function ErrorPage(props: {
  nonce: string
  description: string
  code: string
  requestId: string
}) {
  return (
    <Layout title="Sign-in problem" nonce={props.nonce}>
      <h1>Sign-in problem</h1>
      <p>{props.description}</p>
      <p class="muted">
        Error <code>{props.code}</code> · reference <code>{props.requestId}</code>
      </p>
    </Layout>
  )
}
