import { html } from 'hono/html'
import type { Child } from 'hono/jsx'

export function Layout(props: { title: string; head?: Child; children: Child }) {
  return html`<!doctype html>${(
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{props.title}</title>
          <link rel="stylesheet" href="/style.css" />
          {props.head}
        </head>
        <body>
          <header>
            <h1>{props.title}</h1>
          </header>
          <main>{props.children}</main>
        </body>
      </html>
    )}`
}
