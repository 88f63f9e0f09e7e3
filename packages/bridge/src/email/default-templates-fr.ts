/** The bridge's own wording of each email, in French (vous). */
import { button, CODE_BLOCK, type LanguageTemplates } from './template-parts.js'

const ignore = (what: string) =>
  `Si vous n'avez pas demandé ${what}, vous pouvez ignorer cet e-mail.`

export const fr: LanguageTemplates = {
  'verify-email': {
    subject: 'Confirmez votre adresse e-mail pour {{appName}}',
    text: [
      'Confirmez votre adresse e-mail pour terminer la création de votre compte {{appName}} :',
      '',
      '{{link}}',
      '',
      'Ce lien expire dans {{expiresIn}}.',
      ignore('de compte'),
    ].join('\n'),
    html: [
      '<p>Confirmez votre adresse e-mail pour terminer la création de votre compte {{appName}}.</p>',
      button('Confirmer mon adresse e-mail'),
      '<p>Ou ouvrez ce lien : <a href="{{link}}">{{link}}</a></p>',
      `<p>Ce lien expire dans {{expiresIn}}. ${ignore('de compte')}</p>`,
    ].join('\n'),
  },
  'reset-password': {
    subject: 'Réinitialisez votre mot de passe pour {{appName}}',
    text: [
      'Une demande de réinitialisation du mot de passe de votre compte {{appName}} a été faite. Pour en choisir un nouveau, ouvrez :',
      '',
      '{{link}}',
      '',
      "Ce lien expire dans {{expiresIn}} et ne fonctionne qu'une fois.",
      `${ignore('de nouveau mot de passe')} Votre mot de passe reste inchangé.`,
    ].join('\n'),
    html: [
      '<p>Une demande de réinitialisation du mot de passe de votre compte {{appName}} a été faite.</p>',
      button('Choisir un nouveau mot de passe'),
      '<p>Ou ouvrez ce lien : <a href="{{link}}">{{link}}</a></p>',
      `<p>Ce lien expire dans {{expiresIn}} et ne fonctionne qu'une fois. ${ignore('de nouveau mot de passe')} Votre mot de passe reste inchangé.</p>`,
    ].join('\n'),
  },
  'login-code': {
    subject:
      '{{#code}}Votre code de connexion pour {{appName}} : {{code}}{{/code}}{{^code}}Connectez-vous à {{appName}}{{/code}}',
    text: [
      '{{#code}}Votre code pour vous connecter à {{appName}} :',
      '',
      '    {{code}}',
      '',
      "{{/code}}{{#link}}Connectez-vous à {{appName}} avec ce lien, dans le navigateur où vous l'avez demandé :",
      '',
      '{{link}}',
      '',
      "{{/link}}Expire dans {{expiresIn}} et ne fonctionne qu'une fois.",
      ignore('de code'),
    ].join('\n'),
    html: [
      '{{#code}}<p>Votre code pour vous connecter à {{appName}} :</p>',
      `${CODE_BLOCK}{{/code}}`,
      "{{#link}}<p>Connectez-vous à {{appName}} avec ce lien, dans le navigateur où vous l'avez demandé :</p>",
      button('Se connecter'),
      '<p><a href="{{link}}">{{link}}</a></p>{{/link}}',
      `<p>Expire dans {{expiresIn}} et ne fonctionne qu'une fois. ${ignore('de code')}</p>`,
    ].join('\n'),
  },
  'account-exists': {
    subject: 'Vous avez déjà un compte {{appName}}',
    text: [
      "Quelqu'un a essayé de créer un compte {{appName}} avec cette adresse e-mail, qui en a déjà un.",
      '',
      "Si c'était vous, connectez-vous ou réinitialisez votre mot de passe ici :",
      '',
      '{{link}}',
      '',
      "Si ce n'était pas vous, vous pouvez ignorer cet e-mail : rien n'a changé.",
    ].join('\n'),
    html: [
      "<p>Quelqu'un a essayé de créer un compte {{appName}} avec cette adresse e-mail, qui en a déjà un.</p>",
      "<p>Si c'était vous, connectez-vous ou réinitialisez votre mot de passe ici :</p>",
      button('Me connecter ou réinitialiser mon mot de passe'),
      '<p><a href="{{link}}">{{link}}</a></p>',
      "<p>Si ce n'était pas vous, vous pouvez ignorer cet e-mail : rien n'a changé.</p>",
    ].join('\n'),
  },
}
