/**
 * The brand stylesheet served at /brand/<app>.<hash>.css: custom properties over the page's own
 * (views/layout.tsx), made from the palette's colours alone, and fixed rules placing the brand
 * header and footer. Nothing typed by an admin reaches it
 * but a colour that is six hex digits, checked again here, so the sheet cannot carry anything else.
 */
import { createHash } from 'node:crypto'
import type { App } from './apps.js'
import { BRAND_CARD, BRAND_TEXT, brandPalette } from './brand-palette.js'

/** The light page's other colours, which a branded page keeps in dark mode too. */
const LIGHT = { muted: '#5b6475', line: '#d7dbe2', error: '#b3261e', bg: '#f5f6f8' }

const HEX = /^#[0-9a-f]{6}$/

function hex(value: string): string {
  // The schema normalised it already; anything else here is a bug, not a colour to emit.
  if (!HEX.test(value)) throw new Error('brand stylesheet: not a #rrggbb colour')
  return value
}

/** How the brand header and footer sit around the card (the page stacks them). */
const LAYOUT = [
  'body{flex-direction:column;gap:16px}',
  '.brand-header{display:flex;align-items:center;gap:12px;font-weight:600;font-size:1.15rem}',
  '.brand-logo{max-height:48px;width:auto}',
  '.brand-footer nav{display:flex;flex-wrap:wrap;gap:16px;font-size:.9rem}',
]

/** The stylesheet of the app's branding; undefined when it sets nothing a page shows. */
export function brandStylesheet(branding: App['branding']): string | undefined {
  const { defaultLocale: _, ...shown } = branding ?? {}
  if (!Object.values(shown).some((v) => v !== undefined)) return undefined
  const rules = [...colourRules(branding), ...LAYOUT]
  return rules.map((rule) => `${rule}\n`).join('')
}

function colourRules(branding: App['branding']): string[] {
  if (!branding?.primaryColor && !branding?.backgroundColor) return []
  const palette = brandPalette(branding)
  // The default background's own text colour, when only the primary colour is set.
  const bg = hex(palette.backgroundColor ?? LIGHT.bg)
  const onBg = hex(palette.onBackground ?? BRAND_TEXT)
  const vars = [
    'color-scheme:light',
    `--fg:${BRAND_TEXT}`,
    `--muted:${LIGHT.muted}`,
    `--card:${BRAND_CARD}`,
    `--line:${LIGHT.line}`,
    `--error:${LIGHT.error}`,
    `--bg:${bg}`,
    `--on-bg:${onBg}`,
    ...(palette.primaryColor
      ? [`--accent:${hex(palette.primaryColor)}`, `--on-accent:${hex(palette.onPrimary!)}`]
      : []),
  ].join(';')
  // A branded page is light in both schemes: its colours were checked against the white card.
  return [
    `:root{${vars}}`,
    `@media (prefers-color-scheme:dark){:root{${vars}}}`,
    ...(palette.primaryColor ? ['button.primary{color:var(--on-accent)}'] : []),
    '.brand-header,.brand-footer,.brand-footer a{color:var(--on-bg)}',
  ]
}

/** A short content hash: the stylesheet's (and the logo's) URL changes whenever it does. */
export const contentHash = (content: string | Uint8Array) =>
  createHash('sha256').update(content).digest('base64url').slice(0, 16)
