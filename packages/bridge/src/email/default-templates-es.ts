/** The bridge's own wording of each email, in Spanish (usted). */
import { button, CODE_BLOCK, type LanguageTemplates } from './template-parts.js'

const ignore = (what: string) => `Si no ha solicitado ${what}, puede ignorar este correo.`

export const es: LanguageTemplates = {
  'verify-email': {
    subject: 'Confirme su correo electrónico para {{appName}}',
    text: [
      'Confirme su dirección de correo electrónico para terminar de crear su cuenta de {{appName}}:',
      '',
      '{{link}}',
      '',
      'Este enlace caduca en {{expiresIn}}.',
      ignore('una cuenta'),
    ].join('\n'),
    html: [
      '<p>Confirme su dirección de correo electrónico para terminar de crear su cuenta de {{appName}}.</p>',
      button('Confirmar mi correo electrónico'),
      '<p>O abra este enlace: <a href="{{link}}">{{link}}</a></p>',
      `<p>Este enlace caduca en {{expiresIn}}. ${ignore('una cuenta')}</p>`,
    ].join('\n'),
  },
  'reset-password': {
    subject: 'Restablezca su contraseña de {{appName}}',
    text: [
      'Se ha solicitado restablecer la contraseña de su cuenta de {{appName}}. Para elegir una nueva, abra:',
      '',
      '{{link}}',
      '',
      'Este enlace caduca en {{expiresIn}} y solo sirve una vez.',
      `${ignore('una nueva contraseña')} Su contraseña no cambiará.`,
    ].join('\n'),
    html: [
      '<p>Se ha solicitado restablecer la contraseña de su cuenta de {{appName}}.</p>',
      button('Elegir una nueva contraseña'),
      '<p>O abra este enlace: <a href="{{link}}">{{link}}</a></p>',
      `<p>Este enlace caduca en {{expiresIn}} y solo sirve una vez. ${ignore('una nueva contraseña')} Su contraseña no cambiará.</p>`,
    ].join('\n'),
  },
  'login-code': {
    subject:
      '{{#code}}Su código de inicio de sesión para {{appName}}: {{code}}{{/code}}{{^code}}Inicie sesión en {{appName}}{{/code}}',
    text: [
      '{{#code}}Su código para iniciar sesión en {{appName}}:',
      '',
      '    {{code}}',
      '',
      '{{/code}}{{#link}}Inicie sesión en {{appName}} con este enlace, en el navegador donde lo solicitó:',
      '',
      '{{link}}',
      '',
      '{{/link}}Caduca en {{expiresIn}} y solo sirve una vez.',
      ignore('un código'),
    ].join('\n'),
    html: [
      '{{#code}}<p>Su código para iniciar sesión en {{appName}}:</p>',
      `${CODE_BLOCK}{{/code}}`,
      '{{#link}}<p>Inicie sesión en {{appName}} con este enlace, en el navegador donde lo solicitó:</p>',
      button('Iniciar sesión'),
      '<p><a href="{{link}}">{{link}}</a></p>{{/link}}',
      `<p>Caduca en {{expiresIn}} y solo sirve una vez. ${ignore('un código')}</p>`,
    ].join('\n'),
  },
  'account-exists': {
    subject: 'Ya tiene una cuenta de {{appName}}',
    text: [
      'Alguien ha intentado crear una cuenta de {{appName}} con esta dirección de correo electrónico, que ya tiene una.',
      '',
      'Si ha sido usted, inicie sesión o restablezca su contraseña aquí:',
      '',
      '{{link}}',
      '',
      'Si no ha sido usted, puede ignorar este correo: no ha cambiado nada.',
    ].join('\n'),
    html: [
      '<p>Alguien ha intentado crear una cuenta de {{appName}} con esta dirección de correo electrónico, que ya tiene una.</p>',
      '<p>Si ha sido usted, inicie sesión o restablezca su contraseña aquí:</p>',
      button('Iniciar sesión o restablecer mi contraseña'),
      '<p><a href="{{link}}">{{link}}</a></p>',
      '<p>Si no ha sido usted, puede ignorar este correo: no ha cambiado nada.</p>',
    ].join('\n'),
  },
}
