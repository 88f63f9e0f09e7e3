/**
 * /admin/apps: list, add (secret shown once), the snippet with SRI, edit, new secret, delete, and
 * each app's back-channel logout deliveries with retry now; its webhooks (console-webhooks.tsx).
 */
import { Hono } from 'hono'
import { AdminInputError } from '../../admin/input.js'
import { isBridgeError } from '../../errors.js'
import type { AdminServices } from '../../admin/services.js'
import { AppListPage, AppNewPage, AppPage } from '../../views/admin/app-pages.js'
import { DeliveriesPage } from '../../views/admin/delivery-pages.js'
import { PlatformCheckPage } from '../../views/admin/platform-check-page.js'
import { deliveryStates, isDeliveryCursor } from '../../admin/backchannel-deliveries.js'
import { NotFoundPanel } from '../../views/admin/basic-pages.js'
import type { FormValues } from '../../views/admin/connection-pages.js'
import { refusalOf, type Refusal } from './console-refusal.js'
import { allValues, lines } from './console-field-lists.js'
import { platformInput, platformValues, signingInput, whole } from './console-app-preset-input.js'
import { presetOf } from '../../views/admin/app-preset-fields.js'
import { presets } from '../../domain/presets.js'
import { done, flashOf } from './console-flash.js'
import { brandingInput, brandingValues } from './console-branding-input.js'
import { consoleAppBrandRoutes } from './console-app-brand.js'
import { consoleWebhookRoutes } from './console-webhooks.js'
import {
  adminActor,
  field,
  frame,
  recentSignIn,
  type ConsoleEnv,
  type ConsoleForm,
  type ConsoleContext,
} from './console-session.js'

/** Input errors and the check's own refusals (no user to sign in) are shown on its form. */
function consoleCheckRefusal(error: unknown): Refusal {
  if (isBridgeError(error) && error.code === 'invalid_request')
    return { status: 400, errors: [], message: error.description }
  return refusalOf(error)
}

const optional = (value: string | undefined) => (value?.trim() ? value.trim() : undefined)

/** The form as an app input, over the stored app's own fields when editing. */
function toInput(form: ConsoleForm, base: Record<string, unknown> = {}) {
  const preset = presetOf(optional(field(form, 'preset')))
  const input: Record<string, unknown> = {
    ...base,
    name: optional(field(form, 'name')),
    callbackUrls: lines(field(form, 'callbackUrls')),
    connections: allValues(form, 'connections'),
    signing: signingInput(form, preset),
    preset: optional(field(form, 'preset')),
    platform: platformInput(form, preset),
    requireMfa: field(form, 'requireMfa') === 'on',
    branding: brandingInput(form),
  }
  if (preset === undefined) input.delivery = optional(field(form, 'delivery'))
  // Another platform's parameters would stay behind: the new preset's own apply.
  if (preset !== base.preset)
    for (const name of ['delivery', 'tokenParam', 'returnToParam'])
      if (preset !== undefined || name !== 'delivery') delete input[name]
  if (field(form, 'id') !== undefined) input.id = field(form, 'id')?.trim()
  input.tokenTtl = whole(optional(field(form, 'tokenTtl')))
  const claims = optional(field(form, 'claims'))
  if (claims === undefined) delete input.claims
  else {
    try {
      input.claims = JSON.parse(claims) as unknown
    } catch {
      throw new AdminInputError([{ path: 'claims', message: 'is not valid JSON' }])
    }
  }
  return input
}

/** Form values to show again: what was typed or stored, never a secret. */
function formValues(input: Record<string, unknown>, raw?: ConsoleForm): FormValues {
  const signing = input.signing as { alg?: string } | undefined
  return {
    ...platformValues(input.platform),
    ...brandingValues(raw ? brandingInput(raw) : input.branding),
    id: typeof input.id === 'string' ? input.id : undefined,
    name: typeof input.name === 'string' ? input.name : undefined,
    callbackUrls: Array.isArray(input.callbackUrls) ? input.callbackUrls.join('\n') : undefined,
    connections: Array.isArray(input.connections) ? (input.connections as string[]) : [],
    alg: signing?.alg,
    tokenTtl: input.tokenTtl === undefined ? undefined : String(input.tokenTtl),
    delivery: typeof input.delivery === 'string' ? input.delivery : undefined,
    preset: typeof input.preset === 'string' ? input.preset : undefined,
    claims: raw ? field(raw, 'claims') : input.claims ? JSON.stringify(input.claims) : undefined,
    requireMfa: input.requireMfa === true,
  }
}

export function consoleAppRoutes(admin: AdminServices) {
  const { apps } = admin
  const now = admin.deps.now ?? Date.now

  async function showPage(
    c: ConsoleContext,
    id: string,
    extra: { values?: FormValues; refusal?: Refusal; secret?: string; warnings?: string[] } = {},
  ) {
    const [app, config, connections, webhooks] = await Promise.all([
      apps.get(id),
      apps.getAsConfig(id),
      admin.connections.list(),
      admin.webhooks.list(id),
    ])
    const setup = await apps.platformSetup(app)
    return c.html(
      <AppPage
        {...frame(c, flashOf(c))}
        app={app}
        snippet={apps.snippet(app)}
        setup={setup}
        issuer={admin.deps.issuer}
        secret={extra.secret}
        warnings={extra.warnings}
        values={extra.values ?? formValues(config)}
        errors={extra.refusal?.errors ?? []}
        message={extra.refusal?.message}
        connections={connections}
        webhooks={webhooks}
      />,
      extra.refusal?.status ?? 200,
    )
  }

  const notFound = (c: ConsoleContext) => c.html(<NotFoundPanel {...frame(c)} what="app" />, 404)
  const actor = (c: ConsoleContext) => adminActor(c.get('admin'))

  return new Hono<ConsoleEnv>()
    .route('/', consoleAppBrandRoutes(admin, showPage))
    .route('/', consoleWebhookRoutes(admin))
    .get('/', async (c) =>
      c.html(<AppListPage {...frame(c, flashOf(c))} apps={await apps.list()} />),
    )
    .get('/new', async (c) => {
      // ?preset= from the platform chooser: the form shows what that platform needs.
      const preset = presetOf(c.req.query('preset'))
      const values: FormValues = {
        preset,
        alg: preset && presets[preset].alg ? presets[preset].alg : 'HS256',
        tokenTtl: String((preset && presets[preset].tokenTtl) ?? 120),
        connections: [],
      }
      return c.html(
        <AppNewPage
          {...frame(c)}
          values={values}
          errors={[]}
          connections={await admin.connections.list()}
        />,
      )
    })
    .post('/new', async (c) => {
      const form = c.get('form')
      let input: Record<string, unknown> = {}
      try {
        input = toInput(form)
        const { app, secret, warnings } = await apps.create(actor(c), input, {
          identityChange: recentSignIn(c, now),
        })
        // The secret is shown on this response only: no redirect, and no-store.
        return showPage(c, app.id, { secret, warnings })
      } catch (error) {
        const refusal = refusalOf(error)
        return c.html(
          <AppNewPage
            {...frame(c)}
            values={formValues(input, form)}
            errors={refusal.errors}
            message={refusal.message}
            connections={await admin.connections.list()}
          />,
          refusal.status,
        )
      }
    })
    .get('/:id', async (c) => {
      try {
        return await showPage(c, c.req.param('id'))
      } catch (error) {
        refusalOf(error)
        return notFound(c)
      }
    })
    .post('/:id', async (c) => {
      const id = c.req.param('id')
      const form = c.get('form')
      let input: Record<string, unknown> = {}
      try {
        input = toInput(form, await apps.getAsConfig(id))
        const { secret, warnings } = await apps.update(actor(c), id, input, {
          identityChange: recentSignIn(c, now),
        })
        // A colour adjusted for contrast is said on the page itself: no flash carries text.
        if (secret || warnings) return showPage(c, id, { secret, warnings })
        return done(c, `/admin/apps/${id}`, 'saved')
      } catch (error) {
        const refusal = refusalOf(error)
        if (refusal.status === 404) return notFound(c)
        return showPage(c, id, { values: formValues(input, form), refusal })
      }
    })
    .post('/:id/secret', async (c) => {
      const id = c.req.param('id')
      if (field(c.get('form'), 'confirm') !== 'on')
        return showPage(c, id, {
          refusal: { status: 400, errors: [], message: 'Tick the box to confirm.' },
        })
      try {
        const grace = field(c.get('form'), 'graceSeconds')
        const { secret } = await apps.regenerateSecret(actor(c), id, {
          graceSeconds: grace && /^\d{1,7}$/.test(grace) ? Number(grace) : grace,
        })
        return showPage(c, id, { secret })
      } catch (error) {
        return showPage(c, id, { refusal: refusalOf(error) })
      }
    })
    .get('/:id/check', async (c) => {
      const id = c.req.param('id')
      try {
        const app = await apps.get(id)
        if (!app.preset) return notFound(c)
        return c.html(
          <PlatformCheckPage {...frame(c)} app={app} label={presets[app.preset].label} />,
        )
      } catch (error) {
        refusalOf(error)
        return notFound(c)
      }
    })
    .post('/:id/check', async (c) => {
      const id = c.req.param('id')
      let app: Awaited<ReturnType<typeof apps.get>>
      try {
        app = await apps.get(id)
      } catch (error) {
        refusalOf(error)
        return notFound(c)
      }
      if (!app.preset) return notFound(c)
      const form = c.get('form')
      const offset = optional(field(form, 'clockOffsetSeconds'))
      const values = { user: optional(field(form, 'user')), clockOffsetSeconds: offset }
      const label = presets[app.preset].label
      try {
        const report = await admin.platformCheck.run(actor(c), id, {
          user: values.user,
          platformKey: optional(field(form, 'platformKey')),
          // A number stays a number; anything else reaches the schema as typed, to be refused.
          clockOffsetSeconds: offset && /^-?\d{1,6}$/.test(offset) ? Number(offset) : offset,
        })
        return c.html(
          <PlatformCheckPage
            {...frame(c)}
            app={app}
            label={label}
            values={values}
            report={report}
          />,
        )
      } catch (error) {
        const refusal = consoleCheckRefusal(error)
        c.status(refusal.status)
        return c.html(
          <PlatformCheckPage
            {...frame(c)}
            app={app}
            label={label}
            values={values}
            errors={refusal.errors}
            message={refusal.message}
          />,
        )
      }
    })
    .get('/:id/deliveries', async (c) => {
      const id = c.req.param('id')
      // Anything else in the query is ignored, as links are the only way to these pages.
      const state = deliveryStates.find((s) => s === c.req.query('state'))
      const cursor = c.req.query('cursor')
      try {
        const [app, page] = await Promise.all([
          apps.get(id),
          admin.deliveries.list(id, {
            state,
            cursor: cursor && isDeliveryCursor(cursor) ? cursor : undefined,
          }),
        ])
        return c.html(
          <DeliveriesPage {...frame(c, flashOf(c))} app={app} page={page} state={state} />,
        )
      } catch (error) {
        refusalOf(error)
        return notFound(c)
      }
    })
    .post('/:id/deliveries/:delivery/retry', async (c) => {
      const id = c.req.param('id')
      try {
        await admin.deliveries.retry(actor(c), id, c.req.param('delivery'))
        return done(c, `/admin/apps/${id}/deliveries`, 'retried')
      } catch (error) {
        const refusal = refusalOf(error)
        if (refusal.status === 404) return notFound(c)
        // Delivered meanwhile: the list says so.
        return done(c, `/admin/apps/${id}/deliveries`, 'unchanged')
      }
    })
    .post('/:id/delete', async (c) => {
      const id = c.req.param('id')
      if (field(c.get('form'), 'confirm') !== 'on')
        return showPage(c, id, {
          refusal: { status: 400, errors: [], message: 'Tick the box to confirm.' },
        })
      try {
        await apps.remove(actor(c), id)
        return done(c, '/admin/apps', 'deleted')
      } catch (error) {
        refusalOf(error)
        return notFound(c)
      }
    })
}
