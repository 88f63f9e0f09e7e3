/**
 * The console's accessible frame without a browser (e2e/a11y-console.spec.ts runs axe on the real
 * pages): skip link, landmarks, one h1, the colour palette's contrast in both schemes, tables and
 * fields with their errors.
 */
import type { Child } from 'hono/jsx'
import { describe, expect, it } from 'vitest'
import { TextField } from './admin-fields.js'
import { AdminLayout } from './admin-layout.js'
import { DataTable } from './data-table.js'

const html = async (node: Child) => String(await (node as { toString(): unknown }).toString())

/** WCAG 2.x relative luminance and contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string) {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
    }) as [number, number, number]
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl
  }
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

/** The custom properties of one `:root{…}` block, #fff written out. */
function palette(block: string) {
  const colours: Record<string, string> = {}
  for (const [, name, value] of block.matchAll(/--([a-z-]+):(#[0-9a-f]{3,6})\b/g)) {
    const v = value as string
    colours[name as string] = v.length === 4 ? `#${[...v.slice(1)].map((c) => c + c).join('')}` : v
  }
  return colours
}

describe('console layout', () => {
  it('starts with a skip link to main, has header, nav and main landmarks and one h1', async () => {
    const page = await html(
      <AdminLayout nonce="n" csrf="c" adminEmail="a@example.com" title="Apps" section="apps">
        <h2>Apps</h2>
      </AdminLayout>,
    )
    const body = page.slice(page.indexOf('<body>'))
    expect(body).toMatch(/^<body><a class="skip" href="#main">Skip to content<\/a><header>/)
    expect(page).toContain('<nav aria-label="Admin sections">')
    expect(page).toContain('<main id="main" tabindex="-1"><h1>Apps</h1>')
    expect(page.match(/<h1\b/g)).toHaveLength(1)
    expect(page).toContain('<a href="/admin/apps" aria-current="page">Apps</a>')
    expect(page).toContain(':focus-visible{outline:3px solid var(--accent)')
  })

  it('keeps text 4.5:1, buttons 4.5:1 and field borders 3:1 in the light and the dark scheme', async () => {
    const page = await html(
      <AdminLayout nonce="n" title="T">
        {''}
      </AdminLayout>,
    )
    const light = palette(/:root\{color-scheme[^}]*\}/.exec(page)?.[0] ?? '')
    const dark = {
      ...light,
      ...palette(/prefers-color-scheme:dark\)\{:root\{[^}]*\}/.exec(page)?.[0] ?? ''),
    }
    for (const [scheme, p] of [
      ['light', light],
      ['dark', dark],
    ] as const) {
      for (const surface of ['bg', 'card'])
        for (const text of ['fg', 'muted', 'accent', 'error', 'ok', 'warn']) {
          const ratio = contrast(p[text] as string, p[surface] as string)
          expect(ratio, `${scheme}: --${text} on --${surface}`).toBeGreaterThanOrEqual(4.5)
        }
      for (const surface of ['bg', 'card'])
        expect(
          contrast(p.field as string, p[surface] as string),
          `${scheme}: --field on --${surface}`,
        ).toBeGreaterThanOrEqual(3)
      expect(
        contrast(p['on-accent'] as string, p.accent as string),
        `${scheme}: --on-accent on --accent`,
      ).toBeGreaterThanOrEqual(4.5)
    }
    expect(dark['on-accent']).not.toBe(light['on-accent'])
  })
})

describe('console tables and fields', () => {
  it('puts a table in a named region that takes the focus, with column headers', async () => {
    const table = await html(
      <DataTable
        label="Apps"
        rows={['shop']}
        empty="No apps yet."
        columns={['Name']}
        row={(a) => (
          <tr>
            <td>{a}</td>
          </tr>
        )}
      />,
    )
    expect(table).toContain('<div class="table" role="region" aria-label="Apps" tabindex="0">')
    expect(table).toContain('<th scope="col">Name</th>')
    const empty = await html(
      <DataTable label="Apps" rows={[]} empty="No apps yet." columns={['Name']} row={() => ''} />,
    )
    expect(empty).toBe('<p>No apps yet.</p>')
  })

  it('ties a field to its hint and its errors, and marks it invalid', async () => {
    const field = await html(
      <TextField
        name="callbackUrls"
        label="Callback URLs"
        hint="One per line."
        errors={[{ path: 'callbackUrls[0]', message: 'must be a URL' }]}
      />,
    )
    expect(field).toContain('<label for="f-callbackUrls">Callback URLs</label>')
    expect(field).toContain('aria-invalid="true"')
    expect(field).toContain('aria-describedby="f-callbackUrls-hint f-callbackUrls-error"')
    expect(field).toContain('<span class="hint" id="f-callbackUrls-hint">One per line.</span>')
    expect(field).toContain(
      '<div id="f-callbackUrls-error"><p class="field-error">must be a URL</p>',
    )
    const clean = await html(<TextField name="name" label="Name" />)
    expect(clean).not.toContain('aria-invalid')
    expect(clean).not.toContain('aria-describedby')
  })
})
