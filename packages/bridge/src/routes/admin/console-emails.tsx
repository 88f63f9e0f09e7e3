/** /admin/emails: the member emails in the outbox, by state (and connection), with retry now. */
import { Hono } from 'hono'
import { emailStates, isEmailCursor } from '../../admin/email-deliveries.js'
import type { AdminServices } from '../../admin/services.js'
import { idPattern } from '../../config/common-fields.js'
import { NotFoundPanel } from '../../views/admin/basic-pages.js'
import { EmailDeliveriesPage } from '../../views/admin/email-pages.js'
import { refusalOf } from './console-refusal.js'
import { done, flashOf } from './console-flash.js'
import { adminActor, frame, type ConsoleEnv } from './console-session.js'

export function consoleEmailRoutes(admin: AdminServices) {
  return new Hono<ConsoleEnv>()
    .get('/', async (c) => {
      // Anything else in the query is ignored, as links are the only way to this page.
      const state = emailStates.find((s) => s === c.req.query('state'))
      const asked = c.req.query('connection')
      const connection = asked && idPattern.test(asked) ? asked : undefined
      const cursor = c.req.query('cursor')
      const page = await admin.emails.list({
        state,
        connection,
        cursor: cursor && isEmailCursor(cursor) ? cursor : undefined,
      })
      return c.html(
        <EmailDeliveriesPage
          {...frame(c, flashOf(c))}
          page={page}
          state={state}
          connection={connection}
        />,
      )
    })
    .post('/:id/retry', async (c) => {
      try {
        await admin.emails.retry(adminActor(c.get('admin')), c.req.param('id'))
        return done(c, '/admin/emails', 'retried')
      } catch (error) {
        const refusal = refusalOf(error)
        if (refusal.status === 404) return c.html(<NotFoundPanel {...frame(c)} what="email" />, 404)
        // Sent meanwhile: the list says so.
        return done(c, '/admin/emails', 'unchanged')
      }
    })
}
