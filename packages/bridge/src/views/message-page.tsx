import { Layout } from './layout.js'

export function MessagePage(props: { nonce: string; title: string; text: string }) {
  return (
    <Layout title={props.title} nonce={props.nonce}>
      <h1>{props.title}</h1>
      <p>{props.text}</p>
    </Layout>
  )
}
