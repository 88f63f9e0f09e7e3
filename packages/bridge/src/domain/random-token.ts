import { randomBytes } from 'node:crypto'

/** 32 random bytes as base64url: ids, tokens, CSRF values. */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url')
