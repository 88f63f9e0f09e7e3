import { createPrivateKey, X509Certificate } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { generateCertifiedKeyPair } from './self-signed-certificate.js'

describe('self-signed certificates', () => {
  it('are valid X.509 that OpenSSL parses, self-verifying, for the key they come with', () => {
    for (let i = 0; i < 20; i++) {
      const pair = generateCertifiedKeyPair(`test ${i}`, 30)
      const cert = new X509Certificate(pair.certificate)
      expect(cert.subject).toBe(`CN=test ${i}`)
      expect(cert.verify(cert.publicKey)).toBe(true)
      expect(cert.checkPrivateKey(createPrivateKey(pair.privateKey))).toBe(true)
      const days = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / 86_400_000
      expect(Math.round(days)).toBe(30)
      // DER: a minimal, positive serial number.
      expect(cert.serialNumber).toMatch(/^[4-7][0-9A-F]{31}$/)
    }
  })
})
