import { describe, expect, test } from 'vitest'
import { BridgeError } from '../errors.js'
import { LOCALES, type Locale } from '../i18n/locales.js'
import { defaultTemplates } from './default-templates.js'
import { duration, emailLanguage, renderEmail } from './templates.js'
import { EMAIL_TEMPLATES } from './types.js'

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

describe('email templates in every language', () => {
  const spaced = (text: string) => text.replace(/\u00a0|\u202f/g, ' ')
  const data = { appName: 'Shop', code: '123456', link }
  const ways = {
    both: data,
    codeOnly: { appName: 'Shop', code: '123456' },
    linkOnly: { appName: 'Shop', link },
  }

  for (const locale of LOCALES) {
    test(`${locale}: each template renders with its data, nothing left unfilled`, () => {
      for (const template of EMAIL_TEMPLATES) {
        const mail = renderEmail(template, data, {}, locale)
        for (const part of [mail.subject, mail.text, mail.html]) {
          expect(part, `${locale} ${template}`).not.toContain('{{')
          expect(part, `${locale} ${template}`).toContain('Shop')
        }
        expect(mail.text, `${locale} ${template}`).toContain(link)
        expect(mail.html).toContain(`<html lang="${locale}">`)
        expect(mail.html).toContain('href="https://sso.example.com/verify?t=abc&amp;x=1"')
        // The other languages have their own words: none of them is the English template.
        if (locale !== 'en')
          expect(mail.text, `${locale} ${template}`).not.toBe(renderEmail(template, data).text)
      }
    })

    test(`${locale}: a sign-in email keeps only the sections its data has`, () => {
      const codeOnly = renderEmail('login-code', ways.codeOnly, {}, locale)
      expect(codeOnly.subject).toContain('123456')
      expect(codeOnly.text).toContain('123456')
      expect(codeOnly.text).not.toContain('http')
      expect(codeOnly.html).not.toContain('href')
      const linkOnly = renderEmail('login-code', ways.linkOnly, {}, locale)
      expect(linkOnly.subject).toContain('Shop')
      expect(linkOnly.subject).not.toContain('{{')
      expect(linkOnly.text).toContain(link)
      expect(linkOnly.html).not.toContain('letter-spacing')
      const both = renderEmail('login-code', ways.both, {}, locale)
      expect(both.text).toContain('123456')
      expect(both.text).toContain(link)
      for (const mail of [codeOnly, linkOnly, both])
        expect(mail.text + mail.subject + mail.html).not.toMatch(/\{\{|\}\}/)
    })
  }

  test('every language has the placeholders and sections of the English templates', () => {
    const tags = (text: string) => [...text.matchAll(/\{\{[#^/]?\w+\}\}/g)].map((m) => m[0]).sort()
    for (const locale of LOCALES)
      for (const template of EMAIL_TEMPLATES)
        for (const field of ['subject', 'text', 'html'] as const)
          expect(
            tags(defaultTemplates[locale][template][field]),
            `${locale} ${template} ${field}`,
          ).toEqual(tags(defaultTemplates.en[template][field]))
  })

  test('the lifetime is said in the email’s language', () => {
    const login = (locale: Locale) => renderEmail('login-code', ways.codeOnly, {}, locale).text
    const verify = (locale: Locale) => renderEmail('verify-email', { link }, {}, locale).text
    expect(login('de')).toContain('10 Minuten')
    expect(verify('de')).toContain('1 Tag lang gültig')
    // Intl may join a number and its unit with a no-break space (French does, for some units).
    expect(spaced(login('fr'))).toContain('10 minutes')
    expect(spaced(verify('fr'))).toContain('1 jour')
    expect(login('es')).toContain('10 minutos')
    expect(verify('es')).toContain('1 día')
    expect(login('ja')).toContain('10 分')
    expect(verify('ja')).toContain('1 日')
    expect(duration(30, 'de')).toBe('30 Minuten')
    expect(spaced(duration(120, 'fr'))).toBe('2 heures')
    expect(duration(2 * 24 * 60, 'es')).toBe('2 días')
    expect(duration(1)).toBe('1 minute')
  })

  test('the pseudo-locale and an unset one write English; overrides apply in every language', () => {
    expect(renderEmail('login-code', data, {}, 'en-XA')).toEqual(renderEmail('login-code', data))
    expect(emailLanguage(undefined)).toBe('en')
    expect(emailLanguage('en-XA')).toBe('en')
    expect(emailLanguage('ja')).toBe('ja')
    const overrides = { 'verify-email': { subject: 'Welcome to {{appName}}' } }
    const mail = renderEmail('verify-email', { appName: 'Shop', link }, overrides, 'fr')
    expect(mail.subject).toBe('Welcome to Shop')
    expect(spaced(mail.text)).toContain('Ce lien expire dans 1 jour.')
  })

  test('without an app name or a link the account is named in the language', () => {
    expect(renderEmail('login-code', { code: '123456' }, {}, 'de').subject).toBe(
      'Ihr Anmeldecode für Ihr Konto: 123456',
    )
    expect(renderEmail('login-code', { code: '123456' }).subject).toBe(
      'Your sign-in code for your account: 123456',
    )
  })

  test('data is escaped and refused the same way in every language', () => {
    const appName = '<script>x</script>'
    for (const locale of LOCALES) {
      expect(renderEmail('verify-email', { appName, link }, {}, locale).html).not.toContain(
        '<script>',
      )
      expect(refusal(() => renderEmail('login-code', { appName: 'Shop' }, {}, locale))).toBe(
        'invalid_request/parameter_missing',
      )
    }
  })
})
