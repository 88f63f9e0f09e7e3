/** The visitor pages in Spanish: the same keys as en.ts (catalog.test.ts checks it). */
import type { Catalog } from '../messages.js'

// Neutral UI style: infinitives and impersonal forms where a product would use them, usted
// otherwise.
export const es: Catalog = {
  common: {
    continue: 'Continuar',
    continueTo: 'Continuar a {{app}}',
    continueWith: 'Continuar con {{name}}',
    backToSignIn: 'Volver al inicio de sesión',
    signingIn: 'Iniciando sesión…',
    takingYouBack: 'Volviendo…',
    takingYouTo: 'Redirigiendo a {{name}}…',
    email: 'Correo electrónico',
    password: 'Contraseña',
    name: 'Nombre',
    code: 'Código',
    or: 'o',
    recoveryCodes: 'Códigos de recuperación',
    signedIn: 'Sesión iniciada como {{email}}',
  },
  login: {
    title: 'Iniciar sesión en {{app}}',
    heading: 'Iniciar sesión',
    subtitle: 'para continuar a {{app}}',
    methods: 'Métodos de inicio de sesión',
    companyHint:
      'Las cuentas de empresa solo necesitan el correo electrónico: le llevaremos al inicio de sesión de su empresa.',
    signIn: 'Iniciar sesión',
    next: 'Continuar',
    cancel: 'Cancelar y volver',
    usePasskey: 'Usar una llave de acceso',
    emailCode: 'Enviarme un código de inicio de sesión por correo',
    account: 'Cuenta',
    forgot: '¿Ha olvidado su contraseña?',
    signup: 'Crear una cuenta',
  },
  signup: {
    title: 'Crear una cuenta para {{app}}',
    heading: 'Crear una cuenta',
    passwordOptional: 'Contraseña (opcional)',
    passwordRule: 'Al menos 8 caracteres.',
    passwordlessHint:
      'Sin contraseña, inicia sesión con un código que le enviamos por correo electrónico.',
    submit: 'Crear cuenta',
    sent: 'Para terminar, abra el enlace que hemos enviado a',
  },
  checkEmail: {
    title: 'Revise su correo electrónico',
    spam: '¿No ha recibido nada? Revise la carpeta de spam o vuelva a solicitarlo en unos minutos.',
    verifyFirst:
      'Primero confirme su dirección de correo electrónico: hemos enviado un nuevo enlace a',
  },
  verify: {
    title: 'Confirme su correo electrónico',
    text: 'Confirme esta dirección para terminar de crear su cuenta.',
    button: 'Confirmar mi correo electrónico',
    doneTitle: 'Correo electrónico confirmado',
    doneText:
      'Su dirección de correo electrónico está confirmada. Vuelva al sitio e inicie sesión.',
  },
  forgot: {
    title: 'Restablecer la contraseña',
    text: 'Le enviaremos por correo electrónico un enlace para elegir una nueva.',
    submit: 'Enviar enlace de restablecimiento',
    sent: 'Si existe una cuenta con esta dirección, hemos enviado un enlace para elegir una nueva contraseña a',
  },
  reset: {
    title: 'Elija una nueva contraseña',
    for: 'para {{email}}',
    label: 'Nueva contraseña',
    rule: 'Al menos 8 caracteres. Se cerrarán todas las demás sesiones de su cuenta.',
    submit: 'Establecer contraseña',
    doneTitle: 'Contraseña cambiada',
    doneText:
      'Su nueva contraseña está establecida y se han cerrado todas las sesiones de su cuenta. Vuelva al sitio e inicie sesión.',
  },
  emailCode: {
    sentCode: 'Si existe una cuenta con esta dirección, hemos enviado un código de 6 dígitos a',
    sentLink:
      'Si existe una cuenta con esta dirección, hemos enviado un enlace de inicio de sesión a',
    openLink: 'Abra el enlace en este navegador para continuar a {{app}}.',
    submit: 'Iniciar sesión',
    linkTitle: 'Iniciar sesión',
    linkText: 'Continúe para iniciar sesión con el enlace de su correo electrónico.',
    linkButton: 'Iniciar sesión',
    elsewhereTitle: 'Abra el enlace donde empezó',
  },
  link: {
    title: 'Vincular su cuenta',
    heading: 'Ya existe una cuenta con este correo electrónico',
    text: 'Ha iniciado sesión con {{connection}} como {{email}} y aquí ya existe una cuenta con este correo. Inicie sesión una vez en esa cuenta para vincular {{connection}}: después, ambas formas le darán acceso a la misma cuenta.',
    separateText: 'O continúe con una cuenta independiente: no compartirá nada con la existente.',
    signIn: 'Iniciar sesión para vincular',
    separate: 'Continuar con una cuenta independiente',
    loginNotice: 'Inicie sesión en su cuenta existente para vincular {{connection}} a ella.',
  },
  identities: {
    title: 'Sus métodos de inicio de sesión',
    list: 'Métodos de inicio de sesión',
    password: 'Contraseña',
    primary: 'Su cuenta se creó con este método: no se puede desvincular.',
    linked: 'vinculado el {{date}}',
    linkedEarlier: 'vinculado anteriormente',
    unlink: 'Desvincular',
    unlinkNamed: 'Desvincular {{name}}',
    unlinkedNotice: 'Desvinculado. Ese inicio de sesión ya no abre esta cuenta.',
    none: 'No hay otros métodos de inicio de sesión vinculados a su cuenta.',
  },
  mfa: {
    title: 'Verificación en dos pasos',
    asks: '{{app}} solicita un segundo paso.',
    authenticatorCode: 'Código de su aplicación de autenticación',
    verify: 'Verificar',
    recoveryCode: 'O un código de recuperación',
    useRecoveryCode: 'Usar código de recuperación',
    enrolTitle: 'Configurar la verificación en dos pasos',
    enrolText:
      '{{app}} requiere un segundo paso. Escanee este código con una aplicación de autenticación.',
    enterKey: 'O introduzca esta clave:',
    turnOn: 'Verificar y activar',
    orPasskey: 'o use en su lugar una llave de acceso o de seguridad',
    setUpPasskey: 'Configurar una llave de acceso',
    onTitle: 'La verificación en dos pasos está activada',
    onText: 'Continúe para terminar de iniciar sesión.',
    recoveryUsedTitle: 'Código de recuperación aceptado',
    recoveryLeft_one: 'Le queda {{count}} código de recuperación. Cada código sirve una sola vez.',
    recoveryLeft_other:
      'Le quedan {{count}} códigos de recuperación. Cada código sirve una sola vez.',
    saveCodesTitle: 'Guarde sus códigos de recuperación',
    saveCodesText:
      'La verificación en dos pasos está activada. Guarde estos códigos en un lugar seguro: cada uno le permite iniciar sesión una vez si pierde su aplicación de autenticación. Solo se muestran ahora.',
    savePasskeyCodesText:
      'Su llave de acceso está configurada. Guarde estos códigos en un lugar seguro: cada uno le permite iniciar sesión una vez si pierde su llave de acceso. Solo se muestran ahora.',
  },
  passkey: {
    name: 'Nombre de la llave de acceso',
    namePlaceholder: 'Portátil, teléfono, YubiKey…',
    unsupported: 'Este navegador no admite llaves de acceso.',
    follow: 'Siga los pasos de su navegador o llave de seguridad…',
    duplicate: 'Esta llave de acceso ya está registrada.',
    notUsed: 'No se ha usado ninguna llave de acceso. Vuelva a intentarlo o use otro método.',
  },
  account: {
    title: 'Sus llaves de acceso',
    codes:
      'Guarde estos códigos de recuperación en un lugar seguro: cada uno le permite iniciar sesión una vez si pierde sus llaves de acceso. Solo se muestran ahora.',
    none: 'Todavía no tiene llaves de acceso.',
    list: 'Llaves de acceso',
    deviceBound: 'Guardada en un solo dispositivo o llave de seguridad',
    synced: 'Llave de acceso sincronizada',
    added: 'añadida el {{date}}',
    lastUsed: 'último uso el {{date}}',
    neverUsed: 'nunca usada',
    newName: 'Nuevo nombre para {{name}}',
    rename: 'Cambiar nombre',
    remove: 'Eliminar',
    removeNamed: 'Eliminar {{name}}',
    add: 'Añadir una llave de acceso',
    full: 'Ya tiene el número máximo de llaves de acceso que admite una cuenta.',
    addedNotice: 'Llave de acceso añadida.',
    renamedNotice: 'Nombre de la llave de acceso cambiado.',
    removedNotice: 'Llave de acceso eliminada.',
    notAdded: 'No se ha añadido la llave de acceso. Vuelva a intentarlo.',
    notSignedInTitle: 'No ha iniciado sesión',
    notSignedInText: 'Primero inicie sesión en uno de sus sitios y luego vuelva a esta página.',
    stepUpTitle: 'Confirme su identidad',
    stepUpText:
      'Su cuenta tiene la verificación en dos pasos. Inicie sesión en un sitio con su segundo paso (una llave de acceso o un código) y luego vuelva para gestionar sus llaves de acceso.',
  },
  accountNav: {
    label: 'Tu cuenta',
    sessions: 'Sesiones',
    passkeys: 'Llaves de acceso',
    identities: 'Métodos de inicio de sesión',
  },
  sessions: {
    title: 'Tus sesiones',
    intro:
      'Cada navegador donde has iniciado sesión. Cerrar una sesión la cierra aquí y en cada sitio en el que inició sesión.',
    list: 'Sesiones',
    thisDevice: 'este dispositivo',
    device: '{{browser}} en {{os}}, {{type}}',
    deviceWithoutType: '{{browser}} en {{os}}',
    unknownDevice: 'Dispositivo desconocido',
    unknownBrowser: 'Navegador desconocido',
    unknownOs: 'sistema desconocido',
    type: {
      desktop: 'ordenador',
      mobile: 'teléfono',
      tablet: 'tableta',
      tv: 'televisor',
      bot: 'cliente automatizado',
    },
    created: 'inicio de sesión {{date}}',
    lastSeen: 'último uso {{date}}',
    apps: 'Sitios: {{apps}}',
    noApps: 'Ningún sitio todavía',
    end: 'Cerrar',
    endNamed: 'Cerrar la sesión en {{device}}',
    endThis: 'Cerrar (salir aquí)',
    endThisNamed: 'Cerrar esta sesión en {{device}} y salir aquí',
    endOthers: 'Cerrar todas las demás sesiones',
    endAll: 'Cerrar todas las sesiones, también esta',
    endedNotice: 'La sesión se ha cerrado; se avisó a sus sitios.',
    othersEndedNotice: 'Todas las demás sesiones se han cerrado; se avisó a sus sitios.',
    allEndedTitle: 'Sesión cerrada en todas partes',
    allEndedText:
      'Todas las sesiones de tu cuenta se han cerrado, también esta. Se avisó a sus sitios.',
    endedHereTitle: 'Sesión cerrada',
    endedHereText: 'Esta sesión se ha cerrado; se avisó a sus sitios.',
  },
  logout: {
    title: 'Cerrar sesión',
    heading: '¿Cerrar sesión?',
    asks: '{{app}} solicita cerrar su sesión.',
    everywhere:
      'Si cierra sesión aquí, se cerrará en todos los sitios que usan este servicio de inicio de sesión.',
    submit: 'Cerrar sesión',
    submitEverywhere: 'Cerrar sesión en todas partes',
    onlyThisSite: 'Cerrar sesión solo en {{app}}',
    thisSite: 'este sitio',
    stay: 'Mantener la sesión iniciada',
    doneTitle: 'Sesión cerrada',
    doneText: 'Ha cerrado la sesión.',
  },
  brand: {
    support: 'Ayuda',
    privacy: 'Privacidad',
    terms: 'Condiciones',
    nav: 'Acerca de este sitio',
  },
  home: {
    text: 'El servicio de inicio de sesión está en funcionamiento.',
  },
  error: {
    title: 'Problema al iniciar sesión',
    reference: 'Error {{code}} · referencia {{reference}}',
    parameter: {
      parameter_missing: 'Falta el parámetro «{{name}}».',
      parameter_repeated: 'El parámetro «{{name}}» está repetido.',
      parameter_too_long: 'El parámetro «{{name}}» es demasiado largo.',
      parameter_invalid: 'El parámetro «{{name}}» no es válido.',
      nul_character: 'El parámetro «{{name}}» no es válido.',
    },
    code: {
      invalid_request: 'A la solicitud le falta un parámetro o tiene uno que no es válido.',
      unknown_app: 'Este sitio no está registrado en el servicio de inicio de sesión.',
      invalid_redirect_uri: 'La dirección de retorno no está registrada para este sitio.',
      invalid_return_to: 'La dirección de retorno no pertenece a este sitio.',
      login_expired:
        'Este inicio de sesión ha caducado o ya se ha usado. Vuelva al sitio e inicie sesión de nuevo.',
      csrf_failed:
        'No se ha podido verificar el formulario. Vuelva al sitio e inicie sesión de nuevo.',
      payload_too_large: 'La solicitud es demasiado grande.',
      link_expired: 'Este enlace o código ha caducado o ya se ha usado. Solicite uno nuevo.',
      signup_refused: 'Aquí no se pueden crear cuentas nuevas con esta dirección de correo.',
      platform_refused:
        'El sitio no ha podido completar este inicio de sesión. Vuelva al sitio e inténtelo de nuevo.',
      access_denied: 'Se ha cancelado el inicio de sesión.',
      login_required: 'No ha iniciado sesión.',
      upstream_response_invalid:
        'No se ha podido aceptar la respuesta del proveedor de identidad. Vuelva al sitio e inicie sesión de nuevo.',
      upstream_error:
        'El proveedor de identidad ha enviado una respuesta que no es de confianza. Vuelva al sitio e inténtelo de nuevo.',
      upstream_unavailable:
        'El proveedor de identidad no ha respondido a tiempo. Inténtelo de nuevo en un momento.',
      invalid_credentials: 'Correo electrónico o contraseña incorrectos.',
      too_many_attempts: 'Demasiados intentos fallidos. Espere unos minutos e inténtelo de nuevo.',
      invalid_grant:
        'El código no es válido, ha caducado, ya se ha usado o se emitió para otro cliente.',
      invalid_client: 'Este sitio no está registrado para la entrega de códigos.',
      unsupported_grant_type: 'Solo se admite el tipo de concesión authorization_code.',
      origin_not_allowed: 'Este origen no está registrado para este sitio.',
      unauthorized:
        'Se necesita una clave de API de administración o una sesión de administración válida.',
      insufficient_scope: 'Esta clave de API no tiene el ámbito que requiere esta operación.',
      reauthentication_required:
        'Este cambio requiere un inicio de sesión reciente. Inicie sesión de nuevo y vuelva a intentarlo.',
      conflict: 'Esto entra en conflicto con el estado actual de los registros.',
      invalid_config: 'La configuración no es válida.',
      not_found: 'Aquí no hay nada.',
      server_error: 'Algo ha fallado por nuestra parte. Inténtelo de nuevo en un momento.',
      temporarily_unavailable:
        'El servicio de inicio de sesión no está disponible temporalmente. Inténtelo de nuevo en un momento.',
    },
    reason: {
      account_link_expired:
        'Esta vinculación de cuenta ha caducado o ya se usó. Vuelva al sitio e inicie sesión de nuevo.',
      account_link_other_user:
        'Ha iniciado sesión en una cuenta que no tiene este correo, así que no se vinculó nada. Vuelva al sitio e inicie sesión de nuevo.',
      identity_unknown: 'Este método de inicio de sesión no está vinculado a su cuenta.',
      identity_primary:
        'Su cuenta se creó con este método de inicio de sesión: no se puede desvincular.',
      identity_last: 'Es la última forma que tiene de iniciar sesión: no se puede desvincular.',
      not_a_form: 'Se esperaba el envío de un formulario.',
      connection_not_enabled: 'Este método de inicio de sesión no está habilitado para este sitio.',
      user_disabled: 'Esta cuenta está desactivada.',
      second_factor_enrolled: 'La verificación en dos pasos ya está configurada.',
      email_link_other_browser:
        'Este enlace solo funciona en el navegador donde lo solicitó. Introduzca allí el código del correo electrónico.',
      signup_off: 'Aquí no se pueden crear cuentas nuevas.',
      passwordless_off:
        'El inicio de sesión con código por correo electrónico no está habilitado para este sitio.',
      password_rules: 'Elija una contraseña de 8 a 256 caracteres.',
      email_address_invalid: 'Introduzca una dirección de correo electrónico válida.',
      email_code_wrong: 'El código no es correcto. Revise el correo e inténtelo de nuevo.',
      email_code_attempts: 'Demasiados códigos incorrectos. Solicite uno nuevo.',
      email_throttled:
        'Se han solicitado demasiados correos. Espere una hora e inténtelo de nuevo.',
      pkce_method_unsupported: 'Solo se admite el método de desafío de código S256.',
      platform_api_failed:
        'La tienda no respondió como se esperaba, por lo que no se pudo iniciar sesión. Inténtelo de nuevo en un momento; si sigue ocurriendo, avise a la tienda.',
      platform_api_timeout:
        'La tienda no respondió a tiempo, por lo que no se pudo iniciar sesión. Inténtelo de nuevo en un momento.',
      platform_customer_missing:
        'La tienda no tiene ninguna cuenta de cliente con su dirección de correo electrónico. Pida a la tienda que cree una y vuelva a iniciar sesión.',
      platform_signature_invalid:
        'El foro firmó esta solicitud con otro secreto. El administrador del foro debe usar el mismo secreto en el foro y en el servicio de inicio de sesión.',
    },
    say: {
      enterEmail: 'Introduzca su correo electrónico.',
      enterEmailAndPassword: 'Introduzca su correo electrónico y su contraseña.',
      noSignInForEmail:
        'Aquí no hay inicio de sesión para esta dirección de correo. Use uno de los botones.',
      noPasswordHere: 'Este sitio no permite iniciar sesión aquí con contraseña.',
      resetNotSetUp:
        'El restablecimiento de contraseña por correo no está configurado aquí. Pida ayuda al sitio.',
      signupDomains: 'Las cuentas nuevas necesitan aquí una dirección de {{domains}}.',
      nameRule: 'Introduzca un nombre de {{max}} caracteres como máximo, en una sola línea.',
      totpWrong: 'El código no es correcto. Pruebe con el actual.',
      noSecondFactor: 'No hay ningún segundo factor configurado.',
      secondStepNotDone: 'El segundo paso todavía no se ha completado.',
      passkeyFailed: 'No se ha aceptado la llave de acceso. Vuelva a intentarlo o use otro método.',
      idpDidNotSignIn: 'El proveedor de identidad no ha iniciado su sesión.',
      startFromSite: 'Este inicio de sesión no se puede completar aquí. Empiece desde el sitio.',
      formUnreadable: 'No se ha podido leer el formulario.',
      returnToNeedsApp: 'return_to necesita el parámetro app.',
      callbackNotNamed: 'Este sitio tiene varias direcciones de retorno y no indicó cuál usar.',
      returnPathNotOnSite: 'La página a la que volver no es una página de este sitio.',
      platformNoNonce: 'El inicio de sesión debe empezar en el sitio: su solicitud no tenía nonce.',
      platformNonceTooLong: 'El nonce es demasiado largo.',
      platformValueInvalid: '{{name}} no es válido.',
      platformValueForeign: '{{name}} no pertenece a este sitio.',
      forumNotSigned:
        'El inicio de sesión debe empezar en el foro: su solicitud no estaba firmada.',
      forumMalformed: 'El foro envió una solicitud mal formada.',
      platformError:
        '{{platform}} ha rechazado el inicio de sesión: {{message}}. Avise al administrador del sitio.',
      platformErrorNoReason:
        '{{platform}} ha rechazado el inicio de sesión sin indicar el motivo. Avise al administrador del sitio.',
    },
  },
}
