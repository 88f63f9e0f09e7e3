import { Layout } from './layout.js'
import type { Page } from './page.js'

export function ErrorPage(props: {
  page: Page
  description: string
  code: string
  requestId: string
}) {
  const { t } = props.page
  // The code and reference stay as they are in every language: they are what support greps for.
  const [before, between, after] = t('error.reference', { code: '{{}}', reference: '{{}}' }).split(
    '{{}}',
  )
  return (
    <Layout title={t('error.title')} page={props.page}>
      <h1>{t('error.title')}</h1>
      <p>{props.description}</p>
      <p class="muted">
        {before}
        <code>{props.code}</code>
        {between}
        <code>{props.requestId}</code>
        {after}
      </p>
    </Layout>
  )
}
