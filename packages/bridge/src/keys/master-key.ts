/**
 * The master key that encrypts secrets at rest. Production passes it in SSOBRIDGE_SECRET_KEY
 * (or a file named by SSOBRIDGE_SECRET_KEY_FILE);
 * development generates one into the data folder so `npm start` works on a fresh clone, and
 * says so loudly, because whoever can read that folder can read every secret.
 */
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface MasterKeyResult {
  key: Uint8Array
  source: 'env' | 'file' | 'generated'
  file?: string
}

function readKeyFile(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'unreadable'
    throw new Error(`SSOBRIDGE_SECRET_KEY_FILE ${file} cannot be read (${code})`)
  }
}

export function parseMasterKey(text: string): Uint8Array {
  const value = text.trim()
  const bytes = /^[0-9a-f]{64}$/i.test(value)
    ? Buffer.from(value, 'hex')
    : Buffer.from(value, 'base64url')
  if (bytes.byteLength !== 32) {
    throw new Error(
      'SSOBRIDGE_SECRET_KEY must be 32 random bytes, as 64 hex characters or base64url',
    )
  }
  return bytes
}

export const MAKE_A_KEY =
  'make one with `openssl rand -hex 32`, keep it in your secret store (without it every stored ' +
  'secret is lost), and pass it as SSOBRIDGE_SECRET_KEY or in a file named by SSOBRIDGE_SECRET_KEY_FILE'

export function loadMasterKey(options: {
  env: Record<string, string | undefined>
  dataDir: string
  /** Why a generated development key will not do (an https issuer, NODE_ENV=production). */
  requiredBecause?: string
}): MasterKeyResult {
  const fromEnv = options.env.SSOBRIDGE_SECRET_KEY
  if (fromEnv) return { key: parseMasterKey(fromEnv), source: 'env' }
  const keyFile = options.env.SSOBRIDGE_SECRET_KEY_FILE
  if (keyFile) return { key: parseMasterKey(readKeyFile(keyFile)), source: 'env', file: keyFile }
  if (options.requiredBecause) {
    throw new Error(`SSOBRIDGE_SECRET_KEY is not set (${options.requiredBecause}): ${MAKE_A_KEY}`)
  }
  const file = join(options.dataDir, 'secret.key')
  if (existsSync(file))
    return { key: parseMasterKey(readFileSync(file, 'utf8')), source: 'file', file }
  mkdirSync(options.dataDir, { recursive: true })
  const key = randomBytes(32)
  try {
    writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' })
  } catch (error) {
    // Another process started at the same moment and won: use its key.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return { key: parseMasterKey(readFileSync(file, 'utf8')), source: 'file', file }
    }
    throw error
  }
  chmodSync(file, 0o600)
  return { key, source: 'generated', file }
}

/**
 * A generated development key is for development only: an https issuer is a real deployment,
 * and NODE_ENV=production says so too. Loopback http issuers keep the key in the data folder.
 */
export function masterKeyRequiredBecause(
  env: Record<string, string | undefined>,
  issuer: string | undefined,
): string | undefined {
  if (issuer?.startsWith('https:')) return `the issuer ${issuer} is https`
  if (env.NODE_ENV === 'production') return 'NODE_ENV=production'
  return undefined
}
