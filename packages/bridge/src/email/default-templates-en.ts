/** The bridge's own wording of each email, in English: what an admin's override replaces. */
import { button, CODE_BLOCK, type LanguageTemplates } from './template-parts.js'

const ignore = (what: string) => `If you did not ask for ${what}, you can ignore this email.`

export const en: LanguageTemplates = {
  'verify-email': {
    subject: 'Confirm your email for {{appName}}',
    text: [
      'Confirm your email address to finish creating your account for {{appName}}:',
      '',
      '{{link}}',
      '',
      'This link expires in {{expiresIn}}.',
      ignore('an account'),
    ].join('\n'),
    html: [
      '<p>Confirm your email address to finish creating your account for {{appName}}.</p>',
      button('Confirm my email'),
      '<p>Or open this link: <a href="{{link}}">{{link}}</a></p>',
      `<p>This link expires in {{expiresIn}}. ${ignore('an account')}</p>`,
    ].join('\n'),
  },
  'reset-password': {
    subject: 'Reset your password for {{appName}}',
    text: [
      'Someone asked to reset the password of your account for {{appName}}. To choose a new one, open:',
      '',
      '{{link}}',
      '',
      'This link expires in {{expiresIn}} and works once.',
      `${ignore('a new password')} Your password stays as it is.`,
    ].join('\n'),
    html: [
      '<p>Someone asked to reset the password of your account for {{appName}}.</p>',
      button('Choose a new password'),
      '<p>Or open this link: <a href="{{link}}">{{link}}</a></p>',
      `<p>This link expires in {{expiresIn}} and works once. ${ignore('a new password')} Your password stays as it is.</p>`,
    ].join('\n'),
  },
  'login-code': {
    subject:
      '{{#code}}Your sign-in code for {{appName}}: {{code}}{{/code}}{{^code}}Sign in to {{appName}}{{/code}}',
    text: [
      '{{#code}}Your code to sign in to {{appName}}:',
      '',
      '    {{code}}',
      '',
      '{{/code}}{{#link}}Sign in to {{appName}} with this link, in the browser where you asked for it:',
      '',
      '{{link}}',
      '',
      '{{/link}}This expires in {{expiresIn}} and works once.',
      ignore('a code'),
    ].join('\n'),
    html: [
      '{{#code}}<p>Your code to sign in to {{appName}}:</p>',
      `${CODE_BLOCK}{{/code}}`,
      '{{#link}}<p>Sign in to {{appName}} with this link, in the browser where you asked for it:</p>',
      button('Sign in'),
      '<p><a href="{{link}}">{{link}}</a></p>{{/link}}',
      `<p>This expires in {{expiresIn}} and works once. ${ignore('a code')}</p>`,
    ].join('\n'),
  },
  'account-exists': {
    subject: 'You already have an account for {{appName}}',
    text: [
      'Someone tried to create an account for {{appName}} with this email address, which already has one.',
      '',
      'If it was you, sign in, or reset your password here:',
      '',
      '{{link}}',
      '',
      'If it was not you, you can ignore this email: nothing has changed.',
    ].join('\n'),
    html: [
      '<p>Someone tried to create an account for {{appName}} with this email address, which already has one.</p>',
      '<p>If it was you, sign in, or reset your password here:</p>',
      button('Sign in or reset my password'),
      '<p><a href="{{link}}">{{link}}</a></p>',
      '<p>If it was not you, you can ignore this email: nothing has changed.</p>',
    ].join('\n'),
  },
}
