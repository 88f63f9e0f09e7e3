import type { Passkey } from '../mfa/passkeys.js'
import { passkeyMethod } from '../mfa/webauthn.js'
import { Layout } from './layout.js'
import { PasskeyForm, PasskeyScript } from './passkey-forms.js'

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)

const kind = (p: Passkey) =>
  passkeyMethod(p) === 'hwk' ? 'Kept on one device or security key' : 'Synced passkey'

export interface PasskeyAccountProps {
  nonce: string
  email: string
  csrf: string
  passkeys: Passkey[]
  /** WebAuthn creation options for "Add a passkey"; absent when the user has the maximum. */
  register?: object
  notice?: string
  error?: string
  /** Recovery codes made with the user's first factor, shown once. */
  codes?: string[]
}

export function PasskeyAccountPage(props: PasskeyAccountProps) {
  return (
    <Layout title="Your passkeys" nonce={props.nonce}>
      <h1>Your passkeys</h1>
      <p class="muted">Signed in as {props.email}</p>
      {props.notice ? <p role="status">{props.notice}</p> : null}
      {props.error ? (
        <p class="error" role="alert">
          {props.error}
        </p>
      ) : null}
      {props.codes ? (
        <>
          <p>
            Keep these recovery codes somewhere safe: each signs you in once if you lose your
            passkeys. They are shown only now.
          </p>
          <ul class="codes" aria-label="Recovery codes">
            {props.codes.map((code) => (
              <li>
                <code>{code}</code>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {props.passkeys.length === 0 ? <p>You have no passkeys yet.</p> : null}
      <ul class="passkeys" aria-label="Passkeys">
        {props.passkeys.map((p) => (
          <li>
            <strong>{p.name}</strong>
            <br />
            <span class="muted">
              {kind(p)} · added {day(p.createdAt)}
              {p.lastUsedAt ? ` · last used ${day(p.lastUsedAt)}` : ' · never used'}
            </span>
            <form method="post" action="/account/passkeys/rename">
              <input type="hidden" name="csrf" value={props.csrf} />
              <input type="hidden" name="id" value={p.id} />
              <input
                name="name"
                value={p.name}
                maxlength={64}
                aria-label={`New name for ${p.name}`}
              />
              <button class="link" type="submit">
                Rename
              </button>
            </form>
            <form method="post" action="/account/passkeys/remove">
              <input type="hidden" name="csrf" value={props.csrf} />
              <input type="hidden" name="id" value={p.id} />
              <button class="link" type="submit" aria-label={`Remove ${p.name}`}>
                Remove
              </button>
            </form>
          </li>
        ))}
      </ul>
      {props.register ? (
        <PasskeyForm
          action="/account/passkeys"
          mode="create"
          options={props.register}
          hidden={{ csrf: props.csrf }}
          label="Add a passkey"
          withName
          primary
        />
      ) : (
        <p class="muted">You have the most passkeys one account can have.</p>
      )}
      <PasskeyScript nonce={props.nonce} />
    </Layout>
  )
}
