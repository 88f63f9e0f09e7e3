/**
 * An app's uploaded logo for the console and the API: checked by its bytes (domain/brand-logos.ts),
 * kept in `brand-logo`, and named on the app's branding so that pages link it; each change is
 * audited as an edit of the app.
 */
import { auditAppChange } from '../config/app-upsert.js'
import { idPattern } from '../config/common-fields.js'
import { APPS, getApp, type App } from '../domain/apps.js'
import type { Actor } from '../domain/audit-log.js'
import { BRAND_LOGOS, logoProblem, sniffImage } from '../domain/brand-logos.js'
import { contentHash } from '../domain/brand-stylesheet.js'
import { publicApp, type PublicApp } from '../domain/public-records.js'
import { BridgeError } from '../errors.js'
import type { AdminDeps } from './context.js'
import { fieldError, notFound } from './input.js'

export function appLogoService(deps: AdminDeps) {
  const { storage } = deps
  const now = deps.now ?? Date.now

  async function load(id: string): Promise<App> {
    const app = idPattern.test(id) ? await getApp(storage, id) : undefined
    if (!app) throw notFound('app', id)
    return app
  }

  async function write(actor: Actor, before: App, after: App, at: number) {
    await storage.set(APPS, after.id, after)
    await auditAppChange(
      storage,
      actor,
      { action: 'updated', before, after, secretsChanged: [] },
      at,
    )
    return publicApp(after)
  }

  return {
    /** Stores `bytes` as the app's logo, replacing any; refuses what is not a small raster image. */
    async upload(
      actor: Actor,
      id: string,
      bytes: Uint8Array,
      declaredType: string | undefined,
    ): Promise<PublicApp> {
      const before = await load(id)
      const refused = logoProblem(bytes, declaredType)
      if (refused?.problem === 'too_large')
        throw new BridgeError('payload_too_large', {
          reason: 'body_too_large',
          message: `logo of ${bytes.length} bytes`,
          description: 'The logo is larger than 256 KiB.',
        })
      if (refused) throw fieldError('logo', refused.message)
      const contentType = sniffImage(bytes)!
      const hash = contentHash(bytes)
      const at = now()
      await storage.set(BRAND_LOGOS, id, {
        contentType,
        data: Buffer.from(bytes).toString('base64'),
        hash,
        updatedAt: at,
      })
      const branding = { ...before.branding, logoUploaded: { id, hash, contentType } }
      return write(actor, before, { ...before, branding, updatedAt: at }, at)
    },

    /** Removes the uploaded logo (the https logo URL, if any, shows again). */
    async remove(actor: Actor, id: string): Promise<PublicApp> {
      const before = await load(id)
      await storage.delete(BRAND_LOGOS, id)
      if (!before.branding?.logoUploaded) return publicApp(before)
      const { logoUploaded: _, ...rest } = before.branding
      const at = now()
      const branding = Object.keys(rest).length ? rest : undefined
      return write(actor, before, { ...before, branding, updatedAt: at }, at)
    },
  }
}
