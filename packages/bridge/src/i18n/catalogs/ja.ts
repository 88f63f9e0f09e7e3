/** The visitor pages in Japanese (です/ます): the same keys as en.ts (catalog.test.ts checks it). */
import type { Catalog } from '../messages.js'

// Japanese has one plural form: `_one` and `_other` carry the same text.
export const ja: Catalog = {
  common: {
    continue: '続行',
    continueTo: '{{app}} に進む',
    continueWith: '{{name}} で続行',
    backToSignIn: 'ログイン画面に戻る',
    signingIn: 'ログインしています…',
    takingYouBack: '元のページに戻っています…',
    takingYouTo: '{{name}} に移動しています…',
    email: 'メールアドレス',
    password: 'パスワード',
    name: '名前',
    code: 'コード',
    or: 'または',
    recoveryCodes: '復旧コード',
    signedIn: '{{email}} としてログイン中',
  },
  login: {
    title: '{{app}} にログイン',
    heading: 'ログイン',
    subtitle: '{{app}} に進むにはログインしてください',
    methods: 'ログイン方法',
    companyHint:
      '会社のアカウントはメールアドレスだけで大丈夫です。会社のログイン画面にご案内します。',
    signIn: 'ログイン',
    next: '次へ',
    cancel: 'キャンセルして戻る',
    usePasskey: 'パスキーを使用',
    emailCode: 'ログインコードをメールで受け取る',
    account: 'アカウント',
    forgot: 'パスワードをお忘れですか？',
    signup: 'アカウントを作成',
  },
  signup: {
    title: '{{app}} のアカウントを作成',
    heading: 'アカウントを作成',
    passwordOptional: 'パスワード（任意）',
    passwordRule: '8 文字以上で入力してください。',
    passwordlessHint: 'パスワードを設定しない場合は、メールでお送りするコードでログインします。',
    submit: 'アカウントを作成',
    sent: '登録を完了するには、次のアドレスにお送りしたリンクを開いてください：',
  },
  checkEmail: {
    title: 'メールをご確認ください',
    spam: '届いていない場合は、迷惑メールフォルダをご確認いただくか、数分後にもう一度お試しください。',
    verifyFirst:
      '先にメールアドレスを確認してください。新しいリンクを次のアドレスにお送りしました：',
  },
  verify: {
    title: 'メールアドレスの確認',
    text: 'このアドレスを確認して、アカウントの作成を完了してください。',
    button: 'メールアドレスを確認',
    doneTitle: 'メールアドレスを確認しました',
    doneText: 'メールアドレスの確認が完了しました。サイトに戻ってログインしてください。',
  },
  forgot: {
    title: 'パスワードの再設定',
    text: '新しいパスワードを設定するためのリンクをメールでお送りします。',
    submit: '再設定リンクを送信',
    sent: 'このアドレスのアカウントが存在する場合は、新しいパスワードを設定するためのリンクを次のアドレスにお送りしました：',
  },
  reset: {
    title: '新しいパスワードの設定',
    for: '{{email}} のパスワード',
    label: '新しいパスワード',
    rule: '8 文字以上で入力してください。アカウントのほかのセッションはすべて終了します。',
    submit: 'パスワードを設定',
    doneTitle: 'パスワードを変更しました',
    doneText:
      '新しいパスワードを設定し、アカウントのすべてのセッションを終了しました。サイトに戻ってログインしてください。',
  },
  emailCode: {
    sentCode:
      'このアドレスのアカウントが存在する場合は、6 桁のコードを次のアドレスにお送りしました：',
    sentLink:
      'このアドレスのアカウントが存在する場合は、ログイン用のリンクを次のアドレスにお送りしました：',
    openLink: '{{app}} に進むには、このブラウザでリンクを開いてください。',
    submit: 'ログイン',
    linkTitle: 'ログイン',
    linkText: 'メールのリンクでログインするには、続行してください。',
    linkButton: 'ログイン',
    elsewhereTitle: '手続きを始めたブラウザでリンクを開いてください',
  },
  link: {
    title: 'アカウントのリンク',
    heading: 'このメールアドレスのアカウントはすでに存在します',
    text: '{{connection}} で {{email}} としてサインインしましたが、このメールアドレスのアカウントがすでに存在します。そのアカウントに一度サインインすると {{connection}} がリンクされ、以後はどちらの方法でも同じアカウントにサインインできます。',
    separateText:
      'または、別のアカウントとして続行できます。既存のアカウントとは何も共有されません。',
    signIn: 'サインインしてリンク',
    separate: '別のアカウントとして続行',
    loginNotice: '{{connection}} をリンクするには、既存のアカウントにサインインしてください。',
  },
  identities: {
    title: 'サインイン方法',
    list: 'サインイン方法',
    password: 'パスワード',
    primary: 'アカウントはこの方法で作成されたため、リンクを解除できません。',
    linked: '{{date}} にリンク',
    linkedEarlier: '以前にリンク',
    unlink: 'リンク解除',
    unlinkNamed: '{{name}} のリンクを解除',
    unlinkedNotice:
      'リンクを解除しました。その方法ではこのアカウントにサインインできなくなりました。',
    none: 'アカウントにリンクされている他のサインイン方法はありません。',
  },
  mfa: {
    title: '2 段階認証',
    asks: '{{app}} では 2 段階目の認証が必要です。',
    authenticatorCode: '認証アプリのコード',
    verify: '確認',
    recoveryCode: 'または復旧コード',
    useRecoveryCode: '復旧コードを使用',
    enrolTitle: '2 段階認証の設定',
    enrolText:
      '{{app}} では 2 段階目の認証が必要です。認証アプリでこのコードをスキャンしてください。',
    enterKey: 'または次のキーを入力してください：',
    turnOn: '確認して有効にする',
    orPasskey: 'または、代わりにパスキーやセキュリティキーを使用する',
    setUpPasskey: 'パスキーを設定',
    onTitle: '2 段階認証が有効になりました',
    onText: 'ログインを完了するには、続行してください。',
    recoveryUsedTitle: '復旧コードを受け付けました',
    recoveryLeft_one: '復旧コードは残り {{count}} 個です。各コードは 1 回だけ使用できます。',
    recoveryLeft_other: '復旧コードは残り {{count}} 個です。各コードは 1 回だけ使用できます。',
    saveCodesTitle: '復旧コードを保存してください',
    saveCodesText:
      '2 段階認証が有効になりました。これらのコードは安全な場所に保管してください。認証アプリを紛失した場合、各コードで 1 回ログインできます。コードが表示されるのは今回だけです。',
    savePasskeyCodesText:
      'パスキーを設定しました。これらのコードは安全な場所に保管してください。パスキーを紛失した場合、各コードで 1 回ログインできます。コードが表示されるのは今回だけです。',
  },
  passkey: {
    name: 'パスキーの名前',
    namePlaceholder: 'ノートパソコン、スマートフォン、YubiKey…',
    unsupported: 'このブラウザではパスキーを使用できません。',
    follow: 'ブラウザまたはセキュリティキーの手順に従ってください…',
    duplicate: 'このパスキーはすでに登録されています。',
    notUsed: 'パスキーが使用されませんでした。もう一度お試しいただくか、別の方法をご利用ください。',
  },
  account: {
    title: 'パスキー',
    codes:
      'これらの復旧コードは安全な場所に保管してください。パスキーを紛失した場合、各コードで 1 回ログインできます。コードが表示されるのは今回だけです。',
    none: 'パスキーはまだありません。',
    list: 'パスキー',
    deviceBound: '1 台のデバイスまたはセキュリティキーに保存',
    synced: '同期済みのパスキー',
    added: '{{date}} に追加',
    lastUsed: '最終使用日 {{date}}',
    neverUsed: '未使用',
    newName: '{{name}} の新しい名前',
    rename: '名前を変更',
    remove: '削除',
    removeNamed: '{{name}} を削除',
    add: 'パスキーを追加',
    full: '1 つのアカウントに登録できるパスキーの上限に達しています。',
    addedNotice: 'パスキーを追加しました。',
    renamedNotice: 'パスキーの名前を変更しました。',
    removedNotice: 'パスキーを削除しました。',
    notAdded: 'パスキーは追加されませんでした。もう一度お試しください。',
    notSignedInTitle: 'ログインしていません',
    notSignedInText: '先にいずれかのサイトにログインしてから、このページに戻ってください。',
    stepUpTitle: 'ご本人確認',
    stepUpText:
      'お使いのアカウントでは 2 段階認証が有効です。2 段階目（パスキーまたはコード）を使ってサイトにログインしてから、このページに戻ってパスキーを管理してください。',
  },
  accountNav: {
    label: 'アカウント',
    sessions: 'セッション',
    passkeys: 'パスキー',
    identities: 'サインイン方法',
  },
  sessions: {
    title: 'セッション',
    intro:
      'サインインしているブラウザーの一覧です。セッションを終了すると、ここと、そのセッションでサインインしたすべてのサイトからサインアウトします。',
    list: 'セッション',
    thisDevice: 'このデバイス',
    device: '{{os}} の {{browser}}（{{type}}）',
    deviceWithoutType: '{{os}} の {{browser}}',
    unknownDevice: '不明なデバイス',
    unknownBrowser: '不明なブラウザー',
    unknownOs: '不明なシステム',
    type: {
      desktop: 'コンピューター',
      mobile: 'スマートフォン',
      tablet: 'タブレット',
      tv: 'テレビ',
      bot: '自動クライアント',
    },
    created: 'サインイン {{date}}',
    lastSeen: '最終使用 {{date}}',
    apps: 'サイト: {{apps}}',
    noApps: 'まだサイトはありません',
    end: '終了',
    endNamed: '{{device}} のセッションを終了',
    endThis: '終了（ここでサインアウト）',
    endThisNamed: '{{device}} のこのセッションを終了してサインアウト',
    endOthers: 'ほかのすべてのセッションを終了',
    endAll: 'このセッションを含むすべてのセッションを終了',
    endedNotice: 'セッションを終了しました。サイトに通知しました。',
    othersEndedNotice: 'ほかのすべてのセッションを終了しました。サイトに通知しました。',
    allEndedTitle: 'すべてからサインアウトしました',
    allEndedText:
      'このセッションを含め、アカウントのすべてのセッションを終了しました。サイトに通知しました。',
    endedHereTitle: 'サインアウトしました',
    endedHereText: 'このセッションを終了しました。サイトに通知しました。',
  },
  logout: {
    title: 'ログアウト',
    heading: 'ログアウトしますか？',
    asks: '{{app}} からログアウトのリクエストがありました。',
    everywhere:
      'ここでログアウトすると、このログインサービスを使用するすべてのサイトからログアウトします。',
    submit: 'ログアウト',
    submitEverywhere: 'すべてのサイトからログアウト',
    onlyThisSite: '{{app}} からのみログアウト',
    thisSite: 'このサイト',
    stay: 'ログインしたままにする',
    doneTitle: 'ログアウトしました',
    doneText: 'ログアウトしました。',
  },
  brand: {
    support: 'ヘルプ',
    privacy: 'プライバシー',
    terms: '利用規約',
    nav: 'このサイトについて',
  },
  home: {
    text: 'ログインサービスは稼働中です。',
  },
  error: {
    title: 'ログインの問題',
    reference: 'エラー {{code}} · 参照番号 {{reference}}',
    parameter: {
      parameter_missing: 'パラメーター「{{name}}」がありません。',
      parameter_repeated: 'パラメーター「{{name}}」が重複しています。',
      parameter_too_long: 'パラメーター「{{name}}」が長すぎます。',
      parameter_invalid: 'パラメーター「{{name}}」が無効です。',
      nul_character: 'パラメーター「{{name}}」が無効です。',
    },
    code: {
      invalid_request:
        'リクエストにパラメーターが不足しているか、無効なパラメーターが含まれています。',
      unknown_app: 'このサイトはログインサービスに登録されていません。',
      invalid_redirect_uri: 'このコールバックアドレスは、このサイトに登録されていません。',
      invalid_return_to: '戻り先のアドレスがこのサイトのものではありません。',
      login_expired:
        'このログインは有効期限が切れているか、すでに使用されています。サイトに戻って、もう一度ログインしてください。',
      csrf_failed: 'フォームを検証できませんでした。サイトに戻って、もう一度ログインしてください。',
      payload_too_large: 'リクエストが大きすぎます。',
      link_expired:
        'このリンクまたはコードは有効期限が切れているか、すでに使用されています。新しいものをリクエストしてください。',
      signup_refused: 'このメールアドレスでは、ここで新しいアカウントを作成できません。',
      platform_refused:
        'サイトでこのログインを完了できませんでした。サイトに戻って、もう一度お試しください。',
      access_denied: 'ログインはキャンセルされました。',
      login_required: 'ログインしていません。',
      upstream_response_invalid:
        'ID プロバイダーからの応答を受け付けられませんでした。サイトに戻って、もう一度ログインしてください。',
      upstream_error:
        'ID プロバイダーから信頼できない応答が届きました。サイトに戻って、もう一度お試しください。',
      upstream_unavailable:
        'ID プロバイダーから時間内に応答がありませんでした。しばらくしてからもう一度お試しください。',
      invalid_credentials: 'メールアドレスまたはパスワードが正しくありません。',
      too_many_attempts: '失敗した試行が多すぎます。数分待ってから、もう一度お試しください。',
      invalid_grant:
        'コードが無効か、有効期限切れか、使用済みか、別のクライアントに発行されたものです。',
      invalid_client: 'このサイトはコードの受け渡しに登録されていません。',
      unsupported_grant_type: 'authorization_code グラントのみサポートしています。',
      origin_not_allowed: 'このオリジンは、このサイトに登録されていません。',
      unauthorized: '有効な管理用 API キーまたは管理セッションが必要です。',
      insufficient_scope: 'この API キーには、この操作に必要なスコープがありません。',
      reauthentication_required:
        'この変更には直近のログインが必要です。もう一度ログインしてから、再度お試しください。',
      conflict: '現在の記録の状態と矛盾しています。',
      invalid_config: '設定が無効です。',
      not_found: 'ここには何もありません。',
      server_error: 'サーバー側で問題が発生しました。しばらくしてからもう一度お試しください。',
      temporarily_unavailable:
        'ログインサービスは一時的に利用できません。しばらくしてからもう一度お試しください。',
    },
    reason: {
      account_link_expired:
        'このアカウントのリンクは期限切れか、すでに使用されています。サイトに戻ってもう一度サインインしてください。',
      account_link_other_user:
        'このメールアドレスを持たないアカウントにサインインしたため、何もリンクされませんでした。サイトに戻ってもう一度サインインしてください。',
      identity_unknown: 'このサインイン方法はあなたのアカウントにリンクされていません。',
      identity_primary: 'アカウントはこのサインイン方法で作成されたため、リンクを解除できません。',
      identity_last: 'これは最後のサインイン方法のため、リンクを解除できません。',
      not_a_form: 'フォームの送信が必要です。',
      connection_not_enabled: 'このログイン方法は、このサイトでは有効になっていません。',
      user_disabled: 'このアカウントは無効になっています。',
      second_factor_enrolled: '2 段階認証はすでに設定されています。',
      email_link_other_browser:
        'このリンクは、リクエストしたブラウザでのみ使用できます。代わりに、そのブラウザでメールに記載されたコードを入力してください。',
      signup_off: 'ここでは新しいアカウントを作成できません。',
      passwordless_off: 'メールのコードによるログインは、このサイトでは有効になっていません。',
      password_rules: 'パスワードは 8～256 文字で設定してください。',
      email_address_invalid: '有効なメールアドレスを入力してください。',
      email_code_wrong: 'コードが正しくありません。メールを確認して、もう一度お試しください。',
      email_code_attempts:
        '間違ったコードの入力が多すぎます。新しいコードをリクエストしてください。',
      email_throttled: 'メールのリクエストが多すぎます。1 時間待ってから、もう一度お試しください。',
      pkce_method_unsupported: 'コードチャレンジ方式は S256 のみサポートしています。',
      platform_api_failed:
        'ストアから想定どおりの応答がなかったため、ログインできませんでした。しばらくしてからもう一度お試しください。繰り返し発生する場合は、ストアにお知らせください。',
      platform_api_timeout:
        'ストアから時間内に応答がなかったため、ログインできませんでした。しばらくしてからもう一度お試しください。',
      platform_customer_missing:
        'ストアにお客様のメールアドレスの顧客アカウントがありません。ストアにアカウントの作成を依頼してから、もう一度ログインしてください。',
      platform_signature_invalid:
        'フォーラムは別のシークレットでこのリクエストに署名しました。フォーラムの管理者は、フォーラムとログインサービスで同じシークレットを使う必要があります。',
    },
    say: {
      enterEmail: 'メールアドレスを入力してください。',
      enterEmailAndPassword: 'メールアドレスとパスワードを入力してください。',
      noSignInForEmail:
        'このメールアドレスでは、ここでログインできません。いずれかのボタンをご利用ください。',
      noPasswordHere: 'このサイトでは、ここでパスワードによるログインはできません。',
      resetNotSetUp:
        'メールによるパスワードの再設定は、ここでは設定されていません。サイトにお問い合わせください。',
      signupDomains: 'ここで新しいアカウントを作成するには、{{domains}} のアドレスが必要です。',
      nameRule: '名前は 1 行、{{max}} 文字以内で入力してください。',
      totpWrong: 'コードが正しくありません。現在のコードをお試しください。',
      noSecondFactor: '2 段階目の認証が設定されていません。',
      secondStepNotDone: '2 段階目の認証がまだ完了していません。',
      passkeyFailed:
        'パスキーを受け付けられませんでした。もう一度お試しいただくか、別の方法をご利用ください。',
      idpDidNotSignIn: 'ID プロバイダーでログインできませんでした。',
      startFromSite: 'このログインはここでは完了できません。サイトから開始してください。',
      formUnreadable: 'フォームを読み取れませんでした。',
      returnToNeedsApp: 'return_to には app パラメーターが必要です。',
      callbackNotNamed:
        'このサイトには複数のコールバックアドレスがあり、どれを使うか指定されていません。',
      returnPathNotOnSite: '戻り先のページはこのサイトのページではありません。',
      platformNoNonce:
        'ログインはサイトから開始する必要があります。リクエストに nonce がありませんでした。',
      platformNonceTooLong: 'nonce が長すぎます。',
      platformValueInvalid: '{{name}} が無効です。',
      platformValueForeign: '{{name}} はこのサイトのものではありません。',
      forumNotSigned:
        'ログインはフォーラムから開始する必要があります。リクエストに署名がありませんでした。',
      forumMalformed: 'フォーラムから不正な形式のリクエストが送信されました。',
      platformError:
        '{{platform}} がログインを拒否しました：{{message}}。サイトの管理者にお知らせください。',
      platformErrorNoReason:
        '{{platform}} がログインを拒否しました（理由は示されていません）。サイトの管理者にお知らせください。',
    },
  },
}
