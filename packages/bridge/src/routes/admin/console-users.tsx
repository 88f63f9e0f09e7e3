/**
 * /admin/users: search, add to a local store (password shown once), see and end sessions,
 * disable, delete, reset password.
 */
import { Hono } from 'hono'
import type { AdminServices } from '../../admin/services.js'
import { isBridgeError } from '../../errors.js'
import { NotFoundPanel } from '../../views/admin/basic-pages.js'
import type { FormValues } from '../../views/admin/connection-pages.js'
import { UserListPage, UserNewPage, UserPage } from '../../views/admin/user-pages.js'
import { refusalOf, type Refusal } from './console-refusal.js'
import { done, flashOf } from './console-flash.js'
import {
  adminActor,
  field,
  frame,
  type ConsoleEnv,
  type ConsoleContext,
} from './console-session.js'

const optional = (value: string | undefined) => (value?.trim() ? value.trim() : undefined)
const cursorPattern = /^[\w-]{1,64}$/

/** A member email refused for want of SMTP is shown on the page like a conflict. */
function emailRefusal(error: unknown): Refusal {
  if (isBridgeError(error) && error.code === 'invalid_config')
    return { status: 400, errors: [], message: error.description }
  return refusalOf(error)
}

export function consoleUserRoutes(admin: AdminServices) {
  const { users } = admin
  const actor = (c: ConsoleContext) => adminActor(c.get('admin'))

  async function showPage(
    c: ConsoleContext,
    id: string,
    extra: { refusal?: Refusal; password?: string } = {},
  ) {
    let user
    try {
      user = await users.get(id)
    } catch (error) {
      refusalOf(error)
      return c.html(<NotFoundPanel {...frame(c)} what="user" />, 404)
    }
    const connection = await admin.connections.get(user.connection).catch(() => undefined)
    return c.html(
      <UserPage
        {...frame(c, flashOf(c))}
        user={user}
        sessions={await admin.userSessions.list(id)}
        isLocal={connection?.type === 'local'}
        emailConfigured={admin.deps.email?.configured === true}
        password={extra.password}
        errors={extra.refusal?.errors ?? []}
        message={extra.refusal?.message}
      />,
      extra.refusal?.status ?? 200,
    )
  }

  return new Hono<ConsoleEnv>()
    .get('/', async (c) => {
      const q = optional(c.req.query('q'))?.slice(0, 254)
      const connection = optional(c.req.query('connection'))?.slice(0, 64)
      const cursor = c.req.query('cursor')
      const page = await users.list(
        { q, connection },
        { limit: 50, cursor: cursor && cursorPattern.test(cursor) ? cursor : undefined },
      )
      return c.html(
        <UserListPage
          {...frame(c, flashOf(c))}
          users={page.users}
          next={page.nextCursor}
          q={q}
          connection={connection}
          connections={await admin.connections.list()}
        />,
      )
    })
    .get('/new', async (c) =>
      c.html(
        <UserNewPage
          {...frame(c)}
          values={{}}
          errors={[]}
          connections={await admin.connections.list()}
        />,
      ),
    )
    .post('/new', async (c) => {
      const form = c.get('form')
      const values: FormValues = {
        email: field(form, 'email')?.trim(),
        name: optional(field(form, 'name')),
        connection: field(form, 'connection'),
        emailVerified: field(form, 'emailVerified') === 'on',
      }
      try {
        const { user, password } = await users.create(actor(c), {
          ...values,
          password: optional(field(form, 'password')),
        })
        return showPage(c, user.id, { password })
      } catch (error) {
        const refusal = refusalOf(error)
        return c.html(
          <UserNewPage
            {...frame(c)}
            values={values}
            errors={refusal.errors}
            message={refusal.message}
            connections={await admin.connections.list()}
          />,
          refusal.status,
        )
      }
    })
    .get('/:id', async (c) => showPage(c, c.req.param('id')))
    .post('/:id/disable', async (c) => {
      await users.setDisabled(actor(c), c.req.param('id'), true).catch(refusalOf)
      return done(c, `/admin/users/${encodeURIComponent(c.req.param('id'))}`, 'disabled')
    })
    .post('/:id/enable', async (c) => {
      await users.setDisabled(actor(c), c.req.param('id'), false).catch(refusalOf)
      return done(c, `/admin/users/${encodeURIComponent(c.req.param('id'))}`, 'enabled')
    })
    .post('/:id/sessions/end', async (c) => {
      const id = c.req.param('id')
      try {
        await admin.userSessions.end(
          actor(c),
          id,
          field(c.get('form'), 'sid') ?? '',
          c.get('requestId'),
        )
      } catch (error) {
        return showPage(c, id, { refusal: refusalOf(error) })
      }
      return done(c, `/admin/users/${encodeURIComponent(id)}`, 'session_ended')
    })
    .post('/:id/sessions/end-all', async (c) => {
      const id = c.req.param('id')
      try {
        await admin.userSessions.endAll(actor(c), id, c.get('requestId'))
      } catch (error) {
        return showPage(c, id, { refusal: refusalOf(error) })
      }
      return done(c, `/admin/users/${encodeURIComponent(id)}`, 'sessions_ended')
    })
    .post('/:id/delete', async (c) => {
      const id = c.req.param('id')
      if (field(c.get('form'), 'confirm') !== 'on')
        return showPage(c, id, {
          refusal: { status: 400, errors: [], message: 'Tick the box to confirm.' },
        })
      try {
        await users.delete(actor(c), id)
      } catch (error) {
        return showPage(c, id, { refusal: refusalOf(error) })
      }
      return done(c, '/admin/users', 'deleted')
    })
    .post('/:id/mfa/reset', async (c) => {
      await users.resetMfa(actor(c), c.req.param('id')).catch(refusalOf)
      return done(c, `/admin/users/${encodeURIComponent(c.req.param('id'))}`, 'saved')
    })
    .post('/:id/verification-email', async (c) => {
      const id = c.req.param('id')
      try {
        await users.sendVerification(actor(c), id)
      } catch (error) {
        return showPage(c, id, { refusal: emailRefusal(error) })
      }
      return done(c, `/admin/users/${encodeURIComponent(id)}`, 'verification_sent')
    })
    .post('/:id/password-reset-email', async (c) => {
      const id = c.req.param('id')
      try {
        await users.sendPasswordReset(actor(c), id)
      } catch (error) {
        return showPage(c, id, { refusal: emailRefusal(error) })
      }
      return done(c, `/admin/users/${encodeURIComponent(id)}`, 'reset_sent')
    })
    .post('/:id/password', async (c) => {
      const id = c.req.param('id')
      try {
        const { password } = await users.resetPassword(
          actor(c),
          id,
          optional(field(c.get('form'), 'password')),
        )
        return showPage(c, id, { password })
      } catch (error) {
        return showPage(c, id, { refusal: refusalOf(error) })
      }
    })
}
