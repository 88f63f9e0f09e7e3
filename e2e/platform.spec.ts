import { expect, test } from '@playwright/test'
import { demo } from './demo.js'

test('a Thinkific-style endpoint receives the JWT, verifies it and signs the learner in', async ({
  page,
}) => {
  const jwtRequests: string[] = []
  page.on('request', (request) => {
    if (request.url().startsWith(`${demo.academy}/api/sso/v2/sso/jwt`)) {
      jwtRequests.push(request.url())
    }
  })
  await page.goto(demo.academy)
  await page.getByRole('link', { name: 'Sign in with SSO' }).click()
  await page.getByLabel('Email').fill(demo.alice.email)
  await page.getByLabel('Password').fill(demo.alice.password)
  await page.getByRole('button', { name: 'Sign in' }).click()

  await expect(page.getByText('Welcome to your courses, Alice Example')).toBeVisible()
  await expect(page.getByText(`Signed in as ${demo.alice.email}`)).toBeVisible()
  expect(page.url()).toBe(`${demo.academy}/courses`)

  expect(jwtRequests).toHaveLength(1)
  const url = new URL(jwtRequests[0]!)
  expect(url.searchParams.get('return_to')).toBe(`${demo.academy}/courses`)
  expect(url.searchParams.get('error_url')).toBe(`${demo.academy}/sso-error`)
  const [header, payload] = url.searchParams
    .get('jwt')!
    .split('.')
    .slice(0, 2)
    .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()))
  expect(header).toEqual({ alg: 'HS256', typ: 'JWT' })
  expect(Object.keys(payload).sort()).toEqual([
    'email',
    'external_id',
    'first_name',
    'iat',
    'last_name',
  ])
  const me = await (await page.request.get(`${demo.academy}/api/me`)).json()
  expect(me.learner).toMatchObject({ email: demo.alice.email, firstName: 'Alice' })
})
