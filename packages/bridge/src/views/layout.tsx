import type { Child } from 'hono/jsx'
import { BrandFooter, BrandHeader, BrandStyle } from './brand.js'
import type { Page } from './page.js'

const css = `
:root{color-scheme:light dark;--fg:#1d2330;--muted:#5b6475;--bg:#f5f6f8;--card:#fff;--line:#d7dbe2;--field:#767f8f;--accent:#3056d3;--on-accent:#fff;--error:#b3261e}
@media (prefers-color-scheme:dark){:root{--fg:#e8eaf0;--muted:#a3abbb;--bg:#12151b;--card:#1b1f27;--line:#333a47;--field:#7d8699;--accent:#7d9bff;--on-accent:#12151b;--error:#ff8a80}}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,sans-serif;color:var(--fg);background:var(--bg);display:flex;min-height:100vh;align-items:center;justify-content:center;padding:16px}
main{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:32px;width:100%;max-width:400px}
h1{font-size:1.35rem;margin:0 0 4px}p{margin:8px 0}.muted{color:var(--muted);font-size:.9rem}
label{display:block;font-weight:600;margin:16px 0 4px}input{width:100%;padding:10px 12px;font:inherit;border:1px solid var(--field);border-radius:8px;background:transparent;color:inherit}
button{font:inherit;padding:10px 16px;border-radius:8px;border:1px solid var(--accent);cursor:pointer}
.primary{width:100%;margin-top:20px;background:var(--accent);color:var(--on-accent)}.link{background:none;border:none;color:var(--muted);padding:8px 0;text-decoration:underline}
.error{color:var(--error);border:1px solid var(--error);border-radius:8px;padding:8px 12px;margin-top:16px}
code{font-size:.85rem}p,li,code{overflow-wrap:anywhere}
.upstream{display:grid;gap:8px;margin-top:20px}.button{display:block;text-align:center;padding:10px 16px;border:1px solid var(--line);border-radius:8px;color:inherit;text-decoration:none;font-weight:600}.button:hover{border-color:var(--accent)}
.divider{text-align:center;color:var(--muted);margin:16px 0 0}
.secondary{width:100%;margin-top:8px;background:transparent;color:var(--accent)}
.member-links{display:flex;justify-content:space-between;gap:12px;flex-wrap:wrap;margin-top:16px;font-size:.9rem}.member-links a{color:var(--accent)}
.qr svg{display:block;margin:12px auto;background:#fff}.codes{columns:2;padding-left:20px}
.account-nav{display:flex;gap:16px;flex-wrap:wrap;list-style:none;padding:0;margin:0 0 16px;font-size:.9rem}.account-nav a{color:var(--accent)}.account-nav [aria-current]{font-weight:600}
.sessions{list-style:none;padding:0}.sessions li{border-top:1px solid var(--line);padding:12px 0}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}`

export function Layout(props: { title: string; page: Page; children: Child }) {
  const { page } = props
  return (
    <html lang={page.locale} dir={page.dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{props.title}</title>
        <style nonce={page.nonce}>{css}</style>
        {page.brand ? <BrandStyle app={page.brand} nonce={page.nonce} /> : null}
      </head>
      <body>
        {page.brand ? <BrandHeader app={page.brand} /> : null}
        <main>{props.children}</main>
        {page.brand ? (
          <BrandFooter
            app={page.brand}
            labels={{
              support: page.t('brand.support'),
              privacy: page.t('brand.privacy'),
              terms: page.t('brand.terms'),
              nav: page.t('brand.nav'),
            }}
          />
        ) : null}
      </body>
    </html>
  )
}
