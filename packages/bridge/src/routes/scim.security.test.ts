/**
 * What a SCIM client may send wrong, and tokens that must not reach what they ask for: each is
 * refused with its status and scimType (RFC 7644 §3.12) and changes nothing.
 */
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { createApiKey } from '../admin/api-keys.js'
import { ISSUER } from '../testing/bridge-fixture.js'
import { jsonCall } from '../testing/json-call.js'
import { scimBridge } from '../testing/scim-test-kit.js'
import { scimRoutes } from './scim.js'

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User'
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error'
const alice = { schemas: [USER], userName: 'alice@corp.example', externalId: 'alice' }

async function setup() {
  const kit = await scimBridge()
  const id = (await kit.scim('POST', '/Users', { body: alice })).json.id as string
  const state = async () =>
    JSON.stringify(
      await Promise.all(
        (['user', 'scim-user', 'scim-user-name', 'scim-group', 'session'] as const).map((ns) =>
          kit.bridge.storage.list(ns),
        ),
      ),
    ) + (await kit.bridge.storage.list('audit', { limit: 10_000 })).length
  return { ...kit, id, before: await state(), state }
}

const patch = (...Operations: unknown[]) => ({ schemas: [PATCH], Operations })

describe('SCIM: bad input', () => {
  it('refuses bodies that are malformed, huge or not of the schema, changing nothing', async () => {
    const { scim, id, before, state } = await setup()
    const cases: [string, Parameters<typeof scim>, number, string | undefined][] = [
      ['malformed JSON', ['POST', '/Users', { raw: '{"schemas":' }], 400, 'invalidSyntax'],
      [
        'not JSON at all',
        [
          'POST',
          '/Users',
          { raw: 'userName=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
        ],
        400,
        'invalidSyntax',
      ],
      ['a JSON array', ['POST', '/Users', { body: [alice] }], 400, 'invalidSyntax'],
      [
        'over 1 MiB',
        [
          'POST',
          '/Users',
          { body: { ...alice, userName: 'b', title: 'x'.repeat(1024 * 1024 + 1) } },
        ],
        413,
        undefined,
      ],
      [
        'an unknown attribute',
        ['POST', '/Users', { body: { ...alice, userName: 'b', favouriteColour: 'red' } }],
        400,
        'invalidSyntax',
      ],
      [
        'an unknown sub-attribute',
        ['POST', '/Users', { body: { ...alice, userName: 'b', name: { nick: 'b' } } }],
        400,
        'invalidSyntax',
      ],
      [
        'an unknown extension',
        [
          'POST',
          '/Users',
          { body: { ...alice, userName: 'b', schemas: [USER, 'urn:example:custom'] } },
        ],
        400,
        'invalidSyntax',
      ],
      [
        'no core schema',
        ['POST', '/Users', { body: { ...alice, userName: 'b', schemas: [] } }],
        400,
        'invalidSyntax',
      ],
      ['no userName', ['POST', '/Users', { body: { schemas: [USER] } }], 400, 'invalidValue'],
      [
        'active not a boolean',
        ['POST', '/Users', { body: { ...alice, userName: 'b', active: 'maybe' } }],
        400,
        'invalidValue',
      ],
      [
        'a userName too long',
        ['POST', '/Users', { body: { ...alice, userName: 'b'.repeat(300) } }],
        400,
        'invalidValue',
      ],
      [
        'too many emails',
        [
          'POST',
          '/Users',
          {
            body: {
              ...alice,
              userName: 'b',
              emails: Array.from({ length: 21 }, (_, i) => ({ value: `${i}@x` })),
            },
          },
        ],
        400,
        'invalidValue',
      ],
      [
        'a NUL character',
        ['POST', '/Users', { raw: JSON.stringify({ ...alice, userName: 'b\u0000' }) }],
        400,
        'invalidValue',
      ],
      [
        'a taken userName',
        ['POST', '/Users', { body: { ...alice, externalId: 'other' } }],
        409,
        'uniqueness',
      ],
      [
        'a taken externalId',
        ['POST', '/Users', { body: { ...alice, userName: 'other' } }],
        409,
        'uniqueness',
      ],
      [
        'an unknown op',
        ['PATCH', `/Users/${id}`, { body: patch({ op: 'move', path: 'title', value: 'x' }) }],
        400,
        'invalidValue',
      ],
      [
        'not a PatchOp',
        [
          'PATCH',
          `/Users/${id}`,
          { body: { Operations: [{ op: 'add', path: 'title', value: 'x' }] } },
        ],
        400,
        'invalidSyntax',
      ],
      ['no operations', ['PATCH', `/Users/${id}`, { body: patch() }], 400, 'invalidSyntax'],
      [
        '1001 operations',
        [
          'PATCH',
          `/Users/${id}`,
          {
            body: patch(
              ...Array.from({ length: 1001 }, () => ({ op: 'add', path: 'title', value: 'x' })),
            ),
          },
        ],
        400,
        'invalidSyntax',
      ],
      [
        'a path to nothing',
        [
          'PATCH',
          `/Users/${id}`,
          { body: patch({ op: 'replace', path: 'shoeSize', value: '42' }) },
        ],
        400,
        'invalidPath',
      ],
      [
        'a malformed path',
        [
          'PATCH',
          `/Users/${id}`,
          { body: patch({ op: 'replace', path: 'emails[type eq "work"', value: 'x' }) },
        ],
        400,
        'invalidPath',
      ],
      [
        'a path filter not eq',
        [
          'PATCH',
          `/Users/${id}`,
          { body: patch({ op: 'replace', path: 'emails[type co "w"].value', value: 'x' }) },
        ],
        400,
        'invalidPath',
      ],
      [
        'remove without a path',
        ['PATCH', `/Users/${id}`, { body: patch({ op: 'remove' }) }],
        400,
        'noTarget',
      ],
      [
        'a read-only attribute',
        ['PATCH', `/Users/${id}`, { body: patch({ op: 'replace', path: 'id', value: 'mine' }) }],
        400,
        'mutability',
      ],
      [
        'a wrong type by patch',
        [
          'PATCH',
          `/Users/${id}`,
          {
            body: patch({
              op: 'replace',
              path: 'title',
              value: { deep: { er: [1, 2, { est: true }] } },
            }),
          },
        ],
        400,
        'invalidValue',
      ],
      [
        'an unknown key by no-path patch',
        ['PATCH', `/Users/${id}`, { body: patch({ op: 'replace', value: { shoeSize: 42 } }) }],
        400,
        'invalidPath',
      ],
      [
        'a no-path value not an object',
        ['PATCH', `/Users/${id}`, { body: patch({ op: 'replace', value: 'x' }) }],
        400,
        'invalidValue',
      ],
      [
        'a replace emptying userName',
        ['PATCH', `/Users/${id}`, { body: patch({ op: 'remove', path: 'userName' }) }],
        400,
        'invalidValue',
      ],
      [
        'a PUT with an unknown attribute',
        ['PUT', `/Users/${id}`, { body: { ...alice, nickname2: 'x' } }],
        400,
        'invalidSyntax',
      ],
      ['a bad startIndex', ['GET', '/Users?startIndex=abc', {}], 400, 'invalidValue'],
      [
        'a group with an unknown member',
        [
          'POST',
          '/Groups',
          {
            body: {
              schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
              displayName: 'g',
              members: [{ value: 'nobody' }],
            },
          },
        ],
        400,
        'invalidValue',
      ],
    ]
    for (const [name, args, status, scimType] of cases) {
      const answer = await scim(...args)
      expect(answer.status, name).toBe(status)
      expect(answer.headers.get('content-type'), name).toBe('application/scim+json')
      expect(answer.json?.schemas, name).toEqual([ERROR])
      expect(answer.json?.status, name).toBe(String(status))
      expect(answer.json?.scimType, name).toBe(scimType)
    }
    expect(await state()).toBe(before)
  })

  it('refuses filters that are invalid or would be expensive', async () => {
    const { scim, before, state } = await setup()
    const filters = [
      'userName co "ali"',
      'userName sw "ali"',
      'userName pr',
      'userName ne "alice@corp.example"',
      'userName eq "a" or userName eq "b"',
      'not (userName eq "a")',
      '(userName eq "alice@corp.example")',
      'userName eq "a" and externalId eq "b" and id eq "c"',
      'emails[type eq "work"].value eq "alice@corp.example"',
      'title eq "x"',
      'userName eq alice',
      'userName eq "unterminated',
      'userName eq',
      `userName eq "${'a'.repeat(600)}"`,
      '((((((((((userName eq "a"))))))))))',
    ]
    for (const filter of filters) {
      const answer = await scim('GET', `/Users?filter=${encodeURIComponent(filter)}`)
      expect(answer.status, filter).toBe(400)
      expect(answer.json.scimType, filter).toBe('invalidFilter')
    }
    const groups = await scim('GET', `/Groups?filter=${encodeURIComponent('userName eq "x"')}`)
    expect(groups.json.scimType).toBe('invalidFilter')
    // What is supported still answers.
    const both = await scim(
      'GET',
      `/Users?filter=${encodeURIComponent('userName eq "alice@corp.example" and externalId eq "alice"')}`,
    )
    expect(both.json.totalResults).toBe(1)
    const mismatch = await scim(
      'GET',
      `/Users?filter=${encodeURIComponent('userName eq "alice@corp.example" and externalId eq "bob"')}`,
    )
    expect(mismatch.json.totalResults).toBe(0)
    expect(await state()).toBe(before)
  })

  it('refuses a missing, wrong or foreign token, and keeps each token to its connection', async () => {
    const { scim, bridge, id, partnerToken, state } = await setup()
    const apiKey = (
      await createApiKey(bridge.storage, { type: 'cli', id: 't' }, { name: 'k', scopes: ['admin'] })
    ).key
    const before = await state()
    for (const token of [null, 'nonsense', `scim_0123456789abcdef_${'A'.repeat(43)}`, apiKey]) {
      const answer = await scim('GET', '/Users', { token })
      expect(answer.status, String(token)).toBe(401)
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/)
      expect(answer.json.schemas).toEqual([ERROR])
    }
    const foreign = { token: partnerToken }
    expect((await scim('GET', `/Users/${id}`, foreign)).status).toBe(404)
    expect(
      (
        await scim('PATCH', `/Users/${id}`, {
          ...foreign,
          body: patch({ op: 'replace', path: 'active', value: false }),
        })
      ).status,
    ).toBe(404)
    expect((await scim('PUT', `/Users/${id}`, { ...foreign, body: alice })).status).toBe(404)
    expect((await scim('DELETE', `/Users/${id}`, foreign)).status).toBe(404)
    expect(
      (
        await scim(
          'GET',
          `/Users?filter=${encodeURIComponent('userName eq "alice@corp.example"')}`,
          foreign,
        )
      ).json.totalResults,
    ).toBe(0)
    expect(
      (await scim('GET', `/Users?filter=${encodeURIComponent(`id eq "${id}"`)}`, foreign)).json
        .totalResults,
    ).toBe(0)
    expect((await scim('GET', '/Users', foreign)).json.totalResults).toBe(0)
    const group = await scim('POST', '/Groups', {
      ...foreign,
      body: {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        displayName: 'g',
        members: [{ value: id }],
      },
    })
    expect(group.status).toBe(400)
    expect(group.json.scimType).toBe('invalidValue')
    expect(await state()).toBe(before)
    // The same userName in another connection is another user.
    expect((await scim('POST', '/Users', { ...foreign, body: alice })).status).toBe(201)
  })

  it('honours If-Match: a stale version is refused with 412, the current one and * pass', async () => {
    const { scim, id, state } = await setup()
    const current = await scim('GET', `/Users/${id}`)
    const etag = current.headers.get('etag') as string
    expect(etag).toMatch(/^W\/".+"$/)
    const before = await state()
    for (const method of ['PATCH', 'PUT', 'DELETE'] as const) {
      const answer = await scim(method, `/Users/${id}`, {
        headers: { 'If-Match': 'W/"stale"' },
        body:
          method === 'PATCH'
            ? patch({ op: 'replace', path: 'title', value: 'x' })
            : method === 'PUT'
              ? alice
              : undefined,
      })
      expect(answer.status, method).toBe(412)
      expect(answer.json.schemas, method).toEqual([ERROR])
    }
    expect(await state()).toBe(before)
    const ok = await scim('PATCH', `/Users/${id}`, {
      headers: { 'If-Match': etag },
      body: patch({ op: 'replace', path: 'title', value: 'CTO' }),
    })
    expect(ok.status).toBe(200)
    expect(ok.headers.get('etag')).not.toBe(etag)
    // The old version is now stale.
    const again = await scim('PATCH', `/Users/${id}`, {
      headers: { 'If-Match': etag },
      body: patch({ op: 'replace', path: 'title', value: 'CEO' }),
    })
    expect(again.status).toBe(412)
    const any = await scim('PATCH', `/Users/${id}`, {
      headers: { 'If-Match': '*' },
      body: patch({ op: 'replace', path: 'title', value: 'CEO' }),
    })
    expect(any.status).toBe(200)
  })

  it('limits each token to its requests per minute, with Retry-After', async () => {
    const { bridge, corpToken, partnerToken } = await scimBridge()
    const app = new Hono().route('/scim/v2', scimRoutes(bridge.services, { requestsPerMinute: 3 }))
    const get = (token: string) =>
      jsonCall(app, 'GET', `${ISSUER}/scim/v2/Users`, {
        bearer: token,
        contentType: 'application/scim+json',
      })
    for (let i = 0; i < 3; i++) expect((await get(corpToken)).status).toBe(200)
    const limited = await get(corpToken)
    expect(limited.status).toBe(429)
    expect(limited.json).toMatchObject({ schemas: [ERROR], status: '429' })
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60)
    // Another token has its own count.
    expect((await get(partnerToken)).status).toBe(200)
  })

  it('answers unknown SCIM paths in SCIM JSON', async () => {
    const { scim } = await scimBridge()
    const answer = await scim('GET', '/Bulk')
    expect(answer.status).toBe(404)
    expect(answer.json.schemas).toEqual([ERROR])
  })
})
