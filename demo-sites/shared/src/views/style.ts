// The stylesheet, served from /style.css so that the CSP needs no inline styles.
export function stylesheet(accent: string): string {
  return `:root { --accent: ${accent}; color-scheme: light; }
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f6f7f9; color: #1f2328; }
header { background: var(--accent); color: #fff; padding: 1rem 2rem; }
header h1 { margin: 0; font-size: 1.5rem; }
main { max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }
.card { background: #fff; border-radius: 8px; padding: 1.5rem; box-shadow: 0 1px 3px rgb(0 0 0 / 0.1); }
button { font: inherit; background: var(--accent); color: #fff; border: 0; border-radius: 6px;
  padding: 0.5rem 1.25rem; cursor: pointer; }
.error { border-left: 4px solid #c62828; background: #fdecea; padding: 0.75rem 1rem; border-radius: 4px; }
.note { margin-top: 2rem; font-size: 0.9rem; color: #57606a; }
table.events { width: 100%; border-collapse: collapse; font-size: 0.9rem; }
table.events th, table.events td { text-align: left; padding: 0.25rem 0.5rem; border-bottom: 1px solid #d0d7de; }
`
}
