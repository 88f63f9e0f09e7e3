/**
 * The part of the app form that depends on its platform preset: the key the platform checks
 * with, and the settings of its account (BigCommerce's store, Mintlify's session length). Secrets
 * are write-only: the fields are always empty, and left empty they keep what is stored.
 */
import { presetNames, presets } from '../../domain/presets.js'
import type { PresetName } from '../../domain/app-integration.js'
import { Checkbox, Select, TextArea, TextField, type Errors } from './admin-fields.js'
import type { FormValues } from './connection-pages.js'

/** Which write-only values the stored app holds, so the form can say "leave empty to keep". */
export interface StoredSecrets {
  secret: boolean
  privateKey: boolean
  apiToken: boolean
}

export const presetOptions: [string, string][] = [
  ['', 'None: a site of your own'],
  ...presetNames.map((name): [string, string] => [name, presets[name].label]),
]

export const presetOf = (value: FormValues[string]): PresetName | undefined =>
  presetNames.find((name) => name === value)

const str = (v: FormValues[string]) => (typeof v === 'string' ? v : undefined)

/** The key the preset's platform checks tokens with. */
export function PresetKeyFields(props: {
  preset: PresetName
  values: FormValues
  errors: Errors
  stored: StoredSecrets
}) {
  const { label, key } = presets[props.preset]
  const { errors } = props
  if (key === 'bridge-rs256')
    return (
      <p class="muted">
        {label} checks tokens with the bridge's RS256 key: nothing to paste here. Once saved, the
        app page shows the public key to paste into {label}.
      </p>
    )
  if (key === 'platform-eddsa')
    return (
      <TextArea
        name="privateKey"
        label={`The private key ${label} generated (PKCS#8 PEM)`}
        hint={
          props.stored.privateKey
            ? 'Leave empty to keep the current key. It is never shown again.'
            : 'Paste it whole, from -----BEGIN PRIVATE KEY----- to the END line. It is stored sealed.'
        }
        errorName="signing.privateKey"
        errors={errors}
        rows={5}
      />
    )
  return (
    <>
      <TextField
        name="secret"
        label={`The secret ${label} gives you`}
        hint={
          props.stored.secret
            ? 'Leave empty to keep the current secret.'
            : `Exactly as ${label} shows it (or as you set it there). It is stored sealed.`
        }
        type="password"
        autocomplete="new-password"
        errorName="signing.secret"
        errors={errors}
      />
      {presets[props.preset].alg === 'HS512' ? (
        <Select
          name="alg"
          label="JWT algorithm"
          hint={`${label} verifies HS512 unless you chose HS256 there.`}
          value={str(props.values.alg) === 'HS256' ? 'HS256' : 'HS512'}
          errorName="signing.alg"
          errors={errors}
          options={[
            ['HS512', `HS512 (${label}'s default)`],
            ['HS256', 'HS256'],
          ]}
        />
      ) : null}
    </>
  )
}

/** Settings of the platform's account that no claim carries. */
export function PlatformFields(props: {
  preset: PresetName
  values: FormValues
  errors: Errors
  stored: StoredSecrets
}) {
  const v = props.values
  const { errors } = props
  if (props.preset === 'mintlify')
    return (
      <TextField
        name="platform.sessionTtl"
        label="Docs session length (seconds)"
        hint="How long a reader stays signed in to the docs (expiresAt); 86400 (a day) by default."
        value={str(v['platform.sessionTtl'])}
        type="number"
        inputmode="numeric"
        errors={errors}
      />
    )
  if (props.preset !== 'bigcommerce') return null
  return (
    <fieldset>
      <legend>BigCommerce store</legend>
      <TextField
        name="platform.clientId"
        label="API account client ID"
        hint="From the store's API account (Settings › API accounts); the token's iss."
        value={str(v['platform.clientId'])}
        errors={errors}
      />
      <TextField
        name="platform.storeHash"
        label="Store hash"
        hint="The part after /stores/ in the store's API path, like abc123def."
        value={str(v['platform.storeHash'])}
        errors={errors}
      />
      <TextField
        name="platform.apiToken"
        label="API account access token"
        hint={
          props.stored.apiToken
            ? 'Leave empty to keep the current token.'
            : 'Used to look customers up by email (Customers: read, or modify to create them). Stored sealed.'
        }
        type="password"
        autocomplete="new-password"
        errors={errors}
      />
      <Checkbox
        name="platform.createCustomers"
        label="Create the customer when the store has none with the user's email"
        checked={v['platform.createCustomers'] === true}
      />
      <TextField
        name="platform.apiUrl"
        label="API URL"
        hint="Leave empty for https://api.bigcommerce.com."
        value={str(v['platform.apiUrl'])}
        type="url"
        errors={errors}
      />
      <TextField
        name="platform.channelId"
        label="Channel ID"
        hint="Optional: the storefront channel customers sign in to."
        value={str(v['platform.channelId'])}
        inputmode="numeric"
        errors={errors}
      />
    </fieldset>
  )
}
