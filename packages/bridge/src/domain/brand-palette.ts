/**
 * The colours of a branded page, and the contrast rule behind them (docs/branding.md): a branded
 * page is light (the card white, text near-black), the primary colour is text on the card (links,
 * the secondary button) and the background of the primary button, under white or near-black
 * text, whichever reads better; the background takes white or near-black text the same way. A
 * colour that fails WCAG AA (4.5:1) is moved to the nearest one that passes, and the change is
 * reported so that the admin is told.
 */
import type { AppBranding } from './apps.js'
import {
  AA_TEXT_RATIO,
  bestTextColour,
  contrastRatio,
  formatRatio,
  nearestPassing,
} from './brand-contrast.js'

/** The light page's own colours (views/layout.tsx), which a branded page keeps. */
export const BRAND_CARD = '#ffffff'
export const BRAND_TEXT = '#1d2330'
/** What text over a brand colour may be: white, or the page's near-black. */
export const TEXT_ON_COLOUR = ['#ffffff', BRAND_TEXT] as const

export interface ColourAdjustment {
  option: 'primaryColor' | 'backgroundColor'
  from: string
  to: string
  /** The pair that failed, and by how much, before the adjustment. */
  against: string
  ratio: number
}

export interface BrandPalette {
  primaryColor?: string
  /** Text on the primary colour (the primary button). */
  onPrimary?: string
  backgroundColor?: string
  /** Text straight on the background (outside the card: the brand header and footer). */
  onBackground?: string
  adjustments: ColourAdjustment[]
}

type Colours = Pick<AppBranding, 'primaryColor' | 'backgroundColor'>

export function brandPalette(branding: Colours | undefined): BrandPalette {
  const palette: BrandPalette = { adjustments: [] }
  const primary = branding?.primaryColor
  if (primary) {
    // Passing against the white card also passes under white text: one check covers both uses.
    const ratio = contrastRatio(primary, BRAND_CARD)
    const fixed =
      ratio >= AA_TEXT_RATIO ? primary : (nearestPassing(primary, [BRAND_CARD]) ?? '#000000')
    if (fixed !== primary)
      palette.adjustments.push({
        option: 'primaryColor',
        from: primary,
        to: fixed,
        against: BRAND_CARD,
        ratio,
      })
    palette.primaryColor = fixed
    palette.onPrimary = bestTextColour(fixed, TEXT_ON_COLOUR)
  }
  const background = branding?.backgroundColor
  if (background) {
    const text = bestTextColour(background, TEXT_ON_COLOUR)
    const ratio = contrastRatio(background, text)
    let fixed = background
    if (ratio < AA_TEXT_RATIO) {
      // Either text colour may be the one it ends up under: the nearer passing background wins.
      const choices = TEXT_ON_COLOUR.map((t) => nearestPassing(background, [t])).filter(
        (c): c is string => c !== undefined,
      )
      fixed =
        choices.sort((a, b) => distance(a, background) - distance(b, background))[0] ?? '#ffffff'
      palette.adjustments.push({
        option: 'backgroundColor',
        from: background,
        to: fixed,
        against: text,
        ratio,
      })
    }
    palette.backgroundColor = fixed
    palette.onBackground = bestTextColour(fixed, TEXT_ON_COLOUR)
  }
  return palette
}

const channels = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16))
const distance = (a: string, b: string) => {
  const [x, y] = [channels(a), channels(b)]
  return x.reduce((sum, c, i) => sum + Math.abs(c - (y[i] ?? 0)), 0)
}

const optionNames = { primaryColor: 'Primary colour', backgroundColor: 'Background colour' }

/** What the admin is told: "Primary colour #ffdd00 was adjusted to #8a7700 for contrast 4.5:1 …". */
export function adjustmentMessage(a: ColourAdjustment): string {
  const pair = a.option === 'primaryColor' ? `the card's ${a.against}` : `its text ${a.against}`
  return `${optionNames[a.option]} ${a.from} was adjusted to ${a.to} for contrast ${AA_TEXT_RATIO}:1 (it had ${formatRatio(a.ratio)} against ${pair})`
}

/** The branding as stored: its colours replaced by the ones that pass. */
export function adjustedBranding<T extends Colours>(branding: T): T {
  const palette = brandPalette(branding)
  return {
    ...branding,
    ...(palette.primaryColor ? { primaryColor: palette.primaryColor } : {}),
    ...(palette.backgroundColor ? { backgroundColor: palette.backgroundColor } : {}),
  }
}

/** The warnings a save of this branding answers with (none when every colour passes). */
export const brandingWarnings = (branding: Colours | undefined): string[] =>
  brandPalette(branding).adjustments.map(adjustmentMessage)
