/** The visitor pages in French (vous): the same keys as en.ts (catalog.test.ts checks it). */
import type { Catalog } from '../messages.js'

export const fr: Catalog = {
  common: {
    continue: 'Continuer',
    continueTo: 'Continuer vers {{app}}',
    continueWith: 'Continuer avec {{name}}',
    backToSignIn: 'Retour à la connexion',
    signingIn: 'Connexion en cours…',
    takingYouBack: 'Redirection en cours…',
    takingYouTo: 'Redirection vers {{name}}…',
    email: 'E-mail',
    password: 'Mot de passe',
    name: 'Nom',
    code: 'Code',
    or: 'ou',
    recoveryCodes: 'Codes de récupération',
    signedIn: 'Connecté en tant que {{email}}',
  },
  login: {
    title: 'Se connecter à {{app}}',
    heading: 'Connexion',
    subtitle: 'pour continuer vers {{app}}',
    methods: 'Méthodes de connexion',
    companyHint:
      "Pour un compte d'entreprise, seule l'adresse e-mail est nécessaire : nous vous redirigeons vers la connexion de votre entreprise.",
    signIn: 'Se connecter',
    next: 'Continuer',
    cancel: 'Annuler et revenir',
    usePasskey: "Utiliser une clé d'accès",
    emailCode: 'Recevoir un code de connexion par e-mail',
    account: 'Compte',
    forgot: 'Mot de passe oublié ?',
    signup: 'Créer un compte',
  },
  signup: {
    title: 'Créer un compte pour {{app}}',
    heading: 'Créer un compte',
    passwordOptional: 'Mot de passe (facultatif)',
    passwordRule: 'Au moins 8 caractères.',
    passwordlessHint:
      'Sans mot de passe, vous vous connectez avec un code que nous vous envoyons par e-mail.',
    submit: 'Créer le compte',
    sent: 'Pour terminer, ouvrez le lien que nous avons envoyé à',
  },
  checkEmail: {
    title: 'Consultez vos e-mails',
    spam: 'Rien reçu ? Vérifiez votre dossier de spam ou refaites la demande dans quelques minutes.',
    verifyFirst: "Confirmez d'abord votre adresse e-mail : nous avons envoyé un nouveau lien à",
  },
  verify: {
    title: 'Confirmez votre adresse e-mail',
    text: 'Confirmez cette adresse pour terminer la création de votre compte.',
    button: 'Confirmer mon adresse e-mail',
    doneTitle: 'Adresse e-mail confirmée',
    doneText: 'Votre adresse e-mail est confirmée. Revenez sur le site et connectez-vous.',
  },
  forgot: {
    title: 'Réinitialiser votre mot de passe',
    text: 'Nous vous envoyons par e-mail un lien pour en choisir un nouveau.',
    submit: 'Envoyer le lien de réinitialisation',
    sent: 'Si un compte existe pour cette adresse, nous avons envoyé un lien pour choisir un nouveau mot de passe à',
  },
  reset: {
    title: 'Choisissez un nouveau mot de passe',
    for: 'pour {{email}}',
    label: 'Nouveau mot de passe',
    rule: 'Au moins 8 caractères. Toutes les autres sessions de votre compte seront fermées.',
    submit: 'Définir le mot de passe',
    doneTitle: 'Mot de passe modifié',
    doneText:
      'Votre nouveau mot de passe est défini et toutes les sessions de votre compte ont été fermées. Revenez sur le site et connectez-vous.',
  },
  emailCode: {
    sentCode: 'Si un compte existe pour cette adresse, nous avons envoyé un code à 6 chiffres à',
    sentLink: 'Si un compte existe pour cette adresse, nous avons envoyé un lien de connexion à',
    openLink: 'Ouvrez le lien dans ce navigateur pour continuer vers {{app}}.',
    submit: 'Se connecter',
    linkTitle: 'Connexion',
    linkText: 'Continuez pour vous connecter avec le lien reçu par e-mail.',
    linkButton: 'Se connecter',
    elsewhereTitle: 'Ouvrez le lien là où vous avez commencé',
  },
  link: {
    title: 'Associer votre compte',
    heading: 'Un compte avec cette adresse e-mail existe déjà',
    text: 'Vous vous êtes connecté avec {{connection}} en tant que {{email}}, et un compte avec cette adresse existe déjà ici. Connectez-vous une fois à ce compte pour y associer {{connection}} : ensuite, les deux moyens ouvrent le même compte.',
    separateText:
      'Ou continuez avec un compte distinct : il ne partagera rien avec le compte existant.',
    signIn: 'Se connecter pour associer',
    separate: 'Continuer avec un compte distinct',
    loginNotice: 'Connectez-vous à votre compte existant pour y associer {{connection}}.',
  },
  identities: {
    title: 'Vos moyens de connexion',
    list: 'Moyens de connexion',
    password: 'Mot de passe',
    primary: 'Votre compte a été créé avec celui-ci : il ne peut pas être dissocié.',
    linked: 'associé le {{date}}',
    linkedEarlier: 'associé auparavant',
    unlink: 'Dissocier',
    unlinkNamed: 'Dissocier {{name}}',
    unlinkedNotice: 'Dissocié. Cette connexion n’ouvre plus ce compte.',
    none: 'Aucun autre moyen de connexion n’est associé à votre compte.',
  },
  mfa: {
    title: 'Validation en deux étapes',
    asks: '{{app}} demande une deuxième étape.',
    authenticatorCode: "Code de votre application d'authentification",
    verify: 'Valider',
    recoveryCode: 'Ou un code de récupération',
    useRecoveryCode: 'Utiliser le code de récupération',
    enrolTitle: 'Configurer la validation en deux étapes',
    enrolText:
      "{{app}} exige une deuxième étape. Scannez ce code avec une application d'authentification.",
    enterKey: 'Ou saisissez cette clé :',
    turnOn: 'Valider et activer',
    orPasskey: "ou utilisez plutôt une clé d'accès ou une clé de sécurité",
    setUpPasskey: "Configurer une clé d'accès",
    onTitle: 'La validation en deux étapes est activée',
    onText: 'Continuez pour terminer la connexion.',
    recoveryUsedTitle: 'Code de récupération accepté',
    recoveryLeft_one:
      "Il vous reste {{count}} code de récupération. Chaque code ne fonctionne qu'une fois.",
    recoveryLeft_other:
      "Il vous reste {{count}} codes de récupération. Chaque code ne fonctionne qu'une fois.",
    saveCodesTitle: 'Enregistrez vos codes de récupération',
    saveCodesText:
      "La validation en deux étapes est activée. Conservez ces codes en lieu sûr : chacun vous permet de vous connecter une fois si vous perdez votre application d'authentification. Ils ne sont affichés que maintenant.",
    savePasskeyCodesText:
      "Votre clé d'accès est configurée. Conservez ces codes en lieu sûr : chacun vous permet de vous connecter une fois si vous perdez votre clé d'accès. Ils ne sont affichés que maintenant.",
  },
  passkey: {
    name: "Nom de la clé d'accès",
    namePlaceholder: 'Ordinateur portable, téléphone, YubiKey…',
    unsupported: "Ce navigateur ne prend pas en charge les clés d'accès.",
    follow: 'Suivez les étapes de votre navigateur ou de votre clé de sécurité…',
    duplicate: "Cette clé d'accès est déjà enregistrée.",
    notUsed: "Aucune clé d'accès n'a été utilisée. Réessayez ou utilisez un autre moyen.",
  },
  account: {
    title: "Vos clés d'accès",
    codes:
      "Conservez ces codes de récupération en lieu sûr : chacun vous permet de vous connecter une fois si vous perdez vos clés d'accès. Ils ne sont affichés que maintenant.",
    none: "Vous n'avez pas encore de clé d'accès.",
    list: "Clés d'accès",
    deviceBound: 'Conservée sur un seul appareil ou une clé de sécurité',
    synced: "Clé d'accès synchronisée",
    added: 'ajoutée le {{date}}',
    lastUsed: 'dernière utilisation le {{date}}',
    neverUsed: 'jamais utilisée',
    newName: 'Nouveau nom pour {{name}}',
    rename: 'Renommer',
    remove: 'Supprimer',
    removeNamed: 'Supprimer {{name}}',
    add: "Ajouter une clé d'accès",
    full: "Vous avez atteint le nombre maximal de clés d'accès pour un compte.",
    addedNotice: "Clé d'accès ajoutée.",
    renamedNotice: "Clé d'accès renommée.",
    removedNotice: "Clé d'accès supprimée.",
    notAdded: "La clé d'accès n'a pas été ajoutée. Réessayez.",
    notSignedInTitle: 'Non connecté',
    notSignedInText: "Connectez-vous d'abord à l'un de vos sites, puis revenez sur cette page.",
    stepUpTitle: "Confirmez qu'il s'agit bien de vous",
    stepUpText:
      "Votre compte utilise la validation en deux étapes. Connectez-vous à un site avec votre deuxième étape (une clé d'accès ou un code), puis revenez pour gérer vos clés d'accès.",
  },
  logout: {
    title: 'Déconnexion',
    heading: 'Se déconnecter ?',
    asks: '{{app}} demande à vous déconnecter.',
    everywhere:
      'En vous déconnectant ici, vous êtes déconnecté de tous les sites qui utilisent ce service de connexion.',
    submit: 'Se déconnecter',
    submitEverywhere: 'Se déconnecter partout',
    onlyThisSite: 'Se déconnecter uniquement de {{app}}',
    thisSite: 'ce site',
    stay: 'Rester connecté',
    doneTitle: 'Déconnecté',
    doneText: 'Vous êtes déconnecté.',
  },
  brand: {
    support: 'Aide',
    privacy: 'Confidentialité',
    terms: "Conditions d'utilisation",
    nav: 'À propos de ce site',
  },
  home: {
    text: 'Le service de connexion fonctionne.',
  },
  error: {
    title: 'Problème de connexion',
    reference: 'Erreur {{code}} · référence {{reference}}',
    parameter: {
      parameter_missing: 'Le paramètre « {{name}} » est manquant.',
      parameter_repeated: 'Le paramètre « {{name}} » est répété.',
      parameter_too_long: 'Le paramètre « {{name}} » est trop long.',
      parameter_invalid: "Le paramètre « {{name}} » n'est pas valide.",
      nul_character: "Le paramètre « {{name}} » n'est pas valide.",
    },
    code: {
      invalid_request: "Il manque un paramètre à la demande, ou l'un d'eux n'est pas valide.",
      unknown_app: "Ce site n'est pas enregistré auprès du service de connexion.",
      invalid_redirect_uri: "L'adresse de retour n'est pas enregistrée pour ce site.",
      invalid_return_to: "L'adresse de retour n'appartient pas à ce site.",
      login_expired:
        'Cette connexion a expiré ou a déjà été utilisée. Revenez sur le site et connectez-vous à nouveau.',
      csrf_failed:
        "Le formulaire n'a pas pu être vérifié. Revenez sur le site et connectez-vous à nouveau.",
      payload_too_large: 'La demande est trop volumineuse.',
      link_expired: 'Ce lien ou ce code a expiré ou a déjà été utilisé. Demandez-en un nouveau.',
      signup_refused: 'Il est impossible de créer un compte ici avec cette adresse e-mail.',
      platform_refused:
        "Le site n'a pas pu terminer cette connexion. Revenez sur le site et réessayez.",
      access_denied: 'La connexion a été annulée.',
      login_required: "Vous n'êtes pas connecté.",
      upstream_response_invalid:
        "La réponse du fournisseur d'identité n'a pas pu être acceptée. Revenez sur le site et connectez-vous à nouveau.",
      upstream_error:
        "Le fournisseur d'identité a envoyé une réponse non fiable. Revenez sur le site et réessayez.",
      upstream_unavailable:
        "Le fournisseur d'identité n'a pas répondu à temps. Réessayez dans un instant.",
      invalid_credentials: 'E-mail ou mot de passe incorrect.',
      too_many_attempts: "Trop d'échecs. Patientez quelques minutes, puis réessayez.",
      invalid_grant:
        "Le code n'est pas valide, a expiré, a déjà été utilisé ou a été émis pour un autre client.",
      invalid_client: "Ce site n'est pas enregistré pour la remise de code.",
      unsupported_grant_type: 'Seul le type de grant authorization_code est pris en charge.',
      origin_not_allowed: "Cette origine n'est pas enregistrée pour ce site.",
      unauthorized:
        "Une clé d'API d'administration ou une session d'administration valide est requise.",
      insufficient_scope: "Cette clé d'API n'a pas la portée requise pour cette opération.",
      reauthentication_required:
        'Cette modification nécessite une connexion récente. Connectez-vous à nouveau, puis réessayez.',
      conflict: "Ceci est en conflit avec l'état actuel des données.",
      invalid_config: "La configuration n'est pas valide.",
      not_found: "Il n'y a rien ici.",
      server_error: "Une erreur s'est produite de notre côté. Réessayez dans un instant.",
      temporarily_unavailable:
        'Le service de connexion est momentanément indisponible. Réessayez dans un instant.',
    },
    reason: {
      account_link_expired:
        'Cette association de compte a expiré ou a déjà été utilisée. Retournez sur le site et connectez-vous à nouveau.',
      account_link_other_user:
        'Vous vous êtes connecté à un compte qui n’a pas cette adresse e-mail : rien n’a été associé. Retournez sur le site et connectez-vous à nouveau.',
      identity_unknown: 'Ce moyen de connexion n’est pas associé à votre compte.',
      identity_primary:
        'Votre compte a été créé avec ce moyen de connexion : il ne peut pas être dissocié.',
      identity_last: 'C’est le dernier moyen de vous connecter : il ne peut pas être dissocié.',
      not_a_form: 'Un envoi de formulaire était attendu.',
      connection_not_enabled: "Cette méthode de connexion n'est pas activée pour ce site.",
      user_disabled: 'Ce compte est désactivé.',
      second_factor_enrolled: 'La validation en deux étapes est déjà configurée.',
      email_link_other_browser:
        "Ce lien ne fonctionne que dans le navigateur où vous l'avez demandé. Saisissez plutôt le code de l'e-mail dans ce navigateur.",
      signup_off: 'Il est impossible de créer un compte ici.',
      passwordless_off: "La connexion par code envoyé par e-mail n'est pas activée pour ce site.",
      password_rules: 'Choisissez un mot de passe de 8 à 256 caractères.',
      email_address_invalid: 'Saisissez une adresse e-mail valide.',
      email_code_wrong: "Ce code n'est pas correct. Vérifiez l'e-mail et réessayez.",
      email_code_attempts: 'Trop de codes incorrects. Demandez-en un nouveau.',
      email_throttled: "Trop d'e-mails ont été demandés. Patientez une heure, puis réessayez.",
      pkce_method_unsupported: 'Seule la méthode de défi de code S256 est prise en charge.',
      platform_api_failed:
        "La boutique n'a pas répondu comme prévu, vous n'avez donc pas pu être connecté. Réessayez dans un instant ; si cela se reproduit, prévenez la boutique.",
      platform_api_timeout:
        "La boutique n'a pas répondu à temps, vous n'avez donc pas pu être connecté. Réessayez dans un instant.",
      platform_customer_missing:
        "La boutique n'a aucun compte client avec votre adresse e-mail. Demandez à la boutique d'en créer un, puis reconnectez-vous.",
      platform_signature_invalid:
        "Le forum a signé cette requête avec un autre secret. L'administrateur du forum doit utiliser le même secret dans le forum et dans le service de connexion.",
    },
    say: {
      enterEmail: 'Saisissez votre adresse e-mail.',
      enterEmailAndPassword: 'Saisissez votre adresse e-mail et votre mot de passe.',
      noSignInForEmail:
        "Aucune connexion n'est prévue ici pour cette adresse e-mail. Utilisez l'un des boutons.",
      noPasswordHere: 'Ce site ne permet pas de se connecter ici avec un mot de passe.',
      resetNotSetUp:
        "La réinitialisation du mot de passe par e-mail n'est pas configurée ici. Demandez de l'aide au site.",
      signupDomains: 'Les nouveaux comptes nécessitent ici une adresse chez {{domains}}.',
      nameRule: 'Saisissez un nom de {{max}} caractères au maximum, sur une seule ligne.',
      totpWrong: "Ce code n'est pas correct. Essayez le code actuel.",
      noSecondFactor: "Aucun deuxième facteur n'est configuré.",
      secondStepNotDone: "La deuxième étape n'est pas encore terminée.",
      passkeyFailed: "La clé d'accès n'a pas été acceptée. Réessayez ou utilisez un autre moyen.",
      idpDidNotSignIn: "Le fournisseur d'identité ne vous a pas connecté.",
      startFromSite: 'Cette connexion ne peut pas être terminée ici. Commencez-la depuis le site.',
      formUnreadable: "Le formulaire n'a pas pu être lu.",
      returnToNeedsApp: 'return_to nécessite le paramètre app.',
      callbackNotNamed:
        "Ce site a plusieurs adresses de rappel et n'a pas indiqué laquelle utiliser.",
      returnPathNotOnSite: "La page de retour n'est pas une page de ce site.",
      platformNoNonce: "La connexion doit commencer sur le site : sa requête n'avait pas de nonce.",
      platformNonceTooLong: 'Le nonce est trop long.',
      platformValueInvalid: "{{name}} n'est pas valide.",
      platformValueForeign: "{{name}} n'appartient pas à ce site.",
      forumNotSigned: "La connexion doit commencer sur le forum : sa requête n'était pas signée.",
      forumMalformed: 'Le forum a envoyé une requête mal formée.',
      platformError:
        "{{platform}} a refusé la connexion : {{message}}. Prévenez l'administrateur du site.",
      platformErrorNoReason:
        "{{platform}} a refusé la connexion, sans donner de raison. Prévenez l'administrateur du site.",
    },
  },
}
