/**
 * The app form's preset fields as app input: `signing` in the shape the preset's key takes, and
 * its `platform` settings. A write-only field left empty is left out, so the service keeps the
 * stored value.
 */
import type { PresetName } from '../../domain/app-integration.js'
import { presets } from '../../domain/presets.js'
import type { FormValues } from '../../views/admin/connection-pages.js'
import { field, type ConsoleForm } from './console-session.js'

const optional = (value: string | undefined) => (value?.trim() ? value.trim() : undefined)

/** A whole number as typed becomes a number; anything else stays a string the schema refuses. */
export const whole = (value: string | undefined) =>
  value === undefined ? undefined : /^\d{1,9}$/.test(value) ? Number(value) : value

/** A pasted PEM as one would write it in a file: LF line ends, one final newline. */
const pem = (value: string | undefined) =>
  optional(value) === undefined ? undefined : `${value!.replace(/\r\n?/g, '\n').trim()}\n`

export function signingInput(form: ConsoleForm, preset: PresetName | undefined) {
  const secret = optional(field(form, 'secret'))
  if (!preset) return { alg: field(form, 'alg'), secret }
  switch (presets[preset].key) {
    case 'bridge-rs256':
      return { alg: 'RS256' }
    case 'platform-eddsa':
      return { alg: 'EdDSA', privateKey: pem(field(form, 'privateKey')) }
    case 'secret':
      // Only Help Scout offers a choice; the others take HS256 over their secret.
      return {
        alg:
          presets[preset].alg && field(form, 'alg') === 'HS256'
            ? 'HS256'
            : (presets[preset].alg ?? 'HS256'),
        secret,
      }
  }
}

export function platformInput(form: ConsoleForm, preset: PresetName | undefined) {
  const text = (name: string) => optional(field(form, `platform.${name}`))
  if (preset === 'mintlify') {
    const sessionTtl = whole(text('sessionTtl'))
    return sessionTtl === undefined ? undefined : { sessionTtl }
  }
  if (preset !== 'bigcommerce') return undefined
  return {
    clientId: text('clientId'),
    storeHash: text('storeHash'),
    apiToken: text('apiToken'),
    createCustomers: field(form, 'platform.createCustomers') === 'on' || undefined,
    apiUrl: text('apiUrl'),
    channelId: whole(text('channelId')),
  }
}

/** The platform settings to show in the form again: never the API token. */
export function platformValues(platform: unknown): FormValues {
  if (!platform || typeof platform !== 'object') return {}
  const p = platform as Record<string, unknown>
  const shown = (value: unknown) =>
    typeof value === 'string' || typeof value === 'number' ? String(value) : undefined
  return {
    'platform.clientId': shown(p.clientId),
    'platform.storeHash': shown(p.storeHash),
    'platform.createCustomers': p.createCustomers === true,
    'platform.apiUrl': shown(p.apiUrl),
    'platform.channelId': shown(p.channelId),
    'platform.sessionTtl': shown(p.sessionTtl),
  }
}
