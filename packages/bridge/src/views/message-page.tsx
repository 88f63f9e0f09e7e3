import { Layout } from './layout.js'
import type { Page } from './page.js'

export function MessagePage(props: { page: Page; title: string; text: string }) {
  return (
    <Layout title={props.title} page={props.page}>
      <h1>{props.title}</h1>
      <p>{props.text}</p>
    </Layout>
  )
}
