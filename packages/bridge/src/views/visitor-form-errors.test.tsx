/**
 * Issue 17: a form shown again with its error announces it (role="alert", id="form-error"),
 * links its fields to it (aria-describedby) and puts the focus on the field to fill in again.
 */
import { describe, expect, it } from 'vitest'
import { createTranslations } from '../i18n/translations.js'
import { LoginPage } from './login-page.js'
import { SignUpPage } from './member-pages.js'
import { ChallengePage } from './mfa-pages.js'
import type { Page } from './page.js'
import { PasskeyAccountPage } from './passkey-account-page.js'

const page: Page = {
  nonce: 'n',
  locale: 'en',
  dir: 'ltr',
  t: createTranslations().translator('en'),
}
const tx = { page, appName: 'Shop', tx: 't', csrf: 'c' }

// No DOM in this test environment: a tiny reader over the rendered tag of one element.
const tagOf = (markup: string, id: string) => {
  const tag = new RegExp(`<[a-z]+[^>]*\\bid="${id}"[^>]*>`).exec(markup)?.[0]
  if (!tag) throw new Error(`no element #${id} in ${markup}`)
  return tag
}

describe('a form shown again with its error', () => {
  const login = (props: { email?: string; error?: string }) =>
    String(
      <LoginPage
        {...tx}
        upstream={[]}
        hasPassword
        routesByEmail={false}
        members={{ emailCode: true, signup: '/signup', forgot: '/forgot' }}
        {...props}
      />,
    )

  it('login: the error is an alert with an id, both fields point at it, the password has focus', () => {
    const markup = login({ email: 'a@example.com', error: 'Wrong email or password.' })
    expect(tagOf(markup, 'form-error')).toContain('role="alert"')
    expect(tagOf(markup, 'email')).toContain('aria-describedby="form-error"')
    expect(tagOf(markup, 'password')).toContain('aria-describedby="form-error"')
    expect(tagOf(markup, 'password')).toContain('autofocus')
    expect(tagOf(markup, 'email')).not.toContain('autofocus')
  })

  it('login without an address: the focus is on the email field', () => {
    const markup = login({ error: 'Enter your email address.' })
    expect(tagOf(markup, 'email')).toContain('autofocus')
    expect(tagOf(markup, 'password')).not.toContain('autofocus')
  })

  it('login without an error: no description, no alert', () => {
    const markup = login({})
    expect(markup).not.toContain('form-error')
    expect(markup).not.toContain('role="alert"')
  })

  it('sign-up: every field points at the error; the password (never sent back) has focus', () => {
    const markup = String(
      <SignUpPage {...tx} email="a@example.com" error="Too short." passwordOptional={false} />,
    )
    expect(tagOf(markup, 'email')).toContain('aria-describedby="form-error"')
    expect(tagOf(markup, 'name')).toContain('aria-describedby="form-error"')
    expect(tagOf(markup, 'password')).toContain('aria-describedby="form-error password-rule"')
    expect(tagOf(markup, 'password')).toContain('autofocus')
    expect(tagOf(markup, 'email')).not.toContain('autofocus')
  })

  it('sign-up afresh: the email field has focus, the password only its rule', () => {
    const markup = String(<SignUpPage {...tx} passwordOptional={false} />)
    expect(tagOf(markup, 'email')).toContain('autofocus')
    expect(tagOf(markup, 'password')).toContain('aria-describedby="password-rule"')
    expect(tagOf(markup, 'password')).not.toContain('autofocus')
  })

  it('two-step: the recovery code field points at the error too', () => {
    const markup = String(<ChallengePage {...tx} error="That code is not right." />)
    expect(tagOf(markup, 'recovery_code')).toContain('aria-describedby="form-error"')
    expect(tagOf(markup, 'code')).toContain('aria-describedby="form-error"')
  })

  it('the passkey account page: its error is the same alert with an id', () => {
    const markup = String(
      <PasskeyAccountPage page={page} email="a@example.com" csrf="c" passkeys={[]} error="No." />,
    )
    expect(tagOf(markup, 'form-error')).toContain('role="alert"')
  })
})
