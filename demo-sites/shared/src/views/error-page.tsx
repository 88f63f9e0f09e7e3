import { Layout } from './layout.js'

export function ErrorPage(props: { title: string; heading: string; detail?: string }) {
  return (
    <Layout title={props.title}>
      <div class="card">
        <p class="error" role="alert">
          {props.heading}
        </p>
        {props.detail && <p>{props.detail}</p>}
        <p>
          <a href="/">Back to {props.title}</a>
        </p>
      </div>
    </Layout>
  )
}
