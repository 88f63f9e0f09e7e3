/** The pieces every page with a passkey button shares: the form and its script. */
import { raw } from 'hono/html'
import type { Page } from './page.js'
import { passkeyScript } from './passkey-script.js'

const css = `.secondary{width:100%;margin-top:12px;background:none;color:inherit;border-color:var(--line);font-weight:600}
.secondary:hover{border-color:var(--accent)}.passkeys{list-style:none;padding:0}.passkeys li{border-top:1px solid var(--line);padding:12px 0}
.passkeys form{display:inline}.passkeys input{width:auto}`

/**
 * A form whose submit runs a WebAuthn ceremony first. Without script nothing is posted: the
 * script fills `credential` and submits.
 */
export function PasskeyForm(props: {
  page: Page
  action: string
  mode: 'create' | 'get'
  /** PublicKeyCredentialCreationOptionsJSON or PublicKeyCredentialRequestOptionsJSON. */
  options: object
  hidden: Record<string, string>
  label: string
  /** Ask for a name for the new passkey. */
  withName?: boolean
  primary?: boolean
}) {
  const { t } = props.page
  return (
    <form
      method="post"
      action={props.action}
      data-passkey={props.mode}
      data-passkey-options={JSON.stringify(props.options)}
      data-passkey-messages={JSON.stringify({
        unsupported: t('passkey.unsupported'),
        follow: t('passkey.follow'),
        duplicate: t('passkey.duplicate'),
        notUsed: t('passkey.notUsed'),
      })}
    >
      {Object.entries(props.hidden).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <input type="hidden" name="credential" value="" />
      {props.withName ? (
        <>
          <label for="passkey-name">{t('passkey.name')}</label>
          <input
            id="passkey-name"
            name="name"
            maxlength={64}
            autocomplete="off"
            placeholder={t('passkey.namePlaceholder')}
          />
        </>
      ) : null}
      <button class={props.primary ? 'primary' : 'secondary'} type="submit">
        {props.label}
      </button>
      <p class="muted" data-passkey-status role="status"></p>
    </form>
  )
}

/** Once per page, after the forms. */
export function PasskeyScript(props: { page: Page }) {
  return (
    <>
      <style nonce={props.page.nonce}>{css}</style>
      <script nonce={props.page.nonce}>{raw(passkeyScript)}</script>
    </>
  )
}
