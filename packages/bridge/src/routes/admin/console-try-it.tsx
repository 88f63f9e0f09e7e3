/**
 * POST /admin/try/<app>: "Try it" runs a real sign-in for the app in the admin's browser and shows
 * the token the app would receive, decoded, instead of delivering it (see routes/deliver.tsx).
 */
import { Hono } from 'hono'
import { getApp } from '../../domain/apps.js'
import { LOGIN_TX_TTL_SECONDS, startLoginTransaction } from '../../domain/login-transactions.js'
import { randomToken } from '../../domain/random-token.js'
import { BridgeError } from '../../errors.js'
import { cookieJar } from '../cookies.js'
import type { BridgeServices } from '../env.js'
import type { ConsoleEnv } from './console-session.js'

export function consoleTryItRoutes(services: BridgeServices) {
  const jar = cookieJar(services.settings.issuer)
  return new Hono<ConsoleEnv>().post('/:id', async (c) => {
    const app = await getApp(services.storage, c.req.param('id'))
    if (!app || !app.callbackUrls[0])
      throw new BridgeError('not_found', { reason: 'record_missing' })
    // A platform's token depends on what the platform sends when it starts the sign-in (a signed
    // payload, a nonce, a return target); the contract check plays that part, Try it cannot.
    if (app.preset)
      throw new BridgeError('invalid_request', {
        reason: 'parameter_invalid',
        message: 'Try it on a preset app',
        description: `Use "Check against the platform" on the app's page: it shows what the platform would receive.`,
      })
    const browserSecret = randomToken()
    const { id } = await startLoginTransaction(
      services.storage,
      {
        appId: app.id,
        redirectUri: app.callbackUrls[0],
        state: randomToken(),
        // Always a fresh sign-in, so the result shows what a new visitor's token looks like.
        prompt: 'login',
        tryIt: true,
      },
      browserSecret,
    )
    jar.set(c, 'login', browserSecret, LOGIN_TX_TTL_SECONDS)
    return c.redirect(`/login?tx=${id}`, 303)
  })
}
