import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server'
import { beforeEach, describe, expect, it } from 'vitest'
import { listPasskeys } from '../mfa/passkeys.js'
import { createTestBridge, ISSUER, signInWithPassword } from '../testing/bridge-fixture.js'
import { readPasskeyForm, SoftAuthenticator } from '../testing/soft-authenticator.js'
import type { TestBrowser } from '../testing/test-browser.js'

const PAGE = '/account/passkeys'
type CreateOptions = PublicKeyCredentialCreationOptionsJSON

let bridge: Awaited<ReturnType<typeof createTestBridge>>
beforeEach(async () => {
  bridge = await createTestBridge()
})

const aliceId = async () => (await bridge.storage.list('user'))[0]!.key

async function addPasskey(browser: TestBrowser, key: SoftAuthenticator, name: string) {
  const form = readPasskeyForm<CreateOptions>(await (await browser.get(PAGE)).text(), PAGE)!
  return browser.post(PAGE, {
    ...form.fields,
    name,
    credential: JSON.stringify(key.register(form.options)),
  })
}

const csrfOf = async (browser: TestBrowser) =>
  /name="csrf" value="([^"]+)"/.exec(await (await browser.get(PAGE)).text())![1]!

describe('account page for passkeys', () => {
  it('asks to sign in first', async () => {
    const page = await bridge.browser().get(PAGE)
    expect(page.status).toBe(401)
    expect(await page.text()).toContain('Not signed in')
  })

  it('adds (with recovery codes the first time), renames and removes passkeys', async () => {
    const browser = bridge.browser()
    await signInWithPassword(browser)
    const empty = await (await browser.get(PAGE)).text()
    expect(empty).toContain('You have no passkeys yet.')

    const key = new SoftAuthenticator({ origin: ISSUER })
    // NUL is malformed input at the edge (storage cannot hold it): refused, nothing added.
    const nul = await addPasskey(browser, key, 'Laptop\u0000')
    expect(nul.status).toBe(400)
    expect(await nul.text()).toContain('<code>invalid_request</code>')
    // Other control characters and edge spaces are cleaned out of the name.
    const first = await addPasskey(browser, key, 'Laptop\u0007 ')
    const firstPage = await first.text()
    expect(firstPage).toContain('Passkey added.')
    expect([...firstPage.matchAll(/<li><code>/g)]).toHaveLength(10)
    const second = await addPasskey(browser, new SoftAuthenticator({ origin: ISSUER }), '')
    expect(second.status).toBe(303)
    expect(second.headers.get('Location')).toBe(`${PAGE}?done=added`)

    const passkeys = await listPasskeys(bridge.storage, await aliceId())
    expect(passkeys.map((p) => p.name)).toEqual(['Laptop', 'Passkey'])
    const csrf = await csrfOf(browser)
    const renamed = await browser.post(`${PAGE}/rename`, {
      csrf,
      id: passkeys[1]!.id,
      name: 'YubiKey 5',
    })
    expect(renamed.headers.get('Location')).toBe(`${PAGE}?done=renamed`)
    const removed = await browser.post(`${PAGE}/remove`, { csrf, id: passkeys[0]!.id })
    expect(removed.headers.get('Location')).toBe(`${PAGE}?done=removed`)
    const after = await (await browser.get(`${PAGE}?done=removed`)).text()
    expect(after).toContain('Passkey removed.')
    expect(after).toContain('YubiKey 5')
    expect(after).not.toContain('<strong>Laptop</strong>')
    expect((await listPasskeys(bridge.storage, await aliceId())).map((p) => p.name)).toEqual([
      'YubiKey 5',
    ])
  })

  it('needs a session with a second factor once the user has one', async () => {
    // Someone with only the password, signed in before the owner added a passkey elsewhere.
    const thief = bridge.browser()
    await signInWithPassword(thief)
    const owner = bridge.browser()
    await signInWithPassword(owner)
    await addPasskey(owner, new SoftAuthenticator({ origin: ISSUER }), 'Key')
    const [passkey] = await listPasskeys(bridge.storage, await aliceId())
    // The owner's session may go on managing the passkey it added; the thief's may not.
    expect((await owner.get(PAGE)).status).toBe(200)
    const page = await thief.get(PAGE)
    expect(page.status).toBe(403)
    const removal = await thief.post(`${PAGE}/remove`, { csrf: 'x', id: passkey!.id })
    expect(removal.status).toBe(403)
    expect(await listPasskeys(bridge.storage, await aliceId())).toHaveLength(1)
  })

  it('refuses forged, cross-origin and cross-session submissions', async () => {
    const browser = bridge.browser()
    await signInWithPassword(browser)
    const csrf = await csrfOf(browser)
    const key = new SoftAuthenticator({ origin: ISSUER })
    const form = readPasskeyForm<CreateOptions>(await (await browser.get(PAGE)).text(), PAGE)!
    const credential = JSON.stringify(key.register(form.options))
    expect((await browser.post(PAGE, { csrf: 'forged', credential })).status).toBe(403)
    expect(
      (await browser.post(PAGE, { csrf, credential }, { Origin: 'https://evil.example' })).status,
    ).toBe(403)
    // The same user signed in elsewhere cannot finish a ceremony this session started.
    const other = bridge.browser()
    await signInWithPassword(other)
    const stolen = await other.post(PAGE, { csrf: await csrfOf(other), credential })
    expect(stolen.headers.get('Location')).toBe(`${PAGE}?passkey=failed`)
    expect(await listPasskeys(bridge.storage, await aliceId())).toHaveLength(0)
    expect(
      (await browser.post(`${PAGE}/remove`, { csrf, id: 'AAAAAAAAAAAAAAAAAAAAAA' })).status,
    ).toBe(404)
  })
})
