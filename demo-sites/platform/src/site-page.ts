// The HTML shell the platform stand-ins share: no scripts, inline styles only, never framed.
import type { Context } from 'hono'
import { html } from 'hono/html'
import type { HtmlEscapedString } from 'hono/utils/html'

type Body = HtmlEscapedString | Promise<HtmlEscapedString>

export function sitePage(
  c: Context,
  site: { title: string; accent: string },
  body: Body,
  status = 200,
) {
  c.header('Cache-Control', 'no-store')
  c.header(
    'Content-Security-Policy',
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  )
  c.header('X-Content-Type-Options', 'nosniff')
  c.header('Referrer-Policy', 'no-referrer')
  return c.html(
    html`<!doctype html>
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <title>${site.title}</title>
          <style>
            body {
              font:
                16px/1.5 system-ui,
                sans-serif;
              max-width: 40rem;
              margin: 2rem auto;
            }
            h1 {
              color: ${site.accent};
            }
            table {
              border-collapse: collapse;
            }
            td,
            th {
              border: 1px solid #ddd;
              padding: 0.2rem 0.5rem;
              text-align: left;
            }
            .error {
              color: #b91c1c;
            }
          </style>
        </head>
        <body>
          <h1>${site.title}</h1>
          ${body}
        </body>
      </html>`,
    status as 200,
  )
}
