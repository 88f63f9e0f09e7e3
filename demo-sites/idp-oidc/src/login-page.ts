/** The IdP's own sign-in page: plain HTML, every value escaped. */
const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

export function loginPage(options: {
  title: string
  action: string
  email?: string
  error?: string
}) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(options.title)}</title><style>
body{font:16px system-ui,sans-serif;background:#10233f;color:#fff;display:flex;min-height:100vh;align-items:center;justify-content:center;margin:0}
form{background:#fff;color:#10233f;padding:32px;border-radius:12px;width:320px}label{display:block;margin:12px 0 4px;font-weight:600}
input{width:100%;box-sizing:border-box;padding:8px}button{margin-top:16px;width:100%;padding:10px;background:#10233f;color:#fff;border:0;border-radius:6px}
.error{color:#b3261e}</style></head><body>
<form method="post" action="${escape(options.action)}"><h1>${escape(options.title)}</h1>
${options.error ? `<p class="error" role="alert">${escape(options.error)}</p>` : ''}
<label for="email">Email</label><input id="email" name="email" type="email" required value="${escape(options.email ?? '')}">
<label for="password">Password</label><input id="password" name="password" type="password" required>
<button type="submit">Sign in</button></form></body></html>`
}
