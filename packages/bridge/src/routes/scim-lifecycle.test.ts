/**
 * What provisioning does beyond its own records: deprovisioning ends sessions and tells the
 * sites, every change is audited with the SCIM token as actor, and a provisioned user is the
 * user their first sign-in through the connection's IdP finds, in that connection only.
 */
import { serve } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { APPS } from '../domain/apps.js'
import { listAudit } from '../domain/audit-log.js'
import { getConnection, type UpstreamConnection } from '../domain/connections.js'
import { userForIdentity } from '../domain/identities.js'
import { WEBHOOK_KIND, type WebhookPayload } from '../domain/lifecycle-events.js'
import { createSession, sessionsOfUser } from '../domain/sessions.js'
import { getUser } from '../domain/users.js'
import { scimBridge } from '../testing/scim-test-kit.js'

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User'
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
const bob = {
  schemas: [USER],
  userName: 'bob@corp.example',
  externalId: '00u-bob',
  name: { givenName: 'Bob', familyName: 'Builder' },
  emails: [{ value: 'bob@corp.example', primary: true }],
}

async function withWebhooks() {
  const kit = await scimBridge()
  const intranet = (await kit.bridge.storage.get(APPS, 'intranet'))!
  await kit.bridge.storage.set(APPS, 'intranet', {
    ...intranet,
    webhooks: [
      { id: 'ep_intranet', url: 'https://intranet.example/hooks', secretSealed: 'x', createdAt: 0 },
    ],
  })
  const events = async () =>
    (await kit.bridge.storage.outbox.list({ kind: WEBHOOK_KIND, owner: 'intranet', limit: 100 }))
      .map((e) => e.payload as unknown as WebhookPayload)
      .sort((a, b) => a.at - b.at)
  return { ...kit, events }
}

const signInSession = async (storage: Parameters<typeof createSession>[0], userId: string) =>
  createSession(storage, { userId, connection: 'corp', authTime: 0, amr: ['pwd'] }, 3600)

describe('SCIM: lifecycle', () => {
  it('deactivation ends every session and tells the apps; all audited with the token', async () => {
    const { scim, bridge, events } = await withWebhooks()
    const id = (await scim('POST', '/Users', { body: bob })).json.id as string
    await signInSession(bridge.storage, id)
    await signInSession(bridge.storage, id)
    expect(await sessionsOfUser(bridge.storage, id)).toHaveLength(2)

    await scim('PATCH', `/Users/${id}`, {
      body: {
        schemas: [PATCH],
        Operations: [{ op: 'replace', path: 'name.givenName', value: 'Robert' }],
      },
    })
    const off = await scim('PATCH', `/Users/${id}`, {
      body: { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: false } }] },
    })
    expect(off.status).toBe(200)
    expect(await sessionsOfUser(bridge.storage, id)).toHaveLength(0)

    const sent = await events()
    expect(sent.map((e) => e.type)).toEqual([
      'user.created',
      'user.updated',
      'user.disabled',
      'session.ended',
      'session.ended',
    ])
    expect(sent[1]).toMatchObject({ changed: ['givenName', 'name'] })
    expect(
      sent.filter((e) => e.type === 'session.ended').every((e) => e.reason === 'deprovisioned'),
    ).toBe(true)

    const { entries } = await listAudit(bridge.storage, { user: id })
    expect(entries.map((e) => e.event).sort()).toEqual([
      'user.created',
      'user.disabled',
      'user.sessions_ended',
      'user.updated',
    ])
    const token = (await bridge.storage.list('scim-token')).find(
      (t) => t.value.connection === 'corp',
    )!.value
    expect(entries.every((e) => e.actor.type === 'scim' && e.actor.id === token.id)).toBe(true)
    expect(entries.every((e) => e.connection === 'corp')).toBe(true)
  })

  it('DELETE ends sessions, removes the user and its groups, and sends user.deleted', async () => {
    const { scim, bridge, events } = await withWebhooks()
    const id = (await scim('POST', '/Users', { body: bob })).json.id as string
    const group = (
      await scim('POST', '/Groups', {
        body: {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
          displayName: 'Staff',
          members: [{ value: id }],
        },
      })
    ).json.id
    await signInSession(bridge.storage, id)
    expect((await scim('DELETE', `/Users/${id}`)).status).toBe(204)
    expect(await getUser(bridge.storage, id)).toBeUndefined()
    expect(await sessionsOfUser(bridge.storage, id)).toHaveLength(0)
    expect((await scim('GET', `/Groups/${group}`)).json.members).toEqual([])
    const sent = (await events()).map((e) => e.type)
    expect(sent).toContain('session.ended')
    expect(sent[sent.length - 1]).toBe('user.deleted')
    const { entries } = await listAudit(bridge.storage, { event: 'group.created' })
    expect(entries[0]?.actor.type).toBe('scim')
    // The userName is free again.
    expect((await scim('POST', '/Users', { body: bob })).status).toBe(201)
  })

  it('takes a userName over from a user the admin deleted', async () => {
    const { scim, admin } = await scimBridge()
    const id = (await scim('POST', '/Users', { body: bob })).json.id as string
    await admin.users.delete({ type: 'cli', id: 't' }, id)
    expect((await scim('GET', `/Users/${id}`)).status).toBe(404)
    expect((await scim('POST', '/Users', { body: bob })).status).toBe(201)
  })

  it('links the first sign-in to the provisioned user, in its connection only', async () => {
    const { scim, bridge } = await scimBridge()
    const corp = (await getConnection(bridge.storage, 'corp')) as UpstreamConnection
    const partner = (await getConnection(bridge.storage, 'partner')) as UpstreamConnection
    const id = (await scim('POST', '/Users', { body: bob })).json.id as string
    await scim('POST', '/Groups', {
      body: {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        displayName: 'Builders',
        members: [{ value: id }],
      },
    })

    // Okta's way: the OIDC subject is the externalId. The directory's groups and name stay.
    const first = await userForIdentity(bridge.storage, corp, {
      subject: '00u-bob',
      email: 'bob@corp.example',
      emailVerified: true,
      name: 'Someone Else',
      groups: ['from-the-token'],
    })
    expect(first.id).toBe(id)
    expect(first).toMatchObject({ name: 'Bob Builder', groups: ['Builders'], emailVerified: true })
    // The next sign-in follows the link.
    expect((await userForIdentity(bridge.storage, corp, { subject: '00u-bob' })).id).toBe(id)
    // Another subject with the same verified email does not take the linked user over.
    const other = await userForIdentity(bridge.storage, corp, {
      subject: 'intruder',
      email: 'bob@corp.example',
      emailVerified: true,
    })
    expect(other.id).not.toBe(id)
    // Another connection's IdP asserting the same subject and email gets its own user.
    const foreign = await userForIdentity(bridge.storage, partner, {
      subject: '00u-bob',
      email: 'bob@corp.example',
      emailVerified: true,
    })
    expect(foreign.id).not.toBe(id)
    expect(foreign.connection).toBe('partner')
  })

  it('links by verified email or by a subject that is the userName, never by an unverified email', async () => {
    const { scim, bridge } = await scimBridge()
    const corp = (await getConnection(bridge.storage, 'corp')) as UpstreamConnection
    const carol = (
      await scim('POST', '/Users', { body: { schemas: [USER], userName: 'carol@corp.example' } })
    ).json.id
    const dave = (
      await scim('POST', '/Users', { body: { schemas: [USER], userName: 'dave@corp.example' } })
    ).json.id
    const erin = (
      await scim('POST', '/Users', { body: { schemas: [USER], userName: 'erin@corp.example' } })
    ).json.id

    const unverified = await userForIdentity(bridge.storage, corp, {
      subject: 's-carol',
      email: 'carol@corp.example',
    })
    expect(unverified.id).not.toBe(carol)
    const verified = await userForIdentity(bridge.storage, corp, {
      subject: 's-dave',
      email: 'DAVE@corp.example',
      emailVerified: true,
    })
    expect(verified.id).toBe(dave)
    // A SAML NameID carrying the UPN.
    const nameId = await userForIdentity(bridge.storage, corp, { subject: 'erin@corp.example' })
    expect(nameId.id).toBe(erin)
  })

  it('adopts a user who signed in before being provisioned, so deprovisioning reaches them', async () => {
    const { scim, bridge } = await scimBridge()
    const corp = (await getConnection(bridge.storage, 'corp')) as UpstreamConnection
    const early = await userForIdentity(bridge.storage, corp, {
      subject: '00u-bob',
      email: 'bob@corp.example',
      emailVerified: true,
    })
    const created = await scim('POST', '/Users', { body: bob })
    expect(created.status).toBe(201)
    expect(created.json.id).toBe(early.id)
    expect(await getUser(bridge.storage, early.id)).toMatchObject({
      provisionedBy: 'scim',
      givenName: 'Bob',
    })
    await signInSession(bridge.storage, early.id)
    await scim('PATCH', `/Users/${early.id}`, {
      body: { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: false } }] },
    })
    expect((await getUser(bridge.storage, early.id))?.disabled).toBe(true)
    expect(await sessionsOfUser(bridge.storage, early.id)).toHaveLength(0)
    // The next sign-in still follows the link made before.
    expect((await userForIdentity(bridge.storage, corp, { subject: '00u-bob' })).id).toBe(early.id)

    // By email only when the IdP verified it.
    const unverified = await userForIdentity(bridge.storage, corp, {
      subject: 's-1',
      email: 'zed@corp.example',
    })
    const zed = await scim('POST', '/Users', {
      body: { schemas: [USER], userName: 'zed@corp.example' },
    })
    expect(zed.json.id).not.toBe(unverified.id)
    const verified = await userForIdentity(bridge.storage, corp, {
      subject: 's-2',
      email: 'amy@corp.example',
      emailVerified: true,
    })
    const amy = await scim('POST', '/Users', {
      body: { schemas: [USER], userName: 'amy@corp.example' },
    })
    expect(amy.json.id).toBe(verified.id)
  })

  it('serves a directory over a real listening socket', async () => {
    const { bridge, corpToken } = await scimBridge()
    const server = serve({ fetch: bridge.app.fetch, port: 0, hostname: '127.0.0.1' })
    servers.push(server)
    await new Promise((done) => server.once('listening', done))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`
    const headers = {
      Authorization: `Bearer ${corpToken}`,
      'Content-Type': 'application/scim+json',
    }
    const created = await fetch(`${base}/Users`, {
      method: 'POST',
      headers,
      body: JSON.stringify(bob),
    })
    expect(created.status).toBe(201)
    const { id } = (await created.json()) as { id: string }
    const listed = await fetch(
      `${base}/Users?filter=${encodeURIComponent('externalId eq "00u-bob"')}`,
      { headers },
    )
    expect(((await listed.json()) as { Resources: { id: string }[] }).Resources[0]?.id).toBe(id)
    const huge = await fetch(`${base}/Users`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ...bob, title: 'x'.repeat(2 * 1024 * 1024) }),
    })
    expect(huge.status).toBe(413)
    const anonymous = await fetch(`${base}/Users`)
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers.get('content-type')).toBe('application/scim+json')
  })
})

const servers: ReturnType<typeof serve>[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))))
})
