import { expect, test } from '@playwright/test'
import { verifyAccessToken } from '@ssobridge/verify'
import { createRemoteJWKSet, jwtVerify } from 'jose'
import { demo } from './demo.js'

test('the single-page app signs in with the bridge session, renews, and signs out everywhere', async ({
  page,
}) => {
  // Signed in on shop with a password...
  await page.goto(demo.shop)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByLabel('Email').fill(demo.alice.email)
  await page.getByLabel('Password').fill(demo.alice.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByText(`Signed in as ${demo.alice.email}`)).toBeVisible()

  // ...the SPA's oidc-client-ts signs in without one: code + PKCE, a public client.
  const tokenRequests: string[] = []
  page.on('request', (request) => {
    if (request.url() === `${demo.bridge}/oidc/token`) tokenRequests.push(request.postData() ?? '')
  })
  await page.goto(demo.notes)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.locator('#email')).toHaveText(demo.alice.email)
  await expect(page).toHaveURL(`${demo.notes}/`)
  // The name came from UserInfo (cross-origin, allowed for this client's origin).
  await expect(page.locator('#name')).toHaveText('Alice Example')
  await expect(page.locator('#refreshable')).toHaveText('yes')
  expect(tokenRequests).toHaveLength(1)
  expect(tokenRequests[0]).toContain('code_verifier=')

  // The tokens verify against the bridge's one JWKS.
  const stored = await page.evaluate(() => {
    const key = Object.keys(sessionStorage).find((k) => k.startsWith('oidc.user:'))
    return JSON.parse(sessionStorage.getItem(key!)!) as {
      id_token: string
      access_token: string
      refresh_token: string
    }
  })
  const jwks = createRemoteJWKSet(new URL(`${demo.bridge}/.well-known/jwks.json`))
  const id = await jwtVerify(stored.id_token, jwks, { issuer: demo.bridge, audience: 'notes' })
  expect(id.payload.email).toBe(demo.alice.email)
  await jwtVerify(stored.access_token, jwks, {
    issuer: demo.bridge,
    audience: 'notes',
    typ: 'at+jwt',
  })
  // What an API of the app would do with @ssobridge/verify.
  const access = await verifyAccessToken(stored.access_token, {
    issuer: demo.bridge,
    audience: 'notes',
    jwksUrl: `${demo.bridge}/.well-known/jwks.json`,
    requiredScopes: ['openid', 'email'],
  })
  expect(access).toMatchObject({ sub: id.payload.sub, client_id: 'notes' })

  // Renewal goes through the refresh token, which the bridge rotates.
  await page.getByRole('button', { name: 'Renew tokens' }).click()
  await expect(page.locator('#renewed')).not.toHaveText('—')
  expect(tokenRequests).toHaveLength(2)
  expect(tokenRequests[1]).toContain('grant_type=refresh_token')
  const renewed = await page.evaluate(() => {
    const key = Object.keys(sessionStorage).find((k) => k.startsWith('oidc.user:'))
    return (JSON.parse(sessionStorage.getItem(key!)!) as { refresh_token: string }).refresh_token
  })
  expect(renewed).not.toBe(stored.refresh_token)

  // Sign out at the bridge: every site is signed out.
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page.getByRole('heading', { name: 'Sign out?' })).toBeVisible()
  await page.getByRole('button', { name: 'Sign out everywhere' }).click()
  await expect(page).toHaveURL(new RegExp(`^${demo.notes}/`))
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible()

  await page.goto(demo.shop)
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible({ timeout: 10_000 })
})
