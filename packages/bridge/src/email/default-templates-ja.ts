/** The bridge's own wording of each email, in Japanese (です/ます). */
import { button, CODE_BLOCK, type LanguageTemplates } from './template-parts.js'

const ignore = (what: string) =>
  `${what}をリクエストしていない場合は、このメールを無視してください。`

export const ja: LanguageTemplates = {
  'verify-email': {
    subject: '{{appName}} のメールアドレスの確認',
    text: [
      '{{appName}} のアカウントの作成を完了するには、メールアドレスを確認してください：',
      '',
      '{{link}}',
      '',
      'このリンクの有効期限は {{expiresIn}} です。',
      ignore('アカウントの作成'),
    ].join('\n'),
    html: [
      '<p>{{appName}} のアカウントの作成を完了するには、メールアドレスを確認してください。</p>',
      button('メールアドレスを確認'),
      '<p>または、次のリンクを開いてください：<a href="{{link}}">{{link}}</a></p>',
      `<p>このリンクの有効期限は {{expiresIn}} です。${ignore('アカウントの作成')}</p>`,
    ].join('\n'),
  },
  'reset-password': {
    subject: '{{appName}} のパスワードの再設定',
    text: [
      '{{appName}} のアカウントのパスワードの再設定がリクエストされました。新しいパスワードを設定するには、次のリンクを開いてください：',
      '',
      '{{link}}',
      '',
      'このリンクの有効期限は {{expiresIn}} で、1 回だけ使用できます。',
      `${ignore('パスワードの再設定')}パスワードは変更されません。`,
    ].join('\n'),
    html: [
      '<p>{{appName}} のアカウントのパスワードの再設定がリクエストされました。</p>',
      button('新しいパスワードを設定'),
      '<p>または、次のリンクを開いてください：<a href="{{link}}">{{link}}</a></p>',
      `<p>このリンクの有効期限は {{expiresIn}} で、1 回だけ使用できます。${ignore('パスワードの再設定')}パスワードは変更されません。</p>`,
    ].join('\n'),
  },
  'login-code': {
    subject:
      '{{#code}}{{appName}} のログインコード：{{code}}{{/code}}{{^code}}{{appName}} にログイン{{/code}}',
    text: [
      '{{#code}}{{appName}} にログインするためのコードです：',
      '',
      '    {{code}}',
      '',
      '{{/code}}{{#link}}リクエストしたブラウザで次のリンクを開いて、{{appName}} にログインしてください：',
      '',
      '{{link}}',
      '',
      '{{/link}}有効期限は {{expiresIn}} で、1 回だけ使用できます。',
      ignore('コード'),
    ].join('\n'),
    html: [
      '{{#code}}<p>{{appName}} にログインするためのコードです：</p>',
      `${CODE_BLOCK}{{/code}}`,
      '{{#link}}<p>リクエストしたブラウザで次のリンクを開いて、{{appName}} にログインしてください：</p>',
      button('ログイン'),
      '<p><a href="{{link}}">{{link}}</a></p>{{/link}}',
      `<p>有効期限は {{expiresIn}} で、1 回だけ使用できます。${ignore('コード')}</p>`,
    ].join('\n'),
  },
  'account-exists': {
    subject: '{{appName}} のアカウントはすでにお持ちです',
    text: [
      'このメールアドレスで {{appName}} のアカウントを作成しようとした方がいますが、このアドレスのアカウントはすでに存在します。',
      '',
      'ご本人の場合は、ログインするか、こちらからパスワードを再設定してください：',
      '',
      '{{link}}',
      '',
      'お心当たりがない場合は、このメールを無視してください。何も変更されていません。',
    ].join('\n'),
    html: [
      '<p>このメールアドレスで {{appName}} のアカウントを作成しようとした方がいますが、このアドレスのアカウントはすでに存在します。</p>',
      '<p>ご本人の場合は、ログインするか、こちらからパスワードを再設定してください：</p>',
      button('ログインまたはパスワードを再設定'),
      '<p><a href="{{link}}">{{link}}</a></p>',
      '<p>お心当たりがない場合は、このメールを無視してください。何も変更されていません。</p>',
    ].join('\n'),
  },
}
