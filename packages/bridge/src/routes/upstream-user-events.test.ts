/**
 * Users an upstream IdP owns reach the apps as lifecycle events: the first sign-in creates the
 * user (`user.created`), a later one with a changed profile updates it (`user.updated` with the
 * fields). Sign-ins run against a real OpenID Provider over HTTP.
 */
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getUser } from '../domain/users.js'
import type { Storage } from '../storage/types.js'
import { createTestBridge, signInThroughUpstream } from '../testing/bridge-fixture.js'
import { corpConfig, startCorpIdp } from '../testing/corp-upstream.js'
import type { HostileProvider } from '../testing/hostile-oidc-provider.js'
import { addWebhookEndpoint, queuedEvents } from '../testing/webhook-outbox-kit.js'

// The sign-ins also start sessions (`session.started`): only the user's own events are asserted.
const userEvents = async (storage: Storage, app: string) =>
  (await queuedEvents(storage, app)).filter((event) => event.type.startsWith('user.'))

let idp: HostileProvider
beforeAll(async () => {
  idp = await startCorpIdp('corp-user-7', {
    email: 'grace@corp.example',
    email_verified: true,
    name: 'Grace Hopper',
  })
})
afterAll(() => idp.close())

async function bridgeWithCorp() {
  const bridge = await createTestBridge({ config: corpConfig(idp) })
  const { storage, box } = bridge.services
  await addWebhookEndpoint(storage, box, 'intranet')
  await addWebhookEndpoint(storage, box, 'shop')
  return bridge
}

describe('upstream users as lifecycle events', () => {
  it('tells of the user a first sign-in creates, and of what a later one changes', async () => {
    idp.reset()
    const bridge = await bridgeWithCorp()
    const sub = decodeJwt(await signInThroughUpstream(bridge, 'intranet')).sub as string
    const user = (await getUser(bridge.storage, sub))!
    expect(user.connection).toBe('corp')
    expect(await userEvents(bridge.storage, 'intranet')).toMatchObject([
      { type: 'user.created', user: { id: user.id, email: 'grace@corp.example' } },
    ])

    // The same profile again: nothing changed, nothing told.
    await signInThroughUpstream(bridge, 'intranet')
    expect(await userEvents(bridge.storage, 'intranet')).toHaveLength(1)

    const renamed = { name: 'Rear Admiral Grace Hopper', email: 'grace.hopper@corp.example' }
    idp.scenario = {
      idToken: (draft) => ({ ...draft, claims: { ...draft.claims, ...renamed } }),
      userinfo: (claims) => ({ ...claims, ...renamed }),
    }
    try {
      await signInThroughUpstream(bridge, 'intranet')
    } finally {
      idp.reset()
    }
    const [, updated] = await userEvents(bridge.storage, 'intranet')
    expect(updated).toMatchObject({
      type: 'user.updated',
      changed: ['email', 'name'],
      user: { id: user.id, ...renamed },
    })
    // shop hears only of `staff` users.
    expect(await queuedEvents(bridge.storage, 'shop')).toEqual([])
  })
})
