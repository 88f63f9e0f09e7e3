/**
 * /admin/apps/:id/logo (upload, multipart with the console CSRF, which the console guard reads)
 * and /admin/apps/:id/logo/delete; a refused image is shown on the app page with its reason.
 * /admin/apps/:id/preview: the app form's Preview button posts its branding fields, unsaved, and
 * gets the login page with them (views/admin/login-preview.tsx), where no form can post.
 */
import { Hono } from 'hono'
import type { AdminServices } from '../../admin/services.js'
import { fieldError, parseInput } from '../../admin/input.js'
import { brandingSchema } from '../../config/branding-schema.js'
import type { App } from '../../domain/apps.js'
import { adjustedBranding } from '../../domain/brand-palette.js'
import { brandImageOrigins } from '../../views/brand.js'
import { pageCsp, withImgSrc } from '../../views/content-security-policy.js'
import { loginPreviewHtml } from '../../views/admin/login-preview.js'
import { pageOf } from '../page.js'
import { brandingInput } from './console-branding-input.js'
import { isBridgeError } from '../../errors.js'
import { done } from './console-flash.js'
import { refusalOf, type Refusal } from './console-refusal.js'
import { adminActor, type ConsoleContext, type ConsoleEnv } from './console-session.js'

/** The app page with a refusal on it (console-apps.tsx). */
export type ShowAppPage = (
  c: ConsoleContext,
  id: string,
  extra: { refusal?: Refusal },
) => Promise<Response>

export function consoleAppBrandRoutes(admin: AdminServices, showPage: ShowAppPage) {
  return new Hono<ConsoleEnv>()
    .post('/:id/preview', async (c) => {
      const id = c.req.param('id')
      try {
        const stored = await admin.apps.get(id)
        const raw = brandingInput(c.get('form'))
        // The same schema and adjustment as a save: the preview shows what saving would store.
        const logoUploaded = stored.branding?.logoUploaded
        const branding = {
          ...(raw && adjustedBranding(parseInput(brandingSchema, raw))),
          ...(logoUploaded ? { logoUploaded } : {}),
        }
        const app = { id, name: stored.name, branding }
        const nonce = c.get('nonce')
        // Nothing on the preview may post (form-action 'none'); an https logo needs its origin.
        const csp = withImgSrc(pageCsp(nonce), brandImageOrigins(app)).replace(
          "form-action 'self'",
          "form-action 'none'",
        )
        c.header('Content-Security-Policy', csp)
        return c.html(loginPreviewHtml(app, pageOf(c, { app: app as unknown as App })))
      } catch (error) {
        const refusal = refusalOf(error)
        // Field paths as the form names them, so the app page marks the right fields.
        const errors = refusal.errors.map((e) => ({ ...e, path: `branding.${e.path}` }))
        return showPage(c, id, { refusal: { ...refusal, errors } })
      }
    })
    .post('/:id/logo', async (c) => {
      const id = c.req.param('id')
      const file = c.get('form').logo
      try {
        if (!(file instanceof File)) throw fieldError('logo', 'choose an image file to upload')
        const bytes = new Uint8Array(await file.arrayBuffer())
        await admin.logos.upload(adminActor(c.get('admin')), id, bytes, file.type || undefined)
        return done(c, `/admin/apps/${id}`, 'saved')
      } catch (error) {
        // Too large is the image's fault like the others: said beside the field, not a page.
        const refusal: Refusal =
          isBridgeError(error) && error.code === 'payload_too_large'
            ? { status: 413, errors: [{ path: 'logo', message: 'is larger than 256 KiB' }] }
            : refusalOf(error)
        return showPage(c, id, { refusal })
      }
    })
    .post('/:id/logo/delete', async (c) => {
      const id = c.req.param('id')
      try {
        await admin.logos.remove(adminActor(c.get('admin')), id)
        return done(c, `/admin/apps/${id}`, 'deleted')
      } catch (error) {
        return showPage(c, id, { refusal: refusalOf(error) })
      }
    })
}
