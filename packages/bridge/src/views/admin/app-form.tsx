/** The add/edit form of an app: its own fields, then what its platform preset needs. */
import type { PublicApp, PublicConnection } from '../../domain/public-records.js'
import { presets } from '../../domain/presets.js'
import {
  Checkbox,
  errorsFor,
  PostForm,
  Select,
  TextArea,
  TextField,
  type Errors,
} from './admin-fields.js'
import {
  PlatformFields,
  PresetKeyFields,
  presetOf,
  presetOptions,
  type StoredSecrets,
} from './app-preset-fields.js'
import { BrandingFields } from './app-branding-fields.js'
import type { FormValues } from './connection-pages.js'

const str = (v: FormValues[string]) => (typeof v === 'string' ? v : undefined)

export const nothingStored: StoredSecrets = { secret: false, privateKey: false, apiToken: false }

/** The write-only values a stored app holds (they read "[sealed]"). */
export function storedSecrets(app: PublicApp): StoredSecrets {
  const signing = app.signing as Record<string, unknown>
  const platform = (app.platform ?? {}) as Record<string, unknown>
  return {
    secret: signing.secret !== undefined,
    privateKey: signing.privateKey !== undefined,
    apiToken: platform.apiToken !== undefined,
  }
}

export function AppForm(props: {
  csrf: string
  values: FormValues
  errors: Errors
  connections: PublicConnection[]
  isNew: boolean
  action: string
  stored: StoredSecrets
}) {
  const v = props.values
  const { errors } = props
  const preset = presetOf(v.preset)
  const chosen = new Set(Array.isArray(v.connections) ? v.connections : [])
  const connectionErrors = errorsFor(errors, 'connections')
  return (
    <PostForm action={props.action} csrf={props.csrf} label={props.isNew ? 'New app' : 'Edit app'}>
      {props.isNew ? (
        <TextField
          name="id"
          label="Id"
          hint="The site's data-app value and the token's aud. Lowercase letters, digits, dashes."
          value={str(v.id)}
          errors={errors}
          required
        />
      ) : null}
      <TextField
        name="name"
        label="Name"
        hint="Shown on the login page."
        value={str(v.name)}
        errors={errors}
      />
      <TextArea
        name="callbackUrls"
        label="Callback URLs"
        hint={
          preset
            ? `${presets[preset].label}'s endpoint first: the bridge delivers there. One per line, https, exact.`
            : 'One per line, exactly as the site receives them: https (http only on localhost), no wildcards, no fragment.'
        }
        value={str(v.callbackUrls)}
        errors={errors}
      />
      <fieldset aria-describedby={connectionErrors.length ? 'connections-error' : undefined}>
        <legend>Connections users may sign in with</legend>
        {props.connections.length === 0 ? (
          <p>
            No connections yet: <a href="/admin/connections">add one</a> first.
          </p>
        ) : null}
        {props.connections.map((c) => (
          <Checkbox
            name="connections"
            value={c.id}
            label={`${c.name} (${c.type})`}
            checked={chosen.has(c.id)}
          />
        ))}
        {connectionErrors.length ? (
          <div id="connections-error">
            {connectionErrors.map((e) => (
              <p class="field-error">{e.message}</p>
            ))}
          </div>
        ) : null}
      </fieldset>
      {props.isNew ? (
        // Chosen above the form (its fields depend on it): carried along unchanged.
        <input type="hidden" name="preset" value={preset ?? ''} />
      ) : (
        <Select
          name="preset"
          label="Platform preset"
          hint="Changing it? Save, and the form asks for what the new platform needs."
          value={preset ?? ''}
          errors={errors}
          options={presetOptions}
        />
      )}
      {preset ? (
        <>
          <PresetKeyFields preset={preset} values={v} errors={errors} stored={props.stored} />
          <PlatformFields preset={preset} values={v} errors={errors} stored={props.stored} />
        </>
      ) : (
        <>
          <Select
            name="alg"
            label="Signing"
            hint="HS256: the site verifies with a shared secret. ES256/RS256/EdDSA: with the bridge's public keys (JWKS)."
            value={str(v.alg)}
            errorName="signing"
            errors={errors}
            options={[
              ['HS256', 'HS256 (shared secret)'],
              ['ES256', 'ES256 (bridge keys)'],
              ['RS256', 'RS256 (bridge keys)'],
              ['EdDSA', 'EdDSA (bridge keys)'],
            ]}
          />
          <TextField
            name="secret"
            label="HS256 secret"
            hint={
              props.stored.secret
                ? 'Leave empty to keep the current secret.'
                : 'Leave empty to have one generated (shown once), or paste the platform’s key (at least 32 bytes).'
            }
            type="password"
            autocomplete="new-password"
            errorName="signing.secret"
            errors={errors}
          />
        </>
      )}
      <TextField
        name="tokenTtl"
        label="Token lifetime (seconds)"
        hint={
          preset && presets[preset].maxTokenTtl
            ? `${presets[preset].label} takes at most ${presets[preset].maxTokenTtl}; ${presets[preset].tokenTtl ?? 120} by default.`
            : '10 to 600; 120 by default.'
        }
        value={str(v.tokenTtl)}
        type="number"
        inputmode="numeric"
        errors={errors}
      />
      {preset ? null : (
        <Select
          name="delivery"
          label="Delivery"
          value={str(v.delivery)}
          errors={errors}
          options={[
            ['', 'Default: form_post, or the preset’s'],
            ['form_post', 'form_post: POST to the callback (sites with a backend)'],
            ['query', 'query: the token in the callback URL (platform JWT endpoints)'],
            ['code', 'code: a one-time code the script exchanges (no backend)'],
          ]}
        />
      )}
      <TextArea
        name="claims"
        label="Claim mapping (JSON)"
        hint={
          preset && presets[preset].privileged
            ? `Optional, over the preset's claims. ${presets[preset].privileged?.join(', ')}: fixed values only, e.g. {"${presets[preset].privileged?.[0]}": {"value": …}}`
            : 'Optional, e.g. {"groups": "groups", "department": {"value": "sales"}}'
        }
        value={str(v.claims)}
        errors={errors}
        rows={3}
      />
      <Checkbox
        name="requireMfa"
        label="Require a second factor for this app"
        checked={v.requireMfa === true}
      />
      <BrandingFields values={v} errors={errors} />
      <div class="actions">
        <button type="submit" class="primary">
          {props.isNew ? 'Add app' : 'Save changes'}
        </button>
        {props.isNew ? null : (
          // Posts the form's branding, unsaved, to a preview of the login page in a new tab.
          <button type="submit" formaction={`${props.action}/preview`} formtarget="_blank">
            Preview the login page
          </button>
        )}
      </div>
    </PostForm>
  )
}
