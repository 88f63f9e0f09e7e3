/** The IdP's own pages: plain HTML, every value escaped. */
export const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

const style = `body{font:16px system-ui,sans-serif;background:#3b1f4a;color:#fff;display:flex;min-height:100vh;align-items:center;justify-content:center;margin:0}
form{background:#fff;color:#3b1f4a;padding:32px;border-radius:12px;width:320px}label{display:block;margin:12px 0 4px;font-weight:600}
input{width:100%;box-sizing:border-box;padding:8px}button{margin-top:16px;width:100%;padding:10px;background:#3b1f4a;color:#fff;border:0;border-radius:6px}
.error{color:#b3261e}.note{font-size:13px;color:#555}`

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title><style>${style}</style></head><body>${body}</body></html>`

export function loginPage(options: {
  title: string
  action: string
  service: string
  error?: string
}) {
  return page(
    options.title,
    `<form method="post" action="${escape(options.action)}"><h1>${escape(options.title)}</h1>
<p class="note">Signing in to ${escape(options.service)} (SAML 2.0)</p>
${options.error ? `<p class="error" role="alert">${escape(options.error)}</p>` : ''}
<label for="email">Email</label><input id="email" name="email" type="email" required autocomplete="username">
<label for="password">Password</label><input id="password" name="password" type="password" required autocomplete="current-password">
<button type="submit">Sign in</button></form>`,
  )
}

/** HTTP-POST binding: an auto-submitting form to the SP's assertion consumer service. */
export function postBindingPage(options: {
  title: string
  action: string
  fields: Record<string, string>
}) {
  const inputs = Object.entries(options.fields)
    .map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`)
    .join('')
  return page(
    options.title,
    `<form method="post" action="${escape(options.action)}">${inputs}
<p>Signed in. Returning to the site…</p><noscript><button type="submit">Continue</button></noscript></form>
<script>document.forms[0].submit()</script>`,
  )
}

export const messagePage = (title: string, text: string) =>
  page(title, `<form><h1>${escape(title)}</h1><p>${escape(text)}</p></form>`)
