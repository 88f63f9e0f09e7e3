/**
 * A software WebAuthn authenticator and client for tests: ES256 keys from node:crypto, `none`
 * attestation, authenticator data laid out as in the spec (rpIdHash, flags, counter, attested
 * credential data with a COSE key). Overrides let a test lie about origin, RP ID or challenge.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto'
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server'
import { isoCBOR } from '@simplewebauthn/server/helpers'

const FLAG_UP = 0x01
const FLAG_UV = 0x04
const FLAG_BE = 0x08
const FLAG_BS = 0x10
const FLAG_AT = 0x40

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url')
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest()

export interface StoredCredential {
  id: string
  privateKey: KeyObject
  rpId: string
  userHandle: string
  counter: number
}

export interface Lies {
  origin?: string
  rpId?: string
  challenge?: string
  type?: string
  /** Sign with this stored credential even when the options do not allow it. */
  credentialId?: string
  userHandle?: string
  /** Report this counter instead of the next one (a cloned authenticator). */
  counter?: number
}

export class SoftAuthenticator {
  readonly credentials: StoredCredential[] = []

  constructor(
    private readonly options: {
      origin: string
      /** Synced passkey (backup eligible and backed up): amr `swk` instead of `hwk`. */
      backupEligible?: boolean
      /** Whether it verifies the user (PIN, biometrics). Default true. */
      userVerification?: boolean
    },
  ) {}

  private flags(extra: number) {
    let flags = FLAG_UP | extra
    if (this.options.userVerification !== false) flags |= FLAG_UV
    if (this.options.backupEligible) flags |= FLAG_BE | FLAG_BS
    return flags
  }

  private clientData(type: string, challenge: string, lies: Lies) {
    return Buffer.from(
      JSON.stringify({
        type: lies.type ?? type,
        challenge: lies.challenge ?? challenge,
        origin: lies.origin ?? this.options.origin,
        crossOrigin: false,
      }),
    )
  }

  register(options: PublicKeyCredentialCreationOptionsJSON, lies: Lies = {}) {
    const rpId = lies.rpId ?? options.rp.id ?? new URL(this.options.origin).hostname
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const jwk = publicKey.export({ format: 'jwk' })
    const cose = isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, Buffer.from(jwk.x!, 'base64url')],
        [-3, Buffer.from(jwk.y!, 'base64url')],
      ]),
    )
    const credentialId = randomBytes(16)
    const counter = Buffer.alloc(4)
    const idLength = Buffer.alloc(2)
    idLength.writeUInt16BE(credentialId.length)
    const authData = Buffer.concat([
      sha256(rpId),
      Buffer.from([this.flags(FLAG_AT)]),
      counter,
      Buffer.alloc(16), // aaguid: none
      idLength,
      credentialId,
      Buffer.from(cose),
    ])
    const attestationObject = isoCBOR.encode(
      new Map<string, string | Uint8Array | Map<string, string>>([
        ['fmt', 'none'],
        ['attStmt', new Map<string, string>()],
        ['authData', new Uint8Array(authData)],
      ]),
    )
    const stored: StoredCredential = {
      id: b64url(credentialId),
      privateKey,
      rpId,
      userHandle: options.user.id,
      counter: 0,
    }
    this.credentials.push(stored)
    const response: RegistrationResponseJSON = {
      id: stored.id,
      rawId: stored.id,
      type: 'public-key',
      authenticatorAttachment: 'cross-platform',
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64url(this.clientData('webauthn.create', options.challenge, lies)),
        attestationObject: b64url(attestationObject),
        transports: ['usb'],
      },
    }
    return response
  }

  /** Signs an assertion with the first allowed credential (or any, for discoverable sign-in). */
  assert(options: PublicKeyCredentialRequestOptionsJSON, lies: Lies = {}) {
    const allowed = (options.allowCredentials ?? []).map((c) => c.id)
    // A lie about the credential id picks that credential whatever the options allow.
    const credential = this.credentials.find((c) =>
      lies.credentialId
        ? c.id === lies.credentialId
        : allowed.length === 0 || allowed.includes(c.id),
    )
    if (!credential) throw new Error('no matching credential')
    credential.counter += 1
    const counter = Buffer.alloc(4)
    counter.writeUInt32BE(lies.counter ?? credential.counter)
    const authData = Buffer.concat([
      sha256(lies.rpId ?? options.rpId ?? credential.rpId),
      Buffer.from([this.flags(0)]),
      counter,
    ])
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, lies)
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), {
      key: credential.privateKey,
      dsaEncoding: 'der',
    })
    const response: AuthenticationResponseJSON = {
      id: credential.id,
      rawId: credential.id,
      type: 'public-key',
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        userHandle: lies.userHandle ?? credential.userHandle,
      },
    }
    return response
  }
}

const entities: Record<string, string> = {
  '&amp;': '&',
  '&quot;': '"',
  '&#39;': "'",
  '&lt;': '<',
  '&gt;': '>',
}
const decode = (value: string) => value.replace(/&(amp|quot|#39|lt|gt);/g, (m) => entities[m] ?? m)

/** The passkey form of a page posting to `action`: its WebAuthn options and hidden fields. */
export function readPasskeyForm<T = PublicKeyCredentialRequestOptionsJSON>(
  html: string,
  action: string,
): { options: T; fields: Record<string, string> } | undefined {
  const form = new RegExp(`<form[^>]*action="${action}"[^>]*>([\\s\\S]*?)</form>`).exec(html)
  if (!form) return undefined
  const options = /data-passkey-options="([^"]*)"/.exec(form[0])?.[1]
  if (!options) return undefined
  const fields: Record<string, string> = {}
  for (const match of (form[1] ?? '').matchAll(/<input([^>]*)>/g)) {
    const name = /name="([^"]*)"/.exec(match[1] ?? '')?.[1]
    const value = /value="([^"]*)"/.exec(match[1] ?? '')?.[1]
    if (name && value !== undefined) fields[decode(name)] = decode(value)
  }
  return { options: JSON.parse(decode(options)) as T, fields }
}
