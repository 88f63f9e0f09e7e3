/** What every form of a sign-in step shares: its props, hidden fields and error line. */
import type { Page } from './page.js'

export interface SignInFormProps {
  page: Page
  appName: string
  tx: string
  csrf: string
  error?: string
}

/** The sign-in it belongs to and the CSRF token of its browser. */
export function Hidden(props: { tx: string; csrf: string }) {
  return (
    <>
      <input type="hidden" name="tx" value={props.tx} />
      <input type="hidden" name="csrf" value={props.csrf} />
    </>
  )
}

/** Announced to screen readers; fields with the error point at it (`aria-describedby`). */
export function ErrorLine(props: { error?: string }) {
  return props.error ? (
    <p class="error" id="form-error" role="alert">
      {props.error}
    </p>
  ) : null
}
