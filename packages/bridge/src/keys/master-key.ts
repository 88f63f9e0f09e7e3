/**
 * The master key that encrypts secrets at rest. Production passes it in SSOBRIDGE_SECRET_KEY;
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

export function loadMasterKey(options: {
  env: Record<string, string | undefined>
  dataDir: string
  production: boolean
}): MasterKeyResult {
  const fromEnv = options.env.SSOBRIDGE_SECRET_KEY
  if (fromEnv) return { key: parseMasterKey(fromEnv), source: 'env' }
  if (options.production) {
    throw new Error('SSOBRIDGE_SECRET_KEY is required when NODE_ENV=production')
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
