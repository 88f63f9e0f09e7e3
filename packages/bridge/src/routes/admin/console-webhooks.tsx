/**
 * /admin/apps/{id}/webhooks and /admin/apps/{id}/webhook-deliveries: an app's endpoints (add,
 * edit, pause, resume, delete, new secret shown once) and its delivery log with replay. Every form
 * carries the console's CSRF token; the private-network opt-in needs a recent sign-in.
 */
import { Hono } from 'hono'
import { deliveryStates, isDeliveryCursor } from '../../admin/backchannel-deliveries.js'
import type { AdminServices } from '../../admin/services.js'
import { NotFoundPanel } from '../../views/admin/basic-pages.js'
import { WebhookDeliveriesPage } from '../../views/admin/webhook-delivery-page.js'
import { WebhooksPage, type WebhookFormValues } from '../../views/admin/webhook-pages.js'
import { allValues } from './console-field-lists.js'
import { done, flashOf } from './console-flash.js'
import { refusalOf, type Refusal } from './console-refusal.js'
import {
  adminActor,
  field,
  frame,
  recentSignIn,
  type ConsoleContext,
  type ConsoleEnv,
  type ConsoleForm,
} from './console-session.js'

/** The endpoint form as typed; the service validates it. */
function valuesOf(form: ConsoleForm): WebhookFormValues {
  const url = field(form, 'url')?.trim()
  return {
    url: url || undefined,
    events: allValues(form, 'events'),
    dangerouslyAllowPrivateNetwork: field(form, 'dangerouslyAllowPrivateNetwork') === 'on',
  }
}

const confirmed = (c: ConsoleContext) => field(c.get('form'), 'confirm') === 'on'

export function consoleWebhookRoutes(admin: AdminServices) {
  const { webhooks, webhookDeliveries: deliveries } = admin
  const now = admin.deps.now ?? Date.now
  const actor = (c: ConsoleContext) => adminActor(c.get('admin'))
  const notFound = (c: ConsoleContext) => c.html(<NotFoundPanel {...frame(c)} what="app" />, 404)

  async function showPage(
    c: ConsoleContext,
    id: string,
    extra: {
      secret?: { endpoint: string; value: string }
      failed?: { form: string; values: WebhookFormValues }
      refusal?: Refusal
    } = {},
  ) {
    const [app, list] = await Promise.all([admin.apps.get(id), webhooks.list(id)])
    // A secret is shown on this response only: never cached.
    if (extra.secret) c.header('Cache-Control', 'no-store')
    return c.html(
      <WebhooksPage
        {...frame(c, flashOf(c))}
        app={app}
        webhooks={list}
        secret={extra.secret}
        failed={extra.failed}
        errors={extra.refusal?.errors ?? []}
        message={extra.refusal?.message}
      />,
      extra.refusal?.status ?? 200,
    )
  }

  /** Runs a change; a refusal is shown on the page (404: the app or endpoint is gone). */
  async function change(
    c: ConsoleContext,
    id: string,
    run: () => Promise<Response>,
    failed?: { form: string; values: WebhookFormValues },
  ) {
    try {
      return await run()
    } catch (error) {
      const refusal = refusalOf(error)
      if (refusal.status === 404) return notFound(c)
      return showPage(c, id, { refusal, failed })
    }
  }

  const base = (id: string) => `/admin/apps/${id}/webhooks`
  const writeOptions = (c: ConsoleContext) => ({ identityChange: recentSignIn(c, now) })

  return new Hono<ConsoleEnv>()
    .get('/:id/webhooks', async (c) => {
      try {
        return await showPage(c, c.req.param('id'))
      } catch (error) {
        refusalOf(error)
        return notFound(c)
      }
    })
    .post('/:id/webhooks', async (c) => {
      const id = c.req.param('id')
      const values = valuesOf(c.get('form'))
      return change(
        c,
        id,
        async () => {
          const { webhook, secret } = await webhooks.create(actor(c), id, values, writeOptions(c))
          return showPage(c, id, {
            secret: secret ? { endpoint: webhook.id, value: secret } : undefined,
          })
        },
        { form: 'new', values },
      )
    })
    .post('/:id/webhooks/:endpoint', async (c) => {
      const id = c.req.param('id')
      const endpoint = c.req.param('endpoint')
      const values = valuesOf(c.get('form'))
      return change(
        c,
        id,
        async () => {
          await webhooks.update(actor(c), id, endpoint, values, writeOptions(c))
          return done(c, base(id), 'saved')
        },
        { form: endpoint, values },
      )
    })
    .post('/:id/webhooks/:endpoint/pause', async (c) => {
      const id = c.req.param('id')
      return change(c, id, async () => {
        await webhooks.update(actor(c), id, c.req.param('endpoint'), { disabled: true })
        return done(c, base(id), 'disabled')
      })
    })
    .post('/:id/webhooks/:endpoint/resume', async (c) => {
      const id = c.req.param('id')
      return change(c, id, async () => {
        await webhooks.update(actor(c), id, c.req.param('endpoint'), { disabled: false })
        return done(c, base(id), 'enabled')
      })
    })
    .post('/:id/webhooks/:endpoint/rotate-secret', async (c) => {
      const id = c.req.param('id')
      const endpoint = c.req.param('endpoint')
      if (!confirmed(c))
        return showPage(c, id, {
          refusal: { status: 400, errors: [], message: 'Tick the box to confirm.' },
        })
      return change(c, id, async () => {
        const grace = field(c.get('form'), 'graceSeconds')
        const { secret } = await webhooks.rotateSecret(actor(c), id, endpoint, {
          // A number stays a number; anything else reaches the schema as typed, to be refused.
          graceSeconds: grace && /^\d{1,7}$/.test(grace) ? Number(grace) : grace,
        })
        return showPage(c, id, { secret: secret ? { endpoint, value: secret } : undefined })
      })
    })
    .post('/:id/webhooks/:endpoint/delete', async (c) => {
      const id = c.req.param('id')
      if (!confirmed(c))
        return showPage(c, id, {
          refusal: { status: 400, errors: [], message: 'Tick the box to confirm.' },
        })
      return change(c, id, async () => {
        await webhooks.remove(actor(c), id, c.req.param('endpoint'))
        return done(c, base(id), 'deleted')
      })
    })
    .get('/:id/webhook-deliveries', async (c) => {
      const id = c.req.param('id')
      // Anything else in the query is ignored, as links are the only way to these pages.
      const state = deliveryStates.find((s) => s === c.req.query('state'))
      const cursor = c.req.query('cursor')
      try {
        const [app, page] = await Promise.all([
          admin.apps.get(id),
          deliveries.list(id, {
            state,
            cursor: cursor && isDeliveryCursor(cursor) ? cursor : undefined,
          }),
        ])
        return c.html(
          <WebhookDeliveriesPage {...frame(c, flashOf(c))} app={app} page={page} state={state} />,
        )
      } catch (error) {
        refusalOf(error)
        return notFound(c)
      }
    })
    .post('/:id/webhook-deliveries/:delivery/replay', async (c) => {
      const id = c.req.param('id')
      const log = `/admin/apps/${id}/webhook-deliveries`
      try {
        await deliveries.replay(actor(c), id, c.req.param('delivery'))
        return done(c, log, 'retried')
      } catch (error) {
        const refusal = refusalOf(error)
        if (refusal.status === 404) return notFound(c)
        // Its endpoint was removed: the log says nothing was queued.
        return done(c, log, 'unchanged')
      }
    })
}
