/**
 * A minimal self-signed X.509 certificate (RSA, SHA-256) for a SAML key pair. SAML peers expect
 * keys wrapped in certificates; only the public key inside matters to them, so a bare DER encoder
 * over node:crypto is enough and spares a certificate library.
 */
import {
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  type KeyObject,
} from 'node:crypto'

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n])
  const bytes: number[] = []
  for (let rest = n; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff)
  return Buffer.from([0x80 | bytes.length, ...bytes])
}

const tlv = (tag: number, content: Buffer) =>
  Buffer.concat([Buffer.from([tag]), length(content.length), content])
const sequence = (...parts: Buffer[]) => tlv(0x30, Buffer.concat(parts))
const set = (...parts: Buffer[]) => tlv(0x31, Buffer.concat(parts))

function integer(value: Buffer): Buffer {
  // DER integers are signed: a leading 1 bit would read as negative.
  return tlv(0x02, (value[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), value]) : value)
}

function oid(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number)
  const bytes = [first * 40 + second]
  for (const arc of rest) {
    const chunk = [arc & 0x7f]
    for (let n = arc >> 7; n > 0; n >>= 7) chunk.unshift((n & 0x7f) | 0x80)
    bytes.push(...chunk)
  }
  return tlv(0x06, Buffer.from(bytes))
}

function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z'
  // UTCTime until 2049, GeneralizedTime after (RFC 5280 §4.1.2.5).
  return date.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(iso.slice(2)))
    : tlv(0x18, Buffer.from(iso))
}

const name = (commonName: string) =>
  sequence(set(sequence(oid('2.5.4.3'), tlv(0x0c, Buffer.from(commonName, 'utf8')))))

const sha256WithRsa = sequence(oid('1.2.840.113549.1.1.11'), Buffer.from([0x05, 0x00]))

const pem = (label: string, der: Buffer) =>
  `-----BEGIN ${label}-----\n${der.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END ${label}-----\n`

export interface CertifiedKeyPair {
  /** PKCS#8 PEM. */
  privateKey: string
  /** X.509 PEM. */
  certificate: string
}

/** Signs a certificate for `privateKey`'s public half, issued by and to `commonName`. */
export function selfSignedCertificate(
  privateKey: KeyObject,
  options: { commonName: string; days?: number; now?: Date },
): string {
  const notBefore = new Date((options.now ?? new Date()).getTime() - 60_000)
  const notAfter = new Date(notBefore.getTime() + (options.days ?? 3650) * 86_400_000)
  const serial = randomBytes(16)
  // Positive and minimally encoded (DER): top bit clear, first byte never zero.
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x40
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' })
  const tbs = sequence(
    tlv(0xa0, integer(Buffer.from([2]))), // v3
    integer(serial),
    sha256WithRsa,
    name(options.commonName),
    sequence(time(notBefore), time(notAfter)),
    name(options.commonName),
    spki,
  )
  const signature = sign('sha256', tbs, privateKey)
  const der = sequence(tbs, sha256WithRsa, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])))
  return pem('CERTIFICATE', der)
}

/** A fresh RSA-2048 key and its self-signed certificate. */
export function generateCertifiedKeyPair(commonName: string, days?: number): CertifiedKeyPair {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    certificate: selfSignedCertificate(privateKey, { commonName, days }),
  }
}
