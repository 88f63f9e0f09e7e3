/**
 * /admin/apps/:id/logo (upload, multipart with the console CSRF, which the console guard reads)
 * and /admin/apps/:id/logo/delete. A refused image is shown on the app page with its reason.
 */
import { Hono } from 'hono'
import type { AdminServices } from '../../admin/services.js'
import { fieldError } from '../../admin/input.js'
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
