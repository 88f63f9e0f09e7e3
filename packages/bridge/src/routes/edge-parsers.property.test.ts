/**
 * Property tests for every parser at the edge: forms (urlencoded and multipart), query strings,
 * cookies, the admin API's JSON bodies and SAML XML at the ACS. Whatever arrives, the answer is a
 * 4xx (never a 5xx) and storage is not changed. Seeded, so that a failure reproduces.
 */
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { createAdmin } from '../admin/admin-accounts.js'
import { createAdminSession } from '../admin/admin-sessions.js'
import { apiScopes, createApiKey } from '../admin/api-keys.js'
import { generateCertifiedKeyPair } from '../keys/self-signed-certificate.js'
import type { Storage } from '../storage/types.js'
import { createTestBridge, ISSUER, memoryStorage } from '../testing/bridge-fixture.js'
import { acsPath, acsUrl, samlConfig, spEntityId, startSamlSignIn } from '../testing/saml-flow.js'
import { base64, buildResponse } from '../testing/saml-responses.js'

const SEED = 1212
const runs = (numRuns: number) => ({ numRuns, seed: SEED })

/** Real storage, counting the calls that change it (a write, or a consume/delete that hit). */
function countingStorage(storage: Storage) {
  let changes = 0
  const counted = new Proxy(storage, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown
      if (typeof value !== 'function') return value
      const method = value as (...args: unknown[]) => Promise<unknown>
      return async (...args: unknown[]) => {
        const result = await method.apply(target, args)
        if (name === 'set' || name === 'increment') changes++
        if ((name === 'add' || name === 'delete') && result === true) changes++
        if (name === 'consume' && result !== undefined) changes++
        return result
      }
    },
  })
  return { storage: counted, changes: () => changes }
}

const IDP = 'https://idp.partner.example'
const idpKey = generateCertifiedKeyPair('partner idp')

let bridge: Awaited<ReturnType<typeof createTestBridge>>
let changes: () => number
let liveTx: string
let samlRequestId: string
let adminCookie: string
let apiKey: string

beforeAll(async () => {
  const counting = countingStorage(await memoryStorage())
  changes = counting.changes
  bridge = await createTestBridge({
    storage: counting.storage,
    config: samlConfig({
      entryPoint: `${IDP}/sso`,
      idpCert: [idpKey.certificate],
      idpEntityId: IDP,
    }),
  })
  const browser = bridge.browser()
  const start = await browser.get(`/authorize?app=forum&state=s`)
  liveTx = new URL(start.headers.get('Location') as string, ISSUER).searchParams.get('tx') ?? ''
  samlRequestId = (await startSamlSignIn(bridge.browser())).id
  const { admin } = await createAdmin(
    bridge.storage,
    { type: 'cli', id: 'test' },
    { email: 'root@example.com' },
  )
  adminCookie = `ssobridge_admin=${(await createAdminSession(bridge.storage, admin.id)).id}`
  apiKey = (
    await createApiKey(
      bridge.storage,
      { type: 'cli', id: 'test' },
      { name: 'p', scopes: apiScopes },
    )
  ).key
  // The key's first use records lastUsedAt; later calls in the same minutes do not write.
  await bridge.app.request(`${ISSUER}/admin/api/apps`, {
    headers: { Authorization: `Bearer ${apiKey}` },
  })
})

/** Sends one request and checks the outcome: a 4xx (or, with `anyBelow500`, no 5xx), no change. */
async function expectRefusedUnchanged(
  path: string,
  init: RequestInit & { headers?: Record<string, string> },
  options: { anyBelow500?: boolean } = {},
) {
  const before = changes()
  const response = await bridge.app.request(`${ISSUER}${path}`, init)
  await response.arrayBuffer()
  const expected = options.anyBelow500 ? response.status < 500 : isClientError(response.status)
  if (!expected) expect.fail(`${init.method ?? 'GET'} ${path} answered ${response.status}`)
  expect(changes() - before).toBe(0)
}

const isClientError = (status: number) => status >= 400 && status < 500

// Names that are Object.prototype's members: the classic way to crash a `{}` used as a map.
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype)
const FIELD_NAMES = [
  'tx',
  'csrf',
  'email',
  'password',
  'action',
  'code',
  'grant_type',
  'code_verifier',
  'redirect_uri',
  'client_id',
  'SAMLResponse',
  'RelayState',
  'token',
  'state',
  'r',
  'app',
  'connection',
  'prompt',
  'return_to',
  'login_hint',
  'response',
  'cursor',
  'limit',
]
const name = fc.oneof(
  fc.constantFrom(...PROTOTYPE_NAMES, ...FIELD_NAMES),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
)
const value = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\0', 'a\0b', '%00', '', 'x'.repeat(5000), liveTxPlaceholder()),
)
const pairs = fc.array(fc.tuple(name, value), { maxLength: 8 })

/** Stands for the live transaction id; swapped in at request time (it exists only then). */
function liveTxPlaceholder() {
  return '\u0001live-tx\u0001'
}
const withLiveTx = (text: string) => text.replaceAll(liveTxPlaceholder(), liveTx)

const encoded = (list: [string, string][]) =>
  withLiveTx(new URLSearchParams(list.map(([n, v]) => [withLiveTx(n), withLiveTx(v)])).toString())
// Raw text too: broken percent-encoding, stray `&` and `=`.
const rawText = fc.string({ unit: 'binary', maxLength: 120 })
/** As it may sit in a URL: kept where URL-safe, else one `%XX` per UTF-16 unit's low byte. */
const asRawQuery = (text: string) =>
  Array.from(text, (ch) =>
    /[\w=&%.~-]/.test(ch) ? ch : `%${(ch.charCodeAt(0) & 0xff).toString(16).padStart(2, '0')}`,
  ).join('')

const FORM_PATHS = [
  '/login',
  '/login/passkey',
  '/mfa',
  '/mfa/continue',
  '/mfa/enroll',
  '/mfa/passkey',
  '/mfa/passkey/enroll',
  '/token',
  acsPath('partner'),
  '/admin/login',
  '/admin/setup',
  '/admin/login/mfa',
]
const formHeaders = (type = 'application/x-www-form-urlencoded') => ({
  'Content-Type': type,
  Origin: ISSUER,
})

describe('form bodies', () => {
  it('any urlencoded fields on any form endpoint: a 4xx and no change', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...FORM_PATHS),
        fc.oneof(pairs.map(encoded), rawText),
        async (path, body) => {
          await expectRefusedUnchanged(path, { method: 'POST', headers: formHeaders(), body })
        },
      ),
      runs(250),
    )
  })

  it('a field named after every Object.prototype member, on every form endpoint', async () => {
    for (const path of FORM_PATHS) {
      for (const field of PROTOTYPE_NAMES) {
        const body = new URLSearchParams({ [field]: 'x', tx: liveTx }).toString()
        await expectRefusedUnchanged(path, { method: 'POST', headers: formHeaders(), body })
      }
    }
  })

  it('malformed multipart where only urlencoded is expected, and where files are accepted', async () => {
    const multipart = fc.record({
      boundary: fc.oneof(fc.constant('XyZ'), fc.string({ unit: 'grapheme-ascii', maxLength: 20 })),
      body: fc.oneof(
        rawText,
        fc
          .tuple(fc.array(fc.tuple(name, value), { maxLength: 4 }), fc.boolean())
          .map(
            ([list, closed]) =>
              list
                .map(
                  ([n, v]) =>
                    `--XyZ\r\nContent-Disposition: form-data; name="${n}"\r\n\r\n${v}\r\n`,
                )
                .join('') + (closed ? '--XyZ--\r\n' : ''),
          ),
      ),
    })
    const paths = ['/admin/login', '/admin/setup', '/admin/login/mfa', '/admin/connections/new']
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), multipart, async (path, { boundary, body }) => {
        const headers = {
          ...formHeaders(`multipart/form-data; boundary=${boundary.replace(/[^\x21-\x7e]/g, '')}`),
          Cookie: adminCookie,
        }
        await expectRefusedUnchanged(path, { method: 'POST', headers, body })
      }),
      runs(150),
    )
  })
})

describe('query strings', () => {
  const paths = [
    '/authorize',
    '/login',
    '/mfa',
    '/connections/partner/start',
    '/connections/partner/saml/finish',
    '/connections/nope/callback',
  ]
  it('any parameters on any GET: a 4xx and no change', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.oneof(pairs.map(encoded), rawText.map(asRawQuery)),
        async (path, query) => {
          await expectRefusedUnchanged(`${path}?${query}`, {})
        },
      ),
      runs(250),
    )
  })

  it('NUL and control characters in tx, r and state: 400 invalid_request', async () => {
    for (const bad of ['%00', `${liveTx}%00`, '%01abc', 'a%7Fb', '%0A']) {
      for (const path of [
        `/login?tx=${bad}`,
        `/connections/partner/start?tx=${bad}`,
        `/connections/partner/saml/finish?r=${bad}`,
        `/authorize?app=forum&state=${bad}`.replace(/%(01|7F|0A)/g, '%00'),
      ]) {
        const before = changes()
        const response = await bridge.app.request(`${ISSUER}${path}`)
        expect([path, response.status]).toEqual([path, 400])
        expect(await response.text()).toContain('<code>invalid_request</code>')
        expect(changes() - before).toBe(0)
      }
    }
  })

  it('any parameters on the admin API lists: never a 5xx, no change', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/admin/api/users', '/admin/api/audit', '/admin/api/apps'),
        fc.oneof(pairs.map(encoded), rawText.map(asRawQuery)),
        async (path, query) => {
          await expectRefusedUnchanged(
            `${path}?${query}`,
            { headers: { Authorization: `Bearer ${apiKey}` } },
            { anyBelow500: true },
          )
        },
      ),
      runs(150),
    )
  })
})

describe('cookies', () => {
  const cookieChar = fc.constantFrom(
    ...Array.from({ length: 0x7e - 0x20 + 1 }, (_, i) => String.fromCharCode(0x20 + i)),
  )
  const cookieName = fc.oneof(
    fc.constantFrom(
      ...PROTOTYPE_NAMES,
      'ssobridge_session',
      'ssobridge_login',
      'ssobridge_admin',
      'ssobridge_admin_login',
      '__Host-ssobridge_admin',
    ),
    fc.string({ unit: cookieChar, maxLength: 12 }),
  )
  const cookieValue = fc.oneof(
    fc.string({ unit: cookieChar, maxLength: 60 }),
    fc.constantFrom('%00', '"', '""', '%', 'a%00b', '='),
  )
  const header = fc
    .array(fc.tuple(cookieName, cookieValue), { maxLength: 6 })
    .map((list) => list.map(([n, v]) => `${n}=${v}`).join('; '))

  it('any Cookie header where a cookie decides: a 4xx and no change', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('login', 'console', 'api'),
        fc.oneof(header, fc.string({ unit: cookieChar, maxLength: 80 })),
        async (target, cookie) => {
          if (target === 'login')
            await expectRefusedUnchanged(`/login?tx=${liveTx}`, { headers: { Cookie: cookie } })
          if (target === 'api')
            await expectRefusedUnchanged('/admin/api/apps', { headers: { Cookie: cookie } })
          if (target === 'console') {
            await expectRefusedUnchanged('/admin/apps/new', {
              method: 'POST',
              headers: { ...formHeaders(), Cookie: cookie },
              body: 'csrf=x',
            })
          }
        },
      ),
      runs(150),
    )
  })
})

describe('admin API JSON bodies', () => {
  const nested = fc
    .integer({ min: 1, max: 20_000 })
    .chain((depth) =>
      fc.constantFrom(
        '['.repeat(depth) + ']'.repeat(depth),
        '{"a":'.repeat(depth) + '1' + '}'.repeat(depth),
      ),
    )
  const prototypeKeys = fc
    .array(fc.tuple(fc.constantFrom(...PROTOTYPE_NAMES, ...FIELD_NAMES, 'id', 'name'), fc.json()), {
      maxLength: 6,
    })
    .map((list) => `{${list.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`)
  const body = fc.oneof(
    fc.json(),
    fc.string({ unit: 'binary', maxLength: 80 }),
    prototypeKeys,
    nested,
    fc.constantFrom('{"id":"x\\u0000y"}', '{"\\u0000":1}', '"\\u0000"'),
  )

  it('any body to the create endpoints: a 4xx and no change', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/admin/api/apps', '/admin/api/connections', '/admin/api/users'),
        body,
        async (path, text) => {
          await expectRefusedUnchanged(path, {
            method: 'POST',
            headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
            body: text,
          })
        },
      ),
      runs(200),
    )
  })
})

describe('SAML XML at the ACS', () => {
  const post = (xml: string) =>
    expectRefusedUnchanged(acsPath('partner'), {
      method: 'POST',
      headers: formHeaders(),
      body: new URLSearchParams({ SAMLResponse: base64(xml) }).toString(),
    })

  const xmlName = fc.constantFrom(
    'a',
    'samlp:Response',
    'saml:Assertion',
    'x:y',
    'ds:Signature',
    '_',
  )
  const xmlText = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.constantFrom(
      '<!-- c -->',
      '<![CDATA[<a>]]>',
      '<?pi x?>',
      '&amp;',
      '&bogus;',
      '<!DOCTYPE a>',
    ),
  )
  const tree = fc.letrec<{ node: string }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      xmlText,
      fc
        .tuple(xmlName, fc.string({ maxLength: 10 }), fc.array(tie('node'), { maxLength: 4 }))
        .map(([n, attr, kids]) => `<${n} x="${attr}">${kids.join('')}</${n}>`),
    ),
  })).node
  const deep = fc
    .integer({ min: 50, max: 20_000 })
    .map((depth) => '<a>'.repeat(depth) + '</a>'.repeat(depth))

  it('arbitrary documents, deep ones included: a 4xx and no change', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(tree, deep, fc.string({ unit: 'binary', maxLength: 200 })), post),
      runs(150),
    )
  })

  it('a real signed Response with something put inside its signed assertion: a 4xx and no change', async () => {
    const expected = {
      acsUrl: acsUrl('partner'),
      spEntityId: spEntityId('partner'),
      idpEntityId: IDP,
    }
    const { xml } = buildResponse(expected, samlRequestId, { signAssertion: idpKey })
    const from = xml.indexOf('<saml:Subject>')
    const to = xml.indexOf('</saml:Subject>')
    // Points right after a tag inside the Subject, which the assertion's signature covers.
    const points: number[] = []
    for (let i = from; i < to; i++) if (xml[i] === '>') points.push(i + 1)
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...points),
        // Never empty: an empty insertion leaves the Response as signed, which signs in.
        fc.oneof(tree, deep, fc.string({ minLength: 1, maxLength: 20 })).filter((x) => x !== ''),
        async (at, inserted) => post(xml.slice(0, at) + inserted + xml.slice(at)),
      ),
      runs(100),
    )
  })
})
