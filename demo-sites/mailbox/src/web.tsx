/** The mailbox's web side: the list, one message, and the JSON the tests read. */
import { Hono } from 'hono'
import type { MessageStore } from './message-store.js'
import { ListPage, MessagePage, NotFoundPage, STYLE } from './pages.js'

// No script anywhere. Styles may be inline because the HTML bodies in the iframes (which inherit
// this policy) carry theirs in style attributes; images only from here or data:, so a message
// cannot make the browser fetch a tracking pixel.
const CSP = [
  "default-src 'none'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ')

export function createMailboxApp(store: MessageStore): Hono {
  const app = new Hono()
  app.use(async function securityHeaders(c, next) {
    await next()
    c.res.headers.set('Content-Security-Policy', CSP)
    c.res.headers.set('X-Content-Type-Options', 'nosniff')
    // The links carry one-time tokens: the pages they open learn nothing of this one.
    c.res.headers.set('Referrer-Policy', 'no-referrer')
    c.res.headers.set('Cache-Control', 'no-store')
  })
  app.get('/', (c) => c.html(<ListPage messages={store.list()} />))
  app.get('/style.css', (c) => c.body(STYLE, 200, { 'Content-Type': 'text/css; charset=utf-8' }))
  app.get('/messages.json', (c) => c.json(store.list()))
  // Browsers ask for it on every page; a 404 would be noise in their console.
  app.get('/favicon.ico', (c) => c.body(null, 204))
  app.get('/messages/:id', (c) => {
    const message = store.get(c.req.param('id'))
    if (!message) return c.html(<NotFoundPage />, 404)
    return c.html(<MessagePage message={message} />)
  })
  app.notFound((c) => c.html(<NotFoundPage />, 404))
  return app
}
