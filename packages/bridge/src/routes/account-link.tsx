/**
 * GET/POST /login/account-link: the account link prompt (sign-in/account-link.ts). The page shows what
 * the login transaction holds; the form says only which way the visitor goes on, never which
 * identity or account: those stay in the transaction, bound to this browser.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { getConnection } from '../domain/connections.js'
import { safeEqual } from '../domain/secret-hash.js'
import { BridgeError } from '../errors.js'
import { answerLinkPrompt } from '../sign-in/account-link.js'
import { liveLink } from '../sign-in/complete-link.js'
import { loadApp, loadTransaction } from '../sign-in/load.js'
import { cancel } from '../sign-in/refuse.js'
import { LinkPromptPage } from '../views/link-prompt-page.js'
import { cookieJar } from './cookies.js'
import { formLimit } from './form-limit.js'
import { respond, visitOf } from './deliver.js'
import type { BridgeEnv, BridgeServices } from './env.js'
import { notePage, pageOf } from './page.js'
import { opaqueId, readForm, readQuery } from './params.js'
import { assertSameOrigin } from './same-origin.js'

const PATH = '/login/account-link'
const showQuery = z.object({ tx: opaqueId() })
const answer = z.object({
  tx: opaqueId(),
  csrf: z.string().min(1).max(64),
  choice: z.enum(['link', 'separate', 'cancel']),
})

/** Only while the prompt waits: any other step has nothing to answer here. */
function assertPrompting(step: string) {
  if (step !== 'linking')
    throw new BridgeError('login_expired', {
      reason: 'illegal_transition',
      message: `no link prompt in step ${step}`,
    })
}

export function accountLinkRoutes(services: BridgeServices) {
  const { storage } = services
  const jar = cookieJar(services.settings.issuer)

  return new Hono<BridgeEnv>()
    .get(PATH, async (c) => {
      const { tx: id } = readQuery(c, showQuery)
      const tx = await loadTransaction(storage, visitOf(c, jar), id)
      notePage(c, { tx })
      const app = await loadApp(storage, tx)
      notePage(c, { app })
      assertPrompting(tx.progress.step)
      const link = liveLink(tx)
      const connection = await getConnection(storage, link.connection)
      return c.html(
        <LinkPromptPage
          page={pageOf(c)}
          tx={id}
          csrf={tx.csrf}
          connectionName={connection?.name ?? link.connection}
          email={link.identity.email ?? ''}
        />,
      )
    })
    .post(PATH, formLimit(4 * 1024), async (c) => {
      assertSameOrigin(c, services.settings.issuer)
      const form = await readForm(c, answer)
      const visit = visitOf(c, jar)
      const tx = await loadTransaction(storage, visit, form.tx)
      notePage(c, { tx })
      if (!safeEqual(form.csrf, tx.csrf))
        throw new BridgeError('csrf_failed', {
          reason: 'csrf_token_mismatch',
          message: 'csrf token mismatch',
        })
      const app = await loadApp(storage, tx)
      notePage(c, { app })
      assertPrompting(tx.progress.step)
      if (form.choice === 'cancel') return respond(c, jar, await cancel(services, form.tx, tx))
      const outcome = await answerLinkPrompt(services, visit, {
        txId: form.tx,
        tx,
        app,
        choice: form.choice,
      })
      return respond(c, jar, outcome)
    })
}
