/**
 * The account link prompt: the identity the visitor just signed in with has the email of an
 * existing account. It names neither that account's connection nor anything the visitor did not
 * bring: only their own email and the way they just signed in. A plain form, no script.
 */
import { Layout } from './layout.js'
import type { Page } from './page.js'

export interface LinkPromptProps {
  page: Page
  tx: string
  csrf: string
  /** The display name of the connection the visitor just signed in through. */
  connectionName: string
  email: string
}

export function LinkPromptPage(props: LinkPromptProps) {
  const { t } = props.page
  const vars = { connection: props.connectionName, email: props.email }
  return (
    <Layout title={t('link.title')} page={props.page}>
      <h1>{t('link.heading')}</h1>
      <p>{t('link.text', vars)}</p>
      <p class="muted">{t('link.separateText')}</p>
      <form method="post" action="/login/account-link">
        <input type="hidden" name="tx" value={props.tx} />
        <input type="hidden" name="csrf" value={props.csrf} />
        <button class="primary" type="submit" name="choice" value="link">
          {t('link.signIn')}
        </button>
        <button class="secondary" type="submit" name="choice" value="separate">
          {t('link.separate')}
        </button>
        <button class="link" type="submit" name="choice" value="cancel">
          {t('login.cancel')}
        </button>
      </form>
    </Layout>
  )
}
