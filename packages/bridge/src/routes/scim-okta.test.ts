/**
 * The request sequence Okta's provisioning sends, as Okta documents it in "SCIM 2.0 protocol
 * reference" (https://developer.okta.com/docs/api/openapi/okta-scim/guides/scim-20): the
 * connection test's listings, the userName query before a create, the create (with a password
 * and an empty groups list), PUT for profile changes, the deactivation as a no-path `replace`,
 * and Group Push (create, rename with an id in the value, add members, remove by value filter,
 * delete). Okta never sends DELETE for users; it deactivates.
 */
import { describe, expect, it } from 'vitest'
import { getUser } from '../domain/users.js'
import { scimBridge } from '../testing/scim-test-kit.js'

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User'
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group'
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'

const createUser = {
  schemas: [USER],
  userName: 'test.user@okta.local',
  name: { givenName: 'Test', familyName: 'User' },
  emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
  displayName: 'Test User',
  locale: 'en-US',
  externalId: '00ujl29u0le5T6Aj10h7',
  groups: [],
  password: '1mz050nq',
  active: true,
}

describe('SCIM: Okta', () => {
  it('creates, reads, replaces and deactivates a user as Okta does', async () => {
    const { scim, bridge, partnerToken } = await scimBridge()
    const as = { token: partnerToken }

    // The connection test: two listings with constant parameters.
    const users = await scim('GET', '/Users?startIndex=1&count=2', as)
    expect(users.json).toMatchObject({ totalResults: 0, startIndex: 1, itemsPerPage: 0 })
    const groups = await scim('GET', '/Groups?startIndex=1&count=100', as)
    expect(groups.json).toMatchObject({ totalResults: 0 })

    const query = `/Users?filter=${encodeURIComponent('userName eq "test.user@okta.local"')}&startIndex=1&count=100`
    expect((await scim('GET', query, as)).json.totalResults).toBe(0)

    const created = await scim('POST', '/Users', { ...as, body: createUser })
    expect(created.status).toBe(201)
    expect(created.json).toMatchObject({
      userName: 'test.user@okta.local',
      displayName: 'Test User',
      active: true,
    })
    // The password is read and dropped: never stored, never returned.
    expect(created.json).not.toHaveProperty('password')
    expect(JSON.stringify(await bridge.storage.list('scim-user'))).not.toContain('1mz050nq')
    const id = created.json.id as string
    expect(await getUser(bridge.storage, id)).toMatchObject({
      connection: 'partner',
      name: 'Test User',
    })

    expect((await scim('GET', query, as)).json.Resources).toMatchObject([{ id }])
    expect((await scim('GET', `/Users/${id}`, as)).json.id).toBe(id)

    // Profile changes come as a PUT of the whole user.
    const replaced = await scim('PUT', `/Users/${id}`, {
      ...as,
      body: {
        ...createUser,
        id,
        name: { givenName: 'Another', familyName: 'User' },
        displayName: 'Another User',
      },
    })
    expect(replaced.status).toBe(200)
    expect(replaced.json.name).toEqual({ givenName: 'Another', familyName: 'User' })
    expect((await getUser(bridge.storage, id))?.givenName).toBe('Another')

    // Deactivation: replace without a path, the value an object.
    const deactivated = await scim('PATCH', `/Users/${id}`, {
      ...as,
      body: { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: false } }] },
    })
    expect(deactivated.status).toBe(200)
    expect(deactivated.json.active).toBe(false)
    expect((await getUser(bridge.storage, id))?.disabled).toBe(true)

    // Reactivation.
    const reactivated = await scim('PATCH', `/Users/${id}`, {
      ...as,
      body: { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: true } }] },
    })
    expect(reactivated.json.active).toBe(true)
  })

  it('pushes groups as Okta does', async () => {
    const { scim, bridge, partnerToken } = await scimBridge()
    const as = { token: partnerToken }
    const user = (await scim('POST', '/Users', { ...as, body: createUser })).json.id as string

    const created = await scim('POST', '/Groups', {
      ...as,
      body: { schemas: [GROUP], displayName: 'Test SCIMv2', members: [] },
    })
    expect(created.status).toBe(201)
    const id = created.json.id as string
    const byName = await scim(
      'GET',
      `/Groups?filter=${encodeURIComponent('displayName eq "Test SCIMv2"')}&startIndex=1&count=100`,
      as,
    )
    expect(byName.json.Resources).toMatchObject([{ id, displayName: 'Test SCIMv2' }])

    // Rename: replace without a path, the value carrying the group's id as well.
    const renamed = await scim('PATCH', `/Groups/${id}`, {
      ...as,
      body: {
        schemas: [PATCH],
        Operations: [{ op: 'replace', value: { id, displayName: 'Test SCIMv2 renamed' } }],
      },
    })
    expect(renamed.status).toBe(204)

    const added = await scim('PATCH', `/Groups/${id}`, {
      ...as,
      body: {
        schemas: [PATCH],
        Operations: [
          { op: 'add', path: 'members', value: [{ value: user, display: 'test.user@okta.local' }] },
        ],
      },
    })
    expect(added.status).toBe(204)
    expect((await getUser(bridge.storage, user))?.groups).toEqual(['Test SCIMv2 renamed'])

    const removed = await scim('PATCH', `/Groups/${id}`, {
      ...as,
      body: {
        schemas: [PATCH],
        Operations: [{ op: 'remove', path: `members[value eq "${user}"]` }],
      },
    })
    expect(removed.status).toBe(204)
    expect((await getUser(bridge.storage, user))?.groups).toEqual([])

    // A PUT with the whole member list.
    const put = await scim('PUT', `/Groups/${id}`, {
      ...as,
      body: {
        schemas: [GROUP],
        id,
        displayName: 'Test SCIMv2 renamed',
        members: [{ value: user, display: 'test.user@okta.local' }],
      },
    })
    expect(put.status).toBe(200)
    expect(put.json.members).toMatchObject([{ value: user }])
    expect((await getUser(bridge.storage, user))?.groups).toEqual(['Test SCIMv2 renamed'])

    expect((await scim('DELETE', `/Groups/${id}`, as)).status).toBe(204)
    expect((await getUser(bridge.storage, user))?.groups).toEqual([])
  })
})
