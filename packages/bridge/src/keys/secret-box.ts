/**
 * Encryption at rest for secrets kept in storage (app secrets, private keys). AES-256-GCM with a
 * fresh IV per value; the `context` is bound as additional data so that a ciphertext copied from
 * one record into another fails to decrypt instead of becoming another record's secret.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { BridgeError } from '../errors.js'

const VERSION = 'v1'

export interface SecretBox {
  seal(plaintext: string, context: string): string
  open(sealed: string, context: string): string
}

export function createSecretBox(masterKey: Uint8Array): SecretBox {
  if (masterKey.byteLength !== 32) throw new Error('the master key must be 32 bytes')
  const key = Buffer.from(masterKey)
  return {
    seal(plaintext, context) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      cipher.setAAD(Buffer.from(context))
      const body = Buffer.concat([
        cipher.update(plaintext, 'utf8'),
        cipher.final(),
        cipher.getAuthTag(),
      ])
      return `${VERSION}.${iv.toString('base64url')}.${body.toString('base64url')}`
    },
    open(sealed, context) {
      const [version, iv, body] = sealed.split('.')
      if (version !== VERSION || !iv || !body) {
        throw new BridgeError('server_error', {
          message: `sealed value for ${context} is malformed`,
        })
      }
      const bytes = Buffer.from(body, 'base64url')
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
        decipher.setAAD(Buffer.from(context))
        decipher.setAuthTag(bytes.subarray(bytes.length - 16))
        return Buffer.concat([
          decipher.update(bytes.subarray(0, bytes.length - 16)),
          decipher.final(),
        ]).toString('utf8')
      } catch (cause) {
        throw new BridgeError('server_error', {
          message: `cannot decrypt ${context}: wrong SSOBRIDGE_SECRET_KEY or tampered record`,
          cause,
        })
      }
    },
  }
}
