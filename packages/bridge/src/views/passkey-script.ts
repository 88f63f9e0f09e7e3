/**
 * The browser half of the passkey forms, inlined under the page's CSP nonce: it reads the
 * WebAuthn options from the form's `data-passkey-options`, calls `navigator.credentials`, and
 * posts the response as JSON in the form's `credential` field. Hand-written ES2017, no
 * dependencies; messages, in the page's language, come from the form's `data-passkey-messages`
 * and go through `textContent` only.
 */
export const passkeyScript = `(function () {
  'use strict'
  function toBytes(value) {
    var s = value.replace(/-/g, '+').replace(/_/g, '/')
    while (s.length % 4) s += '='
    var binary = atob(s)
    var bytes = new Uint8Array(binary.length)
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
    return bytes.buffer
  }
  function toText(buffer) {
    if (!buffer) return undefined
    var bytes = new Uint8Array(buffer)
    var binary = ''
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i])
    return btoa(binary).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '')
  }
  function descriptors(list) {
    return (list || []).map(function (d) {
      return { type: d.type, id: toBytes(d.id), transports: d.transports }
    })
  }
  function create(o) {
    var publicKey = Object.assign({}, o, {
      challenge: toBytes(o.challenge),
      user: Object.assign({}, o.user, { id: toBytes(o.user.id) }),
      excludeCredentials: descriptors(o.excludeCredentials),
    })
    return navigator.credentials.create({ publicKey: publicKey }).then(function (c) {
      var r = c.response
      return {
        id: c.id, rawId: toText(c.rawId), type: c.type,
        authenticatorAttachment: c.authenticatorAttachment || undefined,
        clientExtensionResults: c.getClientExtensionResults(),
        response: {
          clientDataJSON: toText(r.clientDataJSON),
          attestationObject: toText(r.attestationObject),
          transports: r.getTransports ? r.getTransports() : undefined,
        },
      }
    })
  }
  function get(o) {
    var publicKey = Object.assign({}, o, {
      challenge: toBytes(o.challenge),
      allowCredentials: descriptors(o.allowCredentials),
    })
    return navigator.credentials.get({ publicKey: publicKey }).then(function (c) {
      var r = c.response
      return {
        id: c.id, rawId: toText(c.rawId), type: c.type,
        authenticatorAttachment: c.authenticatorAttachment || undefined,
        clientExtensionResults: c.getClientExtensionResults(),
        response: {
          clientDataJSON: toText(r.clientDataJSON),
          authenticatorData: toText(r.authenticatorData),
          signature: toText(r.signature),
          userHandle: toText(r.userHandle),
        },
      }
    })
  }
  var forms = document.querySelectorAll('form[data-passkey]')
  Array.prototype.forEach.call(forms, function (form) {
    var status = form.querySelector('[data-passkey-status]')
    var messages = {}
    try { messages = JSON.parse(form.getAttribute('data-passkey-messages')) || {} } catch (e) {}
    var say = function (text) { if (status) status.textContent = text || '' }
    form.addEventListener('submit', function (event) {
      event.preventDefault()
      if (!window.PublicKeyCredential || !navigator.credentials) {
        say(messages.unsupported)
        return
      }
      var options
      try { options = JSON.parse(form.getAttribute('data-passkey-options')) } catch (e) { return }
      say(messages.follow)
      var ceremony = form.getAttribute('data-passkey') === 'create' ? create : get
      ceremony(options).then(function (credential) {
        form.elements.namedItem('credential').value = JSON.stringify(credential)
        form.submit()
      }, function (error) {
        say(error && error.name === 'InvalidStateError' ? messages.duplicate : messages.notUsed)
      })
    })
  })
})()`
