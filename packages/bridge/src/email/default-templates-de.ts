/** The bridge's own wording of each email, in German (Sie form). */
import { button, CODE_BLOCK, type LanguageTemplates } from './template-parts.js'

const ignore = (what: string) =>
  `Falls Sie ${what} nicht angefordert haben, können Sie diese E-Mail ignorieren.`

// "{{expiresIn}} lang gültig": the duration stays in the nominative ("1 Tag", "30 Minuten") that
// Intl gives, where "in …" would need the dative ("in 2 Tagen").
export const de: LanguageTemplates = {
  'verify-email': {
    subject: 'Bestätigen Sie Ihre E-Mail-Adresse für {{appName}}',
    text: [
      'Bestätigen Sie Ihre E-Mail-Adresse, um die Erstellung Ihres Kontos für {{appName}} abzuschließen:',
      '',
      '{{link}}',
      '',
      'Dieser Link ist {{expiresIn}} lang gültig.',
      ignore('kein Konto'),
    ].join('\n'),
    html: [
      '<p>Bestätigen Sie Ihre E-Mail-Adresse, um die Erstellung Ihres Kontos für {{appName}} abzuschließen.</p>',
      button('E-Mail-Adresse bestätigen'),
      '<p>Oder öffnen Sie diesen Link: <a href="{{link}}">{{link}}</a></p>',
      `<p>Dieser Link ist {{expiresIn}} lang gültig. ${ignore('kein Konto')}</p>`,
    ].join('\n'),
  },
  'reset-password': {
    subject: 'Setzen Sie Ihr Passwort für {{appName}} zurück',
    text: [
      'Jemand hat angefordert, das Passwort Ihres Kontos für {{appName}} zurückzusetzen. Um ein neues zu wählen, öffnen Sie:',
      '',
      '{{link}}',
      '',
      'Dieser Link ist {{expiresIn}} lang gültig und funktioniert einmal.',
      `${ignore('kein neues Passwort')} Ihr Passwort bleibt unverändert.`,
    ].join('\n'),
    html: [
      '<p>Jemand hat angefordert, das Passwort Ihres Kontos für {{appName}} zurückzusetzen.</p>',
      button('Neues Passwort wählen'),
      '<p>Oder öffnen Sie diesen Link: <a href="{{link}}">{{link}}</a></p>',
      `<p>Dieser Link ist {{expiresIn}} lang gültig und funktioniert einmal. ${ignore('kein neues Passwort')} Ihr Passwort bleibt unverändert.</p>`,
    ].join('\n'),
  },
  'login-code': {
    subject:
      '{{#code}}Ihr Anmeldecode für {{appName}}: {{code}}{{/code}}{{^code}}Bei {{appName}} anmelden{{/code}}',
    text: [
      '{{#code}}Ihr Code für die Anmeldung bei {{appName}}:',
      '',
      '    {{code}}',
      '',
      '{{/code}}{{#link}}Melden Sie sich mit diesem Link bei {{appName}} an, in dem Browser, in dem Sie ihn angefordert haben:',
      '',
      '{{link}}',
      '',
      '{{/link}}Dies ist {{expiresIn}} lang gültig und funktioniert einmal.',
      ignore('keinen Code'),
    ].join('\n'),
    html: [
      '{{#code}}<p>Ihr Code für die Anmeldung bei {{appName}}:</p>',
      `${CODE_BLOCK}{{/code}}`,
      '{{#link}}<p>Melden Sie sich mit diesem Link bei {{appName}} an, in dem Browser, in dem Sie ihn angefordert haben:</p>',
      button('Anmelden'),
      '<p><a href="{{link}}">{{link}}</a></p>{{/link}}',
      `<p>Dies ist {{expiresIn}} lang gültig und funktioniert einmal. ${ignore('keinen Code')}</p>`,
    ].join('\n'),
  },
  'account-exists': {
    subject: 'Sie haben bereits ein Konto für {{appName}}',
    text: [
      'Jemand hat versucht, mit dieser E-Mail-Adresse ein Konto für {{appName}} zu erstellen. Für diese Adresse besteht bereits ein Konto.',
      '',
      'Falls Sie das waren, melden Sie sich an oder setzen Sie hier Ihr Passwort zurück:',
      '',
      '{{link}}',
      '',
      'Falls Sie das nicht waren, können Sie diese E-Mail ignorieren: Es wurde nichts geändert.',
    ].join('\n'),
    html: [
      '<p>Jemand hat versucht, mit dieser E-Mail-Adresse ein Konto für {{appName}} zu erstellen. Für diese Adresse besteht bereits ein Konto.</p>',
      '<p>Falls Sie das waren, melden Sie sich an oder setzen Sie hier Ihr Passwort zurück:</p>',
      button('Anmelden oder Passwort zurücksetzen'),
      '<p><a href="{{link}}">{{link}}</a></p>',
      '<p>Falls Sie das nicht waren, können Sie diese E-Mail ignorieren: Es wurde nichts geändert.</p>',
    ].join('\n'),
  },
}
