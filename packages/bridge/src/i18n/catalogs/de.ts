/** The visitor pages in German (Sie form): the same keys as en.ts (catalog.test.ts checks it). */
import type { Catalog } from '../messages.js'

export const de: Catalog = {
  common: {
    continue: 'Weiter',
    continueTo: 'Weiter zu {{app}}',
    continueWith: 'Weiter mit {{name}}',
    backToSignIn: 'Zurück zur Anmeldung',
    signingIn: 'Sie werden angemeldet…',
    takingYouBack: 'Sie werden zurückgeleitet…',
    takingYouTo: 'Sie werden zu {{name}} weitergeleitet…',
    email: 'E-Mail',
    password: 'Passwort',
    name: 'Name',
    code: 'Code',
    or: 'oder',
    recoveryCodes: 'Wiederherstellungscodes',
    signedIn: 'Angemeldet als {{email}}',
  },
  login: {
    title: 'Bei {{app}} anmelden',
    heading: 'Anmelden',
    subtitle: 'um mit {{app}} fortzufahren',
    methods: 'Anmeldemethoden',
    companyHint:
      'Für Firmenkonten genügt die E-Mail-Adresse: Wir leiten Sie zur Anmeldung Ihres Unternehmens weiter.',
    signIn: 'Anmelden',
    next: 'Weiter',
    cancel: 'Abbrechen und zurück',
    usePasskey: 'Passkey verwenden',
    emailCode: 'Anmeldecode per E-Mail senden',
    account: 'Konto',
    forgot: 'Passwort vergessen?',
    signup: 'Konto erstellen',
  },
  signup: {
    title: 'Konto für {{app}} erstellen',
    heading: 'Konto erstellen',
    passwordOptional: 'Passwort (optional)',
    passwordRule: 'Mindestens 8 Zeichen.',
    passwordlessHint:
      'Ohne Passwort melden Sie sich mit einem Code an, den wir Ihnen per E-Mail senden.',
    submit: 'Konto erstellen',
    sent: 'Öffnen Sie zum Abschluss den Link, den wir gesendet haben an',
  },
  checkEmail: {
    title: 'Prüfen Sie Ihre E-Mails',
    spam: 'Nichts angekommen? Sehen Sie im Spam-Ordner nach oder fordern Sie in ein paar Minuten erneut an.',
    verifyFirst:
      'Bestätigen Sie zuerst Ihre E-Mail-Adresse: Wir haben einen neuen Link gesendet an',
  },
  verify: {
    title: 'E-Mail-Adresse bestätigen',
    text: 'Bestätigen Sie diese Adresse, um die Erstellung Ihres Kontos abzuschließen.',
    button: 'E-Mail-Adresse bestätigen',
    doneTitle: 'E-Mail-Adresse bestätigt',
    doneText:
      'Ihre E-Mail-Adresse ist bestätigt. Kehren Sie zur Website zurück und melden Sie sich an.',
  },
  forgot: {
    title: 'Passwort zurücksetzen',
    text: 'Wir senden Ihnen per E-Mail einen Link, mit dem Sie ein neues Passwort wählen können.',
    submit: 'Link zum Zurücksetzen senden',
    sent: 'Falls ein Konto für diese Adresse besteht, haben wir einen Link zum Festlegen eines neuen Passworts gesendet an',
  },
  reset: {
    title: 'Neues Passwort wählen',
    for: 'für {{email}}',
    label: 'Neues Passwort',
    rule: 'Mindestens 8 Zeichen. Alle anderen Sitzungen Ihres Kontos werden beendet.',
    submit: 'Passwort festlegen',
    doneTitle: 'Passwort geändert',
    doneText:
      'Ihr neues Passwort ist festgelegt und alle Sitzungen Ihres Kontos wurden beendet. Kehren Sie zur Website zurück und melden Sie sich an.',
  },
  emailCode: {
    sentCode:
      'Falls ein Konto für diese Adresse besteht, haben wir einen 6-stelligen Code gesendet an',
    sentLink: 'Falls ein Konto für diese Adresse besteht, haben wir einen Anmeldelink gesendet an',
    openLink: 'Öffnen Sie den Link in diesem Browser, um mit {{app}} fortzufahren.',
    submit: 'Anmelden',
    linkTitle: 'Anmelden',
    linkText: 'Fahren Sie fort, um sich mit dem Link aus Ihrer E-Mail anzumelden.',
    linkButton: 'Anmelden',
    elsewhereTitle: 'Öffnen Sie den Link dort, wo Sie begonnen haben',
  },
  link: {
    title: 'Konto verknüpfen',
    heading: 'Ein Konto mit dieser E-Mail-Adresse gibt es bereits',
    text: 'Sie haben sich mit {{connection}} als {{email}} angemeldet, und hier gibt es bereits ein Konto mit dieser E-Mail-Adresse. Melden Sie sich einmal bei diesem Konto an, um {{connection}} damit zu verknüpfen: danach melden Sie beide Wege beim selben Konto an.',
    separateText:
      'Oder fahren Sie mit einem eigenen Konto fort: es teilt nichts mit dem bestehenden.',
    signIn: 'Anmelden und verknüpfen',
    separate: 'Mit eigenem Konto fortfahren',
    loginNotice:
      'Melden Sie sich bei Ihrem bestehenden Konto an, um {{connection}} damit zu verknüpfen.',
  },
  identities: {
    title: 'Ihre Anmeldemethoden',
    list: 'Anmeldemethoden',
    password: 'Passwort',
    primary: 'Ihr Konto wurde mit dieser Methode erstellt: sie kann nicht getrennt werden.',
    linked: 'verknüpft am {{date}}',
    linkedEarlier: 'früher verknüpft',
    unlink: 'Trennen',
    unlinkNamed: '{{name}} trennen',
    unlinkedNotice: 'Getrennt. Diese Anmeldung öffnet dieses Konto nicht mehr.',
    none: 'Mit Ihrem Konto sind keine weiteren Anmeldemethoden verknüpft.',
  },
  mfa: {
    title: 'Bestätigung in zwei Schritten',
    asks: '{{app}} verlangt einen zweiten Schritt.',
    authenticatorCode: 'Code aus Ihrer Authenticator-App',
    verify: 'Bestätigen',
    recoveryCode: 'Oder ein Wiederherstellungscode',
    useRecoveryCode: 'Wiederherstellungscode verwenden',
    enrolTitle: 'Bestätigung in zwei Schritten einrichten',
    enrolText:
      '{{app}} verlangt einen zweiten Schritt. Scannen Sie diesen Code mit einer Authenticator-App.',
    enterKey: 'Oder geben Sie diesen Schlüssel ein:',
    turnOn: 'Bestätigen und aktivieren',
    orPasskey: 'oder stattdessen einen Passkey oder Sicherheitsschlüssel verwenden',
    setUpPasskey: 'Passkey einrichten',
    onTitle: 'Die Bestätigung in zwei Schritten ist aktiviert',
    onText: 'Fahren Sie fort, um die Anmeldung abzuschließen.',
    recoveryUsedTitle: 'Wiederherstellungscode akzeptiert',
    recoveryLeft_one:
      'Sie haben noch {{count}} Wiederherstellungscode. Jeder Code funktioniert einmal.',
    recoveryLeft_other:
      'Sie haben noch {{count}} Wiederherstellungscodes. Jeder Code funktioniert einmal.',
    saveCodesTitle: 'Wiederherstellungscodes speichern',
    saveCodesText:
      'Die Bestätigung in zwei Schritten ist aktiviert. Bewahren Sie diese Codes sicher auf: Mit jedem können Sie sich einmal anmelden, falls Sie Ihre Authenticator-App verlieren. Sie werden nur jetzt angezeigt.',
    savePasskeyCodesText:
      'Ihr Passkey ist eingerichtet. Bewahren Sie diese Codes sicher auf: Mit jedem können Sie sich einmal anmelden, falls Sie Ihren Passkey verlieren. Sie werden nur jetzt angezeigt.',
  },
  passkey: {
    name: 'Name des Passkeys',
    namePlaceholder: 'Laptop, Smartphone, YubiKey…',
    unsupported: 'Dieser Browser unterstützt keine Passkeys.',
    follow: 'Folgen Sie den Schritten Ihres Browsers oder Sicherheitsschlüssels…',
    duplicate: 'Dieser Passkey ist bereits registriert.',
    notUsed:
      'Es wurde kein Passkey verwendet. Versuchen Sie es erneut oder wählen Sie einen anderen Weg.',
  },
  account: {
    title: 'Ihre Passkeys',
    codes:
      'Bewahren Sie diese Wiederherstellungscodes sicher auf: Mit jedem können Sie sich einmal anmelden, falls Sie Ihre Passkeys verlieren. Sie werden nur jetzt angezeigt.',
    none: 'Sie haben noch keine Passkeys.',
    list: 'Passkeys',
    deviceBound: 'Auf einem Gerät oder Sicherheitsschlüssel gespeichert',
    synced: 'Synchronisierter Passkey',
    added: 'hinzugefügt am {{date}}',
    lastUsed: 'zuletzt verwendet am {{date}}',
    neverUsed: 'noch nie verwendet',
    newName: 'Neuer Name für {{name}}',
    rename: 'Umbenennen',
    remove: 'Entfernen',
    removeNamed: '{{name}} entfernen',
    add: 'Passkey hinzufügen',
    full: 'Sie haben die größtmögliche Anzahl an Passkeys für ein Konto.',
    addedNotice: 'Passkey hinzugefügt.',
    renamedNotice: 'Passkey umbenannt.',
    removedNotice: 'Passkey entfernt.',
    notAdded: 'Der Passkey wurde nicht hinzugefügt. Versuchen Sie es erneut.',
    notSignedInTitle: 'Nicht angemeldet',
    notSignedInText:
      'Melden Sie sich zuerst bei einer Ihrer Websites an und kehren Sie dann zu dieser Seite zurück.',
    stepUpTitle: 'Bestätigen Sie, dass Sie es sind',
    stepUpText:
      'Ihr Konto verwendet die Bestätigung in zwei Schritten. Melden Sie sich mit Ihrem zweiten Schritt (einem Passkey oder einem Code) bei einer Website an und kehren Sie dann zurück, um Ihre Passkeys zu verwalten.',
  },
  accountNav: {
    label: 'Ihr Konto',
    sessions: 'Sitzungen',
    passkeys: 'Passkeys',
    identities: 'Anmeldemethoden',
  },
  sessions: {
    title: 'Ihre Sitzungen',
    intro:
      'Jeder Browser, in dem Sie angemeldet sind. Eine beendete Sitzung meldet Sie hier und bei jeder Website ab, bei der sie Sie angemeldet hat.',
    list: 'Sitzungen',
    thisDevice: 'dieses Gerät',
    device: '{{browser}} auf {{os}}, {{type}}',
    deviceWithoutType: '{{browser}} auf {{os}}',
    unknownDevice: 'Unbekanntes Gerät',
    unknownBrowser: 'Unbekannter Browser',
    unknownOs: 'unbekanntem System',
    type: {
      desktop: 'Computer',
      mobile: 'Telefon',
      tablet: 'Tablet',
      tv: 'Fernseher',
      bot: 'automatisierter Client',
    },
    created: 'angemeldet am {{date}}',
    lastSeen: 'zuletzt genutzt am {{date}}',
    apps: 'Websites: {{apps}}',
    noApps: 'Noch keine Website',
    end: 'Beenden',
    endNamed: 'Sitzung auf {{device}} beenden',
    endThis: 'Beenden (hier abmelden)',
    endThisNamed: 'Diese Sitzung auf {{device}} beenden und hier abmelden',
    endOthers: 'Alle anderen Sitzungen beenden',
    endAll: 'Alle Sitzungen beenden, auch diese',
    endedNotice: 'Die Sitzung ist beendet; ihre Websites wurden benachrichtigt.',
    othersEndedNotice: 'Alle anderen Sitzungen sind beendet; ihre Websites wurden benachrichtigt.',
    allEndedTitle: 'Überall abgemeldet',
    allEndedText:
      'Alle Sitzungen Ihres Kontos sind beendet, auch diese. Ihre Websites wurden benachrichtigt.',
    endedHereTitle: 'Abgemeldet',
    endedHereText: 'Diese Sitzung ist beendet; ihre Websites wurden benachrichtigt.',
  },
  logout: {
    title: 'Abmelden',
    heading: 'Abmelden?',
    asks: '{{app}} möchte Sie abmelden.',
    everywhere:
      'Wenn Sie sich hier abmelden, werden Sie bei allen Websites abgemeldet, die diesen Anmeldedienst nutzen.',
    submit: 'Abmelden',
    submitEverywhere: 'Überall abmelden',
    onlyThisSite: 'Nur bei {{app}} abmelden',
    thisSite: 'dieser Website',
    stay: 'Angemeldet bleiben',
    doneTitle: 'Abgemeldet',
    doneText: 'Sie sind abgemeldet.',
  },
  brand: {
    support: 'Hilfe',
    privacy: 'Datenschutz',
    terms: 'Nutzungsbedingungen',
    nav: 'Über diese Website',
  },
  home: {
    text: 'Der Anmeldedienst läuft.',
  },
  error: {
    title: 'Problem bei der Anmeldung',
    reference: 'Fehler {{code}} · Referenz {{reference}}',
    parameter: {
      parameter_missing: 'Der Parameter „{{name}}“ fehlt.',
      parameter_repeated: 'Der Parameter „{{name}}“ ist mehrfach angegeben.',
      parameter_too_long: 'Der Parameter „{{name}}“ ist zu lang.',
      parameter_invalid: 'Der Parameter „{{name}}“ ist ungültig.',
      nul_character: 'Der Parameter „{{name}}“ ist ungültig.',
    },
    code: {
      invalid_request: 'Der Anfrage fehlt ein Parameter oder sie enthält einen ungültigen.',
      unknown_app: 'Diese Website ist beim Anmeldedienst nicht registriert.',
      invalid_redirect_uri: 'Die Rückrufadresse ist für diese Website nicht registriert.',
      invalid_return_to: 'Die Rücksprungadresse gehört nicht zu dieser Website.',
      login_expired:
        'Diese Anmeldung ist abgelaufen oder wurde bereits verwendet. Kehren Sie zur Website zurück und melden Sie sich erneut an.',
      csrf_failed:
        'Das Formular konnte nicht überprüft werden. Kehren Sie zur Website zurück und melden Sie sich erneut an.',
      payload_too_large: 'Die Anfrage ist zu groß.',
      link_expired:
        'Dieser Link oder Code ist abgelaufen oder wurde bereits verwendet. Fordern Sie einen neuen an.',
      signup_refused: 'Mit dieser E-Mail-Adresse können hier keine neuen Konten erstellt werden.',
      platform_refused:
        'Die Website konnte diese Anmeldung nicht abschließen. Kehren Sie zur Website zurück und versuchen Sie es erneut.',
      access_denied: 'Die Anmeldung wurde abgebrochen.',
      login_required: 'Sie sind nicht angemeldet.',
      upstream_response_invalid:
        'Die Antwort des Identitätsanbieters konnte nicht akzeptiert werden. Kehren Sie zur Website zurück und melden Sie sich erneut an.',
      upstream_error:
        'Der Identitätsanbieter hat eine nicht vertrauenswürdige Antwort gesendet. Kehren Sie zur Website zurück und versuchen Sie es erneut.',
      upstream_unavailable:
        'Der Identitätsanbieter hat nicht rechtzeitig geantwortet. Versuchen Sie es gleich noch einmal.',
      invalid_credentials: 'E-Mail-Adresse oder Passwort ist falsch.',
      too_many_attempts:
        'Zu viele fehlgeschlagene Versuche. Warten Sie einige Minuten und versuchen Sie es dann erneut.',
      invalid_grant:
        'Der Code ist ungültig, abgelaufen, bereits verwendet oder wurde für einen anderen Client ausgestellt.',
      invalid_client: 'Diese Website ist für die Code-Übermittlung nicht registriert.',
      unsupported_grant_type: 'Nur der Grant-Typ authorization_code wird unterstützt.',
      origin_not_allowed: 'Dieser Ursprung ist für diese Website nicht registriert.',
      unauthorized: 'Ein gültiger Admin-API-Schlüssel oder eine Admin-Sitzung ist erforderlich.',
      insufficient_scope:
        'Dieser API-Schlüssel hat nicht den Geltungsbereich, den dieser Vorgang erfordert.',
      reauthentication_required:
        'Für diese Änderung ist eine aktuelle Anmeldung nötig. Melden Sie sich erneut an und versuchen Sie es dann noch einmal.',
      conflict: 'Dies steht im Widerspruch zum aktuellen Stand der Daten.',
      invalid_config: 'Die Konfiguration ist ungültig.',
      not_found: 'Hier gibt es nichts.',
      server_error: 'Bei uns ist ein Fehler aufgetreten. Versuchen Sie es gleich noch einmal.',
      temporarily_unavailable:
        'Der Anmeldedienst ist kurzzeitig nicht verfügbar. Versuchen Sie es gleich noch einmal.',
    },
    reason: {
      account_link_expired:
        'Diese Kontoverknüpfung ist abgelaufen oder wurde bereits verwendet. Gehen Sie zurück zur Website und melden Sie sich erneut an.',
      account_link_other_user:
        'Sie haben sich bei einem Konto ohne diese E-Mail-Adresse angemeldet, daher wurde nichts verknüpft. Gehen Sie zurück zur Website und melden Sie sich erneut an.',
      identity_unknown: 'Diese Anmeldemethode ist nicht mit Ihrem Konto verknüpft.',
      identity_primary:
        'Ihr Konto wurde mit dieser Anmeldemethode erstellt: sie kann nicht getrennt werden.',
      identity_last:
        'Dies ist Ihre letzte Möglichkeit, sich anzumelden: sie kann nicht getrennt werden.',
      not_a_form: 'Es wurde ein Formular erwartet.',
      connection_not_enabled: 'Diese Anmeldemethode ist für diese Website nicht aktiviert.',
      user_disabled: 'Dieses Konto ist deaktiviert.',
      second_factor_enrolled: 'Die Bestätigung in zwei Schritten ist bereits eingerichtet.',
      email_link_other_browser:
        'Dieser Link funktioniert nur in dem Browser, in dem Sie ihn angefordert haben. Geben Sie stattdessen dort den Code aus der E-Mail ein.',
      signup_off: 'Hier können keine neuen Konten erstellt werden.',
      passwordless_off: 'Die Anmeldung per E-Mail-Code ist für diese Website nicht aktiviert.',
      password_rules: 'Wählen Sie ein Passwort mit 8 bis 256 Zeichen.',
      email_address_invalid: 'Geben Sie eine gültige E-Mail-Adresse ein.',
      email_code_wrong:
        'Dieser Code ist nicht richtig. Prüfen Sie die E-Mail und versuchen Sie es erneut.',
      email_code_attempts: 'Zu viele falsche Codes. Fordern Sie einen neuen an.',
      email_throttled:
        'Es wurden zu viele E-Mails angefordert. Warten Sie eine Stunde und versuchen Sie es dann erneut.',
      pkce_method_unsupported: 'Nur die Code-Challenge-Methode S256 wird unterstützt.',
      platform_api_failed:
        'Der Shop hat nicht wie erwartet geantwortet, daher konnten Sie nicht angemeldet werden. Versuchen Sie es gleich noch einmal; wenn es weiterhin passiert, wenden Sie sich an den Shop.',
      platform_api_timeout:
        'Der Shop hat nicht rechtzeitig geantwortet, daher konnten Sie nicht angemeldet werden. Versuchen Sie es gleich noch einmal.',
      platform_customer_missing:
        'Der Shop hat kein Kundenkonto mit Ihrer E-Mail-Adresse. Bitten Sie den Shop, eines anzulegen, und melden Sie sich dann erneut an.',
      platform_signature_invalid:
        'Das Forum hat diese Anfrage mit einem anderen Geheimnis signiert. Die Forumsverwaltung muss im Forum und im Anmeldedienst dasselbe Geheimnis verwenden.',
    },
    say: {
      enterEmail: 'Geben Sie Ihre E-Mail-Adresse ein.',
      enterEmailAndPassword: 'Geben Sie Ihre E-Mail-Adresse und Ihr Passwort ein.',
      noSignInForEmail:
        'Für diese E-Mail-Adresse gibt es hier keine Anmeldung. Verwenden Sie eine der Schaltflächen.',
      noPasswordHere: 'Auf dieser Website ist hier keine Anmeldung mit Passwort möglich.',
      resetNotSetUp:
        'Das Zurücksetzen des Passworts per E-Mail ist hier nicht eingerichtet. Wenden Sie sich an die Website.',
      signupDomains: 'Neue Konten benötigen hier eine Adresse bei {{domains}}.',
      nameRule: 'Geben Sie einen Namen mit höchstens {{max}} Zeichen in einer Zeile ein.',
      totpWrong: 'Dieser Code ist nicht richtig. Verwenden Sie den aktuellen.',
      noSecondFactor: 'Es ist kein zweiter Faktor eingerichtet.',
      secondStepNotDone: 'Der zweite Schritt ist noch nicht abgeschlossen.',
      passkeyFailed:
        'Der Passkey wurde nicht akzeptiert. Versuchen Sie es erneut oder wählen Sie einen anderen Weg.',
      idpDidNotSignIn: 'Der Identitätsanbieter hat Sie nicht angemeldet.',
      startFromSite:
        'Diese Anmeldung kann hier nicht abgeschlossen werden. Beginnen Sie sie auf der Website.',
      formUnreadable: 'Das Formular konnte nicht gelesen werden.',
      returnToNeedsApp: 'return_to erfordert den Parameter app.',
      callbackNotNamed:
        'Diese Website hat mehrere Rückrufadressen und hat nicht angegeben, welche verwendet werden soll.',
      returnPathNotOnSite:
        'Die Seite, zu der zurückgekehrt werden soll, gehört nicht zu dieser Website.',
      platformNoNonce:
        'Die Anmeldung muss auf der Website beginnen: Ihre Anfrage hatte keine Nonce.',
      platformNonceTooLong: 'Die Nonce ist zu lang.',
      platformValueInvalid: '{{name}} ist ungültig.',
      platformValueForeign: '{{name}} gehört nicht zu dieser Website.',
      forumNotSigned: 'Die Anmeldung muss im Forum beginnen: Die Anfrage war nicht signiert.',
      forumMalformed: 'Das Forum hat eine fehlerhafte Anfrage gesendet.',
      platformError:
        '{{platform}} hat die Anmeldung abgelehnt: {{message}}. Informieren Sie den Administrator der Website.',
      platformErrorNoReason:
        '{{platform}} hat die Anmeldung abgelehnt, ohne Angabe von Gründen. Informieren Sie den Administrator der Website.',
    },
  },
}
