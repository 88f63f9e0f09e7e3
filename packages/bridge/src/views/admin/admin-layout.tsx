/** The console's frame: navigation, flash messages, a copy-button script, one stylesheet. */
import type { Child } from 'hono/jsx'
import { raw } from 'hono/html'

// WCAG 2.1 AA in both schemes (checked by e2e/a11y-console.spec.ts): text 4.5:1 on --bg and
// --card, --on-accent 4.5:1 on --accent, field borders (--field) 3:1, a focus outline everywhere.
const css = `
:root{color-scheme:light dark;--fg:#1d2330;--muted:#59606f;--bg:#f5f6f8;--card:#fff;--line:#d7dbe2;--accent:#2f54c9;--error:#b3261e;--ok:#1e6b34;--warn:#8a5a00;--on-accent:#fff;--field:#7a8190}
@media (prefers-color-scheme:dark){:root{--fg:#e8eaf0;--muted:#a3abbb;--bg:#12151b;--card:#1b1f27;--line:#333a47;--accent:#8aa6ff;--error:#ff8a80;--ok:#7ad48f;--warn:#ffcf70;--on-accent:#12151b;--field:#808899}}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,sans-serif;color:var(--fg);background:var(--bg)}
header{background:var(--card);border-bottom:1px solid var(--line)}
.bar{max-width:1180px;margin:0 auto;padding:8px 16px;display:flex;flex-wrap:wrap;align-items:center;gap:4px 16px}
.brand{font-weight:700;margin-right:8px}nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:4px;margin:0;padding:0}
nav a{display:block;padding:8px 10px;border-radius:6px;color:inherit;text-decoration:none}nav a[aria-current=page]{background:var(--bg);font-weight:600}
.who{margin-left:auto;display:flex;gap:8px;align-items:center;color:var(--muted);font-size:.9rem}
main{max-width:1180px;margin:0 auto;padding:24px 16px}
h1{font-size:1.5rem;margin:0 0 16px}h2{font-size:1.15rem;margin:28px 0 8px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:20px;margin:16px 0}
.muted{color:var(--muted)}.small{font-size:.9rem}
label{display:block;font-weight:600;margin:14px 0 4px}.hint{display:block;color:var(--muted);font-size:.9rem;margin:-2px 0 4px}
input,select,textarea{width:100%;max-width:640px;padding:9px 11px;font:inherit;border:1px solid var(--field);border-radius:8px;background:var(--card);color:inherit}
textarea{min-height:90px;font-family:ui-monospace,monospace;font-size:.9rem}
input[type=checkbox]{width:auto;margin-right:8px}.check{display:flex;align-items:center;font-weight:400;margin:8px 0}
fieldset{border:1px solid var(--line);border-radius:8px;margin:14px 0;padding:8px 14px;max-width:640px}legend{font-weight:600;padding:0 4px}
button,.button{display:inline-block;font:inherit;padding:9px 16px;border-radius:8px;border:1px solid var(--accent);background:var(--card);color:var(--accent);cursor:pointer;text-decoration:none}
.primary{background:var(--accent);color:var(--on-accent)}.danger{border-color:var(--error);color:var(--error)}
.actions{display:flex;flex-wrap:wrap;gap:8px;margin-top:18px;align-items:center}form.inline{display:inline}
.table{overflow-x:auto}table{border-collapse:collapse;width:100%;background:var(--card)}th,td{text-align:left;padding:8px 10px;border-bottom:1px solid var(--line);vertical-align:top}th{font-size:.85rem;color:var(--muted)}
code,pre{font-family:ui-monospace,monospace;font-size:.85rem}code{overflow-wrap:anywhere}pre{white-space:pre-wrap;word-break:break-all;background:var(--bg);padding:10px;border-radius:8px;margin:4px 0}
.copy{display:flex;gap:8px;align-items:center;max-width:900px}.copy input{font-family:ui-monospace,monospace;font-size:.85rem}
.flash{border:1px solid var(--ok);color:var(--ok);border-radius:8px;padding:10px 14px}.alert{border:1px solid var(--error);color:var(--error);border-radius:8px;padding:10px 14px}
.warn{color:var(--warn)}.field-error{color:var(--error);font-size:.9rem;margin:4px 0}
.secret{border:2px solid var(--warn);border-radius:10px;padding:14px;margin:16px 0}
.badge{display:inline-block;padding:1px 8px;border-radius:99px;border:1px solid var(--line);font-size:.8rem}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}main:focus{outline:none}
.skip{position:absolute;left:-9999px;top:8px;background:var(--card);color:var(--accent);padding:8px 12px;border-radius:8px;z-index:1}.skip:focus{left:8px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}dt{color:var(--muted)}dd{margin:0;word-break:break-word}
@media (max-width:640px){dl{grid-template-columns:1fr}dd{margin-bottom:8px}.who{margin-left:0}main{padding:16px 12px}}`

// Copy buttons are an enhancement: the values sit in read-only fields that can be selected.
// A refused form moves the focus to its error summary, so a screen reader reads it first.
const copyScript = `var e=document.querySelector('.alert[role=alert]');if(e){e.tabIndex=-1;e.focus()}document.querySelectorAll('button[data-copy]').forEach(function(b){b.hidden=false;b.addEventListener('click',function(){var f=document.getElementById(b.getAttribute('data-copy'));if(!f)return;var done=function(){b.textContent='Copied';setTimeout(function(){b.textContent='Copy'},1500)};if(navigator.clipboard){navigator.clipboard.writeText(f.value).then(done,function(){f.select()})}else{f.select();done()}})})`

export type Section =
  'home' | 'connections' | 'apps' | 'users' | 'emails' | 'strings' | 'keys' | 'audit'

export interface AdminFrame {
  nonce: string
  csrf?: string
  adminEmail?: string
  section?: Section
  flash?: string
}

const links: [Section, string, string][] = [
  ['home', '/admin', 'Overview'],
  ['connections', '/admin/connections', 'Connections'],
  ['apps', '/admin/apps', 'Apps'],
  ['users', '/admin/users', 'Users'],
  ['emails', '/admin/emails', 'Emails'],
  ['strings', '/admin/strings', 'Strings'],
  ['keys', '/admin/keys', 'Keys'],
  ['audit', '/admin/audit', 'Audit log'],
]

export function AdminLayout(props: AdminFrame & { title: string; children: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{props.title} · ssobridge admin</title>
        <style nonce={props.nonce}>{raw(css)}</style>
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header>
          <div class="bar">
            <span class="brand">ssobridge admin</span>
            {props.csrf ? (
              <nav aria-label="Admin sections">
                <ul>
                  {links.map(([section, href, label]) => (
                    <li>
                      <a href={href} aria-current={props.section === section ? 'page' : undefined}>
                        {label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            ) : null}
            {props.csrf ? (
              <div class="who">
                <span>{props.adminEmail}</span>
                <a href="/admin/mfa">Two-step sign-in</a>
                <form method="post" action="/admin/logout" class="inline">
                  <input type="hidden" name="csrf" value={props.csrf} />
                  <button type="submit">Sign out</button>
                </form>
              </div>
            ) : null}
          </div>
        </header>
        <main id="main" tabindex={-1}>
          <h1>{props.title}</h1>
          {props.flash ? (
            <p class="flash" role="status">
              {props.flash}
            </p>
          ) : null}
          {props.children}
        </main>
        <script nonce={props.nonce}>{raw(copyScript)}</script>
      </body>
    </html>
  )
}
