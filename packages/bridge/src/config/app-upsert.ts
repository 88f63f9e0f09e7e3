/**
 * Writes one app from its config form: the HS256 secret and the OIDC client secret sealed,
 * nothing written when the stored record already says the same, every change audited. The
 * config file and the admin service layer both write apps here.
 */
import { keepPreviousSecret } from '../domain/app-secret-rotation.js'
import {
  APPS,
  appApiTokenContext,
  appPrivateKeyContext,
  appSecretContext,
  getApp,
  type App,
  type AppBranding,
  type AppSigning,
} from '../domain/apps.js'
import { recordAudit, type Actor } from '../domain/audit-log.js'
import { adjustedBranding } from '../domain/brand-palette.js'
import { publicApp } from '../domain/public-records.js'
import type { SecretBox } from '../keys/secret-box.js'
import type { Storage } from '../storage/types.js'
import { integrationOf } from './app-integration-schema.js'
import { sameOidcClient, sealOidcClient } from './oidc-client-schema.js'
import { privateNetworkChange } from './private-network-opt-ins.js'
import { sameRecord, type RecordChange } from './record-change.js'
import type { AppConfig } from './schema.js'
import { sameWebhooks, webhookRecords, webhookSecretsChanged } from './webhook-upsert.js'

/**
 * The stored branding: the config's, its colours moved to pass WCAG AA (brand-palette.ts), with the logo uploaded to the bridge kept (a file or a form
 * cannot carry the image; the logo endpoints set and remove it). Undefined when there is none.
 */
export function brandingRecord(
  branding: AppConfig['branding'],
  existing: App | undefined,
): AppBranding | undefined {
  const logoUploaded = existing?.branding?.logoUploaded
  // Stored as adjusted for contrast; comparing the adjusted form keeps a re-apply a no-op.
  const record: AppBranding = {
    ...(branding && adjustedBranding(branding)),
    ...(logoUploaded ? { logoUploaded } : {}),
  }
  return Object.values(record).some((v) => v !== undefined) ? record : undefined
}

export function toApp(box: SecretBox, app: AppConfig, now: number, existing?: App): App {
  return {
    id: app.id,
    name: app.name ?? app.id,
    callbackUrls: app.callbackUrls,
    connections: app.connections,
    signing: sealSigning(box, app),
    tokenTtl: app.tokenTtl,
    requireMfa: app.requireMfa,
    ...integrationOf(app),
    ...sealPlatform(box, app),
    oidc: sealOidcClient(box, app.id, app.oidc),
    branding: brandingRecord(app.branding, existing),
    webhooks: webhookRecords(box, app.id, app.webhooks, existing?.webhooks, now),
    updatedAt: now,
  }
}

/** The platform's settings with its API token sealed (BigCommerce). */
function sealPlatform(box: SecretBox, app: AppConfig): Pick<App, 'platform'> {
  if (!app.platform) return {}
  const { apiToken, ...rest } = app.platform
  return {
    platform: {
      ...rest,
      ...(apiToken === undefined
        ? {}
        : { apiTokenSealed: box.seal(apiToken, appApiTokenContext(app.id)) }),
    },
  }
}

export async function upsertApp(
  storage: Storage,
  box: SecretBox,
  app: AppConfig,
  now: number,
): Promise<RecordChange<App> | undefined> {
  const existing = await getApp(storage, app.id)
  if (existing && sameApp(box, existing, app)) return undefined
  const signingChanged =
    existing?.signing.alg === 'HS256' && app.signing.alg === 'HS256'
      ? box.open(existing.signing.secretSealed, appSecretContext(app.id)) === app.signing.secret
        ? []
        : ['signing.secret']
      : []
  // An edit that keeps the secret keeps a rotation's grace period too.
  const fresh = toApp(box, app, now, existing)
  const after = signingChanged.length ? fresh : keepPreviousSecret(fresh, existing, now)
  const secretsChanged = [
    ...signingChanged,
    ...webhookSecretsChanged(existing?.webhooks, after.webhooks),
  ]
  await storage.set(APPS, app.id, after)
  return { action: existing ? 'updated' : 'created', before: existing, after, secretsChanged }
}

export async function auditAppChange(
  storage: Storage,
  actor: Actor,
  change: RecordChange<App>,
  now: number,
) {
  await recordAudit(
    storage,
    {
      event: `app.${change.action}`,
      actor,
      app: change.after.id,
      before: change.before && publicApp(change.before),
      after: publicApp(change.after),
      secretsChanged: change.secretsChanged.length ? change.secretsChanged : undefined,
    },
    now,
  )
  // Its own entry, as for connections: the back-channel logout URL may now reach private networks.
  const network = privateNetworkChange(change.before, change.after)
  if (network)
    await recordAudit(
      storage,
      { event: 'app.private_network_changed', actor, app: change.after.id, ...network },
      now,
    )
}

function sealSigning(box: SecretBox, app: AppConfig): AppSigning {
  if (app.signing.alg !== 'HS256') {
    const { privateKey } = app.signing
    return privateKey === undefined
      ? { alg: app.signing.alg }
      : {
          alg: app.signing.alg,
          privateKeySealed: box.seal(privateKey, appPrivateKeyContext(app.id)),
        }
  }
  return { alg: 'HS256', secretSealed: box.seal(app.signing.secret, appSecretContext(app.id)) }
}

function samePlatform(box: SecretBox, existing: App, app: AppConfig): boolean {
  const { apiTokenSealed, ...rest } = existing.platform ?? {}
  const { apiToken, ...wanted } = app.platform ?? {}
  if (!sameRecord(rest, wanted)) return false
  if (apiTokenSealed === undefined || apiToken === undefined)
    return apiTokenSealed === undefined && apiToken === undefined
  return box.open(apiTokenSealed, appApiTokenContext(app.id)) === apiToken
}

function sameApp(box: SecretBox, existing: App, app: AppConfig): boolean {
  const { signing, updatedAt: _, oidc, platform: __, webhooks, ...rest } = existing
  if (!sameOidcClient(box, app.id, oidc, app.oidc)) return false
  if (!sameWebhooks(box, app.id, webhooks, app.webhooks)) return false
  if (!samePlatform(box, existing, app)) return false
  const wanted = {
    id: app.id,
    name: app.name ?? app.id,
    callbackUrls: app.callbackUrls,
    connections: app.connections,
    tokenTtl: app.tokenTtl,
    requireMfa: app.requireMfa,
    ...integrationOf(app),
    platform: undefined,
    branding: brandingRecord(app.branding, existing),
  }
  if (!sameRecord(rest, wanted) || signing.alg !== app.signing.alg) return false
  // Sealed values differ on every seal; compare what they hold.
  if (signing.alg === 'HS256' && app.signing.alg === 'HS256') {
    return box.open(signing.secretSealed, appSecretContext(app.id)) === app.signing.secret
  }
  if (signing.alg !== 'HS256' && app.signing.alg !== 'HS256') {
    const sealed = signing.privateKeySealed
    const wantedKey = app.signing.privateKey
    if (sealed === undefined || wantedKey === undefined) return sealed === wantedKey
    return box.open(sealed, appPrivateKeyContext(app.id)) === wantedKey
  }
  return true
}
