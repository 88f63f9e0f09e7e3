/**
 * The request sequence Microsoft Entra ID's provisioning service sends, as Microsoft documents
 * it in "Tutorial: Develop and plan provisioning for a SCIM endpoint in Microsoft Entra ID"
 * (https://learn.microsoft.com/en-us/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups,
 * section "User operations" and "Group operations"), plus the shapes its older, non-compliant
 * behaviour sends ("Known issues and resolutions with SCIM 2.0 protocol compliance",
 * https://learn.microsoft.com/en-us/entra/identity/app-provisioning/application-provisioning-config-problem-scim-compatibility).
 */
import { describe, expect, it } from 'vitest'
import { getUser } from '../domain/users.js'
import { scimBridge } from '../testing/scim-test-kit.js'

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User'
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'

// "Create User" request, as documented.
const createUser = {
  schemas: [USER, ENTERPRISE],
  externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
  userName: 'Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1',
  active: true,
  emails: [
    {
      primary: true,
      type: 'work',
      value: 'Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com',
    },
  ],
  meta: { resourceType: 'User' },
  name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
  roles: [],
}

describe('SCIM: Microsoft Entra ID', () => {
  it('creates, finds by filter, patches, disables and deletes a user as Entra ID does', async () => {
    const { scim, bridge } = await scimBridge()

    // "Get User by query": nothing yet (Entra ID asks before it creates).
    const none = await scim(
      'GET',
      `/Users?filter=${encodeURIComponent(`userName eq "${createUser.userName}"`)}`,
    )
    expect(none.status).toBe(200)
    expect(none.json).toMatchObject({ totalResults: 0, Resources: [] })

    const created = await scim('POST', '/Users', { body: createUser })
    expect(created.status).toBe(201)
    expect(created.headers.get('content-type')).toBe('application/scim+json')
    expect(created.json).toMatchObject({
      schemas: [USER],
      userName: createUser.userName,
      externalId: createUser.externalId,
      active: true,
      groups: [],
      meta: { resourceType: 'User' },
    })
    const id = created.json.id as string
    expect(created.headers.get('etag')).toBe(created.json.meta.version)
    expect(created.headers.get('location')).toBe(`http://localhost:4000/scim/v2/Users/${id}`)
    const user = await getUser(bridge.storage, id)
    expect(user).toMatchObject({
      connection: 'corp',
      email: createUser.emails[0]!.value,
      emailVerified: false,
      givenName: 'givenName',
      familyName: 'familyName',
      provisionedBy: 'scim',
    })

    // "Get User by query": one, in a ListResponse.
    const found = await scim(
      'GET',
      `/Users?filter=${encodeURIComponent(`userName eq "${createUser.userName}"`)}`,
    )
    expect(found.json).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 1,
      startIndex: 1,
      itemsPerPage: 1,
      Resources: [{ id }],
    })
    // userName is case-insensitive.
    const upper = await scim(
      'GET',
      `/Users?filter=${encodeURIComponent(`userName eq "${createUser.userName.toUpperCase()}"`)}`,
    )
    expect(upper.json.totalResults).toBe(1)

    // "Create a duplicate User": 409 uniqueness.
    const duplicate = await scim('POST', '/Users', { body: { ...createUser, externalId: 'other' } })
    expect(duplicate.status).toBe(409)
    expect(duplicate.json).toMatchObject({ status: '409', scimType: 'uniqueness' })

    // "Update User [Multi-valued properties]".
    const multi = await scim('PATCH', `/Users/${id}`, {
      body: {
        schemas: [PATCH],
        Operations: [
          {
            op: 'Replace',
            path: 'emails[type eq "work"].value',
            value: 'updatedEmail@microsoft.com',
          },
          { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
        ],
      },
    })
    expect(multi.status).toBe(200)
    expect(multi.json.emails).toEqual([
      { primary: true, type: 'work', value: 'updatedEmail@microsoft.com' },
    ])
    expect(multi.json.name.familyName).toBe('updatedFamilyName')
    expect(await getUser(bridge.storage, id)).toMatchObject({
      email: 'updatedEmail@microsoft.com',
      familyName: 'updatedFamilyName',
    })

    // "Update User [Single-valued properties]".
    const single = await scim('PATCH', `/Users/${id}`, {
      body: {
        schemas: [PATCH],
        Operations: [
          {
            op: 'Replace',
            path: 'userName',
            value: '5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com',
          },
        ],
      },
    })
    expect(single.json.userName).toBe('5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com')
    const oldName = await scim(
      'GET',
      `/Users?filter=${encodeURIComponent(`userName eq "${createUser.userName}"`)}`,
    )
    expect(oldName.json.totalResults).toBe(0)

    // "Update Manager": the enterprise extension's manager, given as the manager's id.
    const manager = await scim('PATCH', `/Users/${id}`, {
      body: {
        schemas: [PATCH],
        Operations: [
          {
            op: 'Add',
            path: `${ENTERPRISE}:manager`,
            value: '2819c223-7f76-453a-919d-413861904646',
          },
        ],
      },
    })
    expect(manager.status).toBe(200)
    expect(manager.json[ENTERPRISE]).toEqual({
      manager: { value: '2819c223-7f76-453a-919d-413861904646' },
    })
    expect(manager.json.schemas).toEqual([USER, ENTERPRISE])

    // The older behaviour: Add without a path, its value's keys themselves paths.
    const noPath = await scim('PATCH', `/Users/${id}`, {
      body: {
        schemas: [PATCH],
        Operations: [
          {
            op: 'Add',
            value: {
              'name.givenName': 'Ada',
              [`${ENTERPRISE}:department`]: 'R&D',
              title: 'Engineer',
            },
          },
        ],
      },
    })
    expect(noPath.status).toBe(200)
    expect(noPath.json).toMatchObject({ name: { givenName: 'Ada' }, title: 'Engineer' })
    expect(noPath.json[ENTERPRISE]).toMatchObject({ department: 'R&D' })

    // "Disable User", in the older shape: the boolean as the string "False".
    const disabled = await scim('PATCH', `/Users/${id}`, {
      body: { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] },
    })
    expect(disabled.status).toBe(200)
    expect(disabled.json.active).toBe(false)
    expect((await getUser(bridge.storage, id))?.disabled).toBe(true)

    // And the compliant one turns the user back on.
    const enabled = await scim('PATCH', `/Users/${id}`, {
      body: { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'active', value: true }] },
    })
    expect(enabled.json.active).toBe(true)

    // "Delete User".
    const deleted = await scim('DELETE', `/Users/${id}`)
    expect(deleted.status).toBe(204)
    expect(await getUser(bridge.storage, id)).toBeUndefined()
    const gone = await scim('GET', `/Users/${id}`)
    expect(gone.status).toBe(404)
    expect(gone.json).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '404',
    })
  })

  it('creates groups, adds and removes members as Entra ID does, and the groups reach the user', async () => {
    const { scim, bridge } = await scimBridge()
    const a = (
      await scim('POST', '/Users', {
        body: { ...createUser, userName: 'a@corp.example', externalId: 'a' },
      })
    ).json.id
    const b = (
      await scim('POST', '/Users', {
        body: { ...createUser, userName: 'b@corp.example', externalId: 'b' },
      })
    ).json.id

    // "Create Group".
    const created = await scim('POST', '/Groups', {
      body: {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
        displayName: 'displayName',
        meta: { resourceType: 'Group' },
      },
    })
    expect(created.status).toBe(201)
    expect(created.json).toMatchObject({
      displayName: 'displayName',
      members: [],
      meta: { resourceType: 'Group' },
    })
    const id = created.json.id as string

    // "Get Group by displayName", without members.
    const found = await scim(
      'GET',
      `/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "displayName"')}`,
    )
    expect(found.json.totalResults).toBe(1)
    expect(found.json.Resources[0]).not.toHaveProperty('members')
    const one = await scim('GET', `/Groups/${id}?excludedAttributes=members`)
    expect(one.status).toBe(200)
    expect(one.json).not.toHaveProperty('members')

    // "Update Group [Add Members]".
    const added = await scim('PATCH', `/Groups/${id}`, {
      body: {
        schemas: [PATCH],
        Operations: [
          {
            op: 'Add',
            path: 'members',
            value: [
              { $ref: null, value: a },
              { $ref: null, value: b },
            ],
          },
        ],
      },
    })
    expect(added.status).toBe(204)
    expect((await getUser(bridge.storage, a))?.groups).toEqual(['displayName'])
    expect((await scim('GET', `/Users/${a}`)).json.groups).toMatchObject([
      { value: id, display: 'displayName' },
    ])

    // "Update Group [Non-member attributes]": the rename reaches every member's groups.
    const renamed = await scim('PATCH', `/Groups/${id}`, {
      body: {
        schemas: [PATCH],
        Operations: [
          {
            op: 'Replace',
            path: 'displayName',
            value: '1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName',
          },
        ],
      },
    })
    expect(renamed.status).toBe(204)
    expect((await getUser(bridge.storage, b))?.groups).toEqual([
      '1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName',
    ])

    // "Update Group [Remove Members]".
    const removed = await scim('PATCH', `/Groups/${id}`, {
      body: {
        schemas: [PATCH],
        Operations: [{ op: 'Remove', path: 'members', value: [{ $ref: null, value: a }] }],
      },
    })
    expect(removed.status).toBe(204)
    expect((await getUser(bridge.storage, a))?.groups).toEqual([])
    expect((await scim('GET', `/Groups/${id}`)).json.members).toMatchObject([{ value: b }])

    // "Delete Group".
    expect((await scim('DELETE', `/Groups/${id}`)).status).toBe(204)
    expect((await getUser(bridge.storage, b))?.groups).toEqual([])
    expect((await scim('GET', `/Groups/${id}`)).status).toBe(404)
  })

  it('answers the discovery endpoints', async () => {
    const { scim } = await scimBridge()
    const config = await scim('GET', '/ServiceProviderConfig')
    expect(config.json).toMatchObject({
      patch: { supported: true },
      etag: { supported: true },
      bulk: { supported: false },
    })
    const types = await scim('GET', '/ResourceTypes')
    expect(types.json.Resources.map((t: { id: string }) => t.id)).toEqual(['User', 'Group'])
    const schemas = await scim('GET', '/Schemas')
    expect(schemas.json.Resources.map((s: { id: string }) => s.id)).toEqual([
      USER,
      ENTERPRISE,
      'urn:ietf:params:scim:schemas:core:2.0:Group',
    ])
  })
})
