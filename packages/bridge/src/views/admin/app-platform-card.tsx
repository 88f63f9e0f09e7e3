/**
 * The app page's card for a preset app: what to paste into the platform (the sign-in URL, for
 * Freshworks the bridge's public key), where the bridge delivers, which claims grant rights
 * there, and the contract check.
 */
import type { PlatformSetup } from '../../admin/app-platform-setup.js'
import { presets } from '../../domain/presets.js'
import type { PresetName } from '../../domain/app-integration.js'
import type { PublicApp } from '../../domain/public-records.js'
import { CopyValue } from './admin-fields.js'

/** What each privilege field does on its platform, for the admin deciding on a fixed value. */
const privilegeEffects: Partial<Record<PresetName, Record<string, string>>> = {
  zendesk: { role: 'sets the Zendesk role: end-user, agent or admin' },
  readme: { isAdmin: 'bypasses the docs access control: the reader sees every page' },
  discourse: {
    admin: 'makes the user a forum admin (Discourse staff rights)',
    moderator: 'makes the user a forum moderator (Discourse staff rights)',
    groups: 'sets the forum groups the user is a member of',
    add_groups: 'adds the user to these forum groups',
    remove_groups: 'removes the user from these forum groups',
  },
}

function keyLine(preset: PresetName, app: PublicApp) {
  const { key, label } = presets[preset]
  if (key === 'bridge-rs256') return `RS256 with the bridge's key (the public key below).`
  if (key === 'platform-eddsa') return `EdDSA with the private key ${label} generated.`
  return `${app.tokenAlg ?? 'HS256'} with the secret ${label} gives you.`
}

export function PlatformCard(props: { app: PublicApp; preset: PresetName; setup: PlatformSetup }) {
  const { app, preset, setup } = props
  const { label, privileged = [] } = presets[preset]
  const effects = privilegeEffects[preset] ?? {}
  return (
    <div class="card">
      <h2>Set up {label}</h2>
      {setup.signInUrl ? (
        <CopyValue label={`Sign-in URL to paste into ${label}`} value={setup.signInUrl} />
      ) : null}
      {setup.publicKeyPem ? (
        <CopyValue
          label={`Public key (PEM) to paste into ${label}`}
          value={setup.publicKeyPem}
          multiline
        />
      ) : null}
      <dl>
        <dt>Delivers to</dt>
        <dd>
          <code>{app.callbackUrls[0]}</code>
        </dd>
        <dt>Signs</dt>
        <dd>{keyLine(preset, app)}</dd>
      </dl>
      {privileged.length ? (
        <>
          <h3>Fields that grant rights on {label}</h3>
          <p>
            They can only be fixed values in the claim mapping (
            <code>{`{"${privileged[0]}": {"value": …}}`}</code>), never taken from a user's
            attributes: every user of this app gets the same.
          </p>
          <ul>
            {privileged.map((claim) => (
              <li>
                <code>{claim}</code>
                {effects[claim] ? ` ${effects[claim]}` : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <div class="actions">
        <a class="button" href={`/admin/apps/${app.id}/check`}>
          Check against {label}
        </a>
      </div>
    </div>
  )
}
