import { describe, expect, test } from 'vitest'
import { BridgeError } from '../errors.js'
import { renderEmail } from './templates.js'

const link = 'https://sso.example.com/verify?t=abc&x=1'

function refusal(run: () => unknown): string | undefined {
  try {
    run()
  } catch (error) {
    if (error instanceof BridgeError) return `${error.code}/${error.reason}`
    throw error
  }
  return undefined
}

describe('email templates', () => {
  test('each template has an HTML and a text body with its data', () => {
    const mail = renderEmail('login-code', { appName: 'Shop', code: '123456', link })
    expect(mail.subject).toBe('Your sign-in code for Shop: 123456')
    expect(mail.text).toContain('123456')
    expect(mail.text).toContain(link)
    expect(mail.text).toContain('10 minutes')
    expect(mail.html).toContain('href="https://sso.example.com/verify?t=abc&amp;x=1"')
    for (const t of ['verify-email', 'reset-password', 'account-exists'] as const) {
      const other = renderEmail(t, { link })
      expect(other.html).toMatch(/^<!doctype html>/)
      expect(other.text).toContain(link)
      expect(other.subject).toContain('sso.example.com')
    }
    expect(renderEmail('verify-email', { link }).text).toContain('1 day')
  })

  test('data is escaped in HTML, in the bridge templates and in overrides alike', () => {
    const appName = '<script>alert("x")</script> & Co'
    const mail = renderEmail(
      'verify-email',
      { appName, link },
      { 'verify-email': { html: '<p>{{appName}}</p><a href="{{link}}">go</a>' } },
    )
    expect(mail.html).not.toContain('<script>')
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co')
    expect(renderEmail('verify-email', { appName, link }).html).not.toContain('<script>')
    expect(mail.text).toContain(appName)
  })

  test('overrides replace the fields they give and keep the rest', () => {
    const mail = renderEmail(
      'reset-password',
      { appName: 'Shop', link },
      { 'reset-password': { subject: 'New password for {{appName}}', text: 'Go: {{link}}' } },
    )
    expect(mail.subject).toBe('New password for Shop')
    expect(mail.text).toBe(`Go: ${link}`)
    expect(mail.html).toContain('Choose a new password')
  })

  test('CR or LF in anything that reaches a header is refused', () => {
    expect(
      refusal(() => renderEmail('verify-email', { appName: 'Shop\r\nBcc: x@evil', link })),
    ).toBe('invalid_request/header_line_break')
    expect(
      refusal(() => renderEmail('verify-email', { link }, { 'verify-email': { subject: 'a\nb' } })),
    ).toBe('invalid_request/header_line_break')
  })

  test('a sign-in email carries the code, the link or both, as the passwordless mode says', () => {
    const codeOnly = renderEmail('login-code', { appName: 'Shop', code: '123456' })
    expect(codeOnly.subject).toBe('Your sign-in code for Shop: 123456')
    expect(codeOnly.text).toContain('123456')
    expect(codeOnly.text).not.toMatch(/link|http/)
    expect(codeOnly.html).not.toContain('href')
    const linkOnly = renderEmail('login-code', { appName: 'Shop', link })
    expect(linkOnly.subject).toBe('Sign in to Shop')
    expect(linkOnly.text).toContain(link)
    expect(linkOnly.text).not.toMatch(/code to sign in/)
    const both = renderEmail('login-code', { appName: 'Shop', code: '123456', link })
    expect(both.text).toContain('123456')
    expect(both.html).toMatch(/href="https:\/\/sso\.example\.com\//)
    expect(both.text).not.toContain('{{')
  })

  test('missing or unsafe data is refused', () => {
    expect(refusal(() => renderEmail('login-code', { appName: 'Shop' }))).toBe(
      'invalid_request/parameter_missing',
    )
    expect(refusal(() => renderEmail('login-code', { link, code: '12345' }))).toBe(
      'invalid_request/parameter_invalid',
    )
    expect(refusal(() => renderEmail('verify-email', { link: 'javascript:alert(1)' }))).toBe(
      'invalid_request/parameter_invalid',
    )
  })
})
