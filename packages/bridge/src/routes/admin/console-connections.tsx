/** /admin/connections: list, add (with the OIDC "Check"), show the values to copy, edit, delete. */
import { Hono } from 'hono'
import { allowIdentityChange } from '../../admin/connections.js'
import type { AdminServices } from '../../admin/services.js'
import type { OidcCheckResult } from '../../admin/oidc-check.js'
import {
  ConnectionListPage,
  ConnectionNewPage,
  ConnectionPage,
  type ConnectionType,
  type FormValues,
} from '../../views/admin/connection-pages.js'
import { NotFoundPanel } from '../../views/admin/basic-pages.js'
import { words } from './console-field-lists.js'
import { refusalOf, type Refusal } from './console-refusal.js'
import { done, flashOf } from './console-flash.js'
import {
  adminActor,
  field,
  frame,
  recentSignIn,
  type ConsoleEnv,
  type ConsoleForm,
  type ConsoleContext,
} from './console-session.js'

const types: ConnectionType[] = ['local', 'oidc', 'saml']
const typeOf = (value: string | undefined): ConnectionType =>
  types.includes(value as ConnectionType) ? (value as ConnectionType) : 'oidc'

const optional = (value: string | undefined) => (value?.trim() ? value.trim() : undefined)

/** The form as a connection input, over the stored connection's own fields when editing. */
async function toInput(
  type: ConnectionType,
  form: ConsoleForm,
  base: Record<string, unknown> = {},
) {
  const on = (name: string) => field(form, name) === 'on'
  const input: Record<string, unknown> = {
    ...base,
    type,
    name: optional(field(form, 'name')),
    mfa: field(form, 'mfa') ?? base.mfa,
  }
  if (field(form, 'id') !== undefined) input.id = field(form, 'id')?.trim()
  if (type === 'local') {
    // "domains" stands for the list typed beside it; any other value is the mode itself, and
    // one the schema does not know is refused there, named at its field.
    const signup = field(form, 'signup')
    Object.assign(input, {
      signup:
        signup === 'domains'
          ? { domains: words(field(form, 'signupDomains')) }
          : (signup ?? base.signup),
      passwordless: field(form, 'passwordless') ?? base.passwordless,
      requireVerifiedEmail: on('requireVerifiedEmail'),
    })
  }
  if (type === 'oidc') {
    Object.assign(input, {
      issuer: field(form, 'issuer')?.trim(),
      clientId: field(form, 'clientId')?.trim(),
      // Left empty: keep the stored secret (the service fills it in).
      clientSecret: optional(field(form, 'clientSecret')),
      tokenEndpointAuthMethod: field(form, 'tokenEndpointAuthMethod'),
      scopes: words(field(form, 'scopes')),
      domains: words(field(form, 'domains')),
      linkByVerifiedEmail: words(field(form, 'linkByVerifiedEmail')),
      dangerouslyAllowHttpIssuer: on('dangerouslyAllowHttpIssuer'),
      dangerouslyAllowPrivateNetwork: on('dangerouslyAllowPrivateNetwork') || undefined,
    })
  }
  if (type === 'saml') {
    const file = form.idpMetadataFile
    const uploaded = file instanceof File && file.size > 0 ? await file.text() : undefined
    Object.assign(input, {
      idpMetadata: uploaded ?? optional(field(form, 'idpMetadata')),
      idpMetadataUrl: optional(field(form, 'idpMetadataUrl')),
      domains: words(field(form, 'domains')),
      trustEmail: on('trustEmail'),
      linkByVerifiedEmail: words(field(form, 'linkByVerifiedEmail')),
      dangerouslyAllowPrivateNetwork: on('dangerouslyAllowPrivateNetwork') || undefined,
    })
  }
  return input
}

/** Form values to show again: what was typed, never a secret. */
function formValues(input: Record<string, unknown>): FormValues {
  const values: FormValues = {}
  for (const [key, value] of Object.entries(input)) {
    if (key === 'clientSecret' || key === 'privateKey') continue
    if (key === 'signup' && typeof value === 'object' && value !== null) {
      // `{ domains: [...] }` is the form's "domains" choice with the list in its own field.
      values.signup = 'domains'
      const domains = (value as { domains?: unknown }).domains
      values.signupDomains = Array.isArray(domains) ? domains.join(' ') : undefined
    } else if (Array.isArray(value)) values[key] = value.join(' ')
    else if (typeof value === 'string' || typeof value === 'boolean') values[key] = value
  }
  return values
}

export function consoleConnectionRoutes(admin: AdminServices) {
  const { connections } = admin
  const now = admin.deps.now ?? Date.now
  const redirectUriPattern = `${admin.deps.issuer}/connections/<id>/callback`

  /** On an edit page, a connection that has the opt-in already Checks as it could save. */
  async function check(
    c: ConsoleContext,
    form: ConsoleForm,
    base: Record<string, unknown> = {},
  ): Promise<OidcCheckResult> {
    return connections.checkIssuer(
      {
        issuer: field(form, 'issuer') ?? '',
        dangerouslyAllowHttpIssuer: field(form, 'dangerouslyAllowHttpIssuer') === 'on',
        dangerouslyAllowPrivateNetwork: field(form, 'dangerouslyAllowPrivateNetwork') === 'on',
      },
      {
        identityChange:
          base.dangerouslyAllowPrivateNetwork === true ? allowIdentityChange : recentSignIn(c, now),
      },
    )
  }

  async function showPage(
    c: ConsoleContext,
    id: string,
    extra: {
      values?: FormValues
      refusal?: Refusal
      check?: OidcCheckResult
      newScimToken?: string
    } = {},
  ) {
    const [connection, copy, usedBy, config] = await Promise.all([
      connections.get(id),
      connections.values(id),
      connections.usedBy(id),
      connections.getAsConfig(id),
    ])
    const saml = await connections.samlMetadata(id).catch(() => undefined)
    const scim =
      connection.type === 'local'
        ? undefined
        : {
            tenantUrl: `${admin.deps.issuer.replace(/\/$/, '')}/scim/v2`,
            tokens: await admin.scimTokens.list(id),
            newToken: extra.newScimToken,
          }
    return c.html(
      <ConnectionPage
        {...frame(c, flashOf(c))}
        connection={connection}
        copy={copy}
        usedBy={usedBy}
        saml={saml}
        values={extra.values ?? formValues(config)}
        errors={extra.refusal?.errors ?? []}
        message={extra.refusal?.message}
        check={extra.check}
        scim={scim}
      />,
      extra.refusal?.status ?? 200,
    )
  }

  const notFound = (c: ConsoleContext) =>
    c.html(<NotFoundPanel {...frame(c)} what="connection" />, 404)

  return (
    new Hono<ConsoleEnv>()
      .get('/', async (c) =>
        c.html(
          <ConnectionListPage {...frame(c, flashOf(c))} connections={await connections.list()} />,
        ),
      )
      .get('/new', (c) => {
        const type = typeOf(c.req.query('type'))
        return c.html(
          <ConnectionNewPage
            {...frame(c)}
            type={type}
            values={{ mfa: 'off' }}
            errors={[]}
            redirectUriPattern={redirectUriPattern}
          />,
        )
      })
      .post('/new', async (c) => {
        const form = c.get('form')
        const type = typeOf(field(form, 'type'))
        const input = await toInput(type, form)
        const render = (refusal?: Refusal, result?: OidcCheckResult) =>
          c.html(
            <ConnectionNewPage
              {...frame(c)}
              type={type}
              values={formValues(input)}
              errors={refusal?.errors ?? []}
              message={refusal?.message}
              check={result}
              redirectUriPattern={redirectUriPattern}
            />,
            refusal?.status ?? 200,
          )
        try {
          if (field(form, 'action') === 'check') return render(undefined, await check(c, form))
          const created = await connections.create(adminActor(c.get('admin')), input, {
            identityChange: recentSignIn(c, now),
          })
          return done(c, `/admin/connections/${created.id}`, 'created')
        } catch (error) {
          return render(refusalOf(error))
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
        let base: Record<string, unknown>
        try {
          base = await connections.getAsConfig(id)
        } catch (error) {
          refusalOf(error)
          return notFound(c)
        }
        const input = await toInput(typeOf(String(base.type)), form, base)
        try {
          if (field(form, 'action') === 'check')
            return await showPage(c, id, {
              values: formValues(input),
              check: await check(c, form, base),
            })
          await connections.update(adminActor(c.get('admin')), id, input, {
            identityChange: recentSignIn(c, now),
          })
          return done(c, `/admin/connections/${id}`, 'saved')
        } catch (error) {
          return showPage(c, id, { values: formValues(input), refusal: refusalOf(error) })
        }
      })
      // A token is shown once, on the page the creation answers, never through a redirect.
      .post('/:id/scim-tokens', async (c) => {
        const id = c.req.param('id')
        try {
          const { token } = await admin.scimTokens.create(adminActor(c.get('admin')), id, {
            name: field(c.get('form'), 'name'),
          })
          return await showPage(c, id, { newScimToken: token })
        } catch (error) {
          return showPage(c, id, { refusal: refusalOf(error) }).catch(() => notFound(c))
        }
      })
      .post('/:id/scim-tokens/:tokenId/revoke', async (c) => {
        const id = c.req.param('id')
        try {
          await admin.scimTokens.revoke(adminActor(c.get('admin')), id, c.req.param('tokenId'))
          return done(c, `/admin/connections/${id}`, 'revoked')
        } catch (error) {
          return showPage(c, id, { refusal: refusalOf(error) }).catch(() => notFound(c))
        }
      })
      .post('/:id/delete', async (c) => {
        const id = c.req.param('id')
        if (field(c.get('form'), 'confirm') !== 'on')
          return showPage(c, id, {
            refusal: { status: 400, errors: [], message: 'Tick the box to confirm.' },
          })
        try {
          await connections.remove(adminActor(c.get('admin')), id)
          return done(c, '/admin/connections', 'deleted')
        } catch (error) {
          return showPage(c, id, { refusal: refusalOf(error) })
        }
      })
  )
}
