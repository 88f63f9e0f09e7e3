/**
 * WCAG 2.1 contrast of colours written as lowercase `#rrggbb`: relative luminance, the contrast
 * ratio, and the nearest colour that reaches a ratio (darker or lighter). Pure: the branding's
 * palette (brand-palette.ts) decides which pairs must pass.
 */

/** WCAG 2.1 AA for normal text (success criterion 1.4.3). */
export const AA_TEXT_RATIO = 4.5

type Rgb = [number, number, number]

const rgbOf = (hex: string): Rgb => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as Rgb

const hexOf = (rgb: Rgb) =>
  `#${rgb
    .map((c) =>
      Math.round(Math.min(255, Math.max(0, c)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`

/** Relative luminance (WCAG 2.1 definition), 0 for black to 1 for white. */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = rgbOf(hex).map((c) => {
    const s = c / 255
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  }) as Rgb
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** (lighter + 0.05) / (darker + 0.05): 1 for the same colour, 21 for black on white. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [
    number,
    number,
  ]
  return (light + 0.05) / (dark + 0.05)
}

/** The ratio as people write it, 4.48:1; a failing 4.499 reads 4.49, never 4.5. */
export function formatRatio(ratio: number): string {
  const rounded = Math.round(ratio * 100) / 100
  const shown = ratio < AA_TEXT_RATIO && rounded >= AA_TEXT_RATIO ? 4.49 : rounded
  return `${shown}:1`
}

/** Whether `colour` reaches `ratio` against every colour of `against`. */
export const passesAll = (colour: string, against: readonly string[], ratio = AA_TEXT_RATIO) =>
  against.every((other) => contrastRatio(colour, other) >= ratio)

/** Of `candidates`, the one with the highest contrast against `background`. */
export function bestTextColour(background: string, candidates: readonly string[]): string {
  return candidates.reduce((best, c) =>
    contrastRatio(c, background) > contrastRatio(best, background) ? c : best,
  )
}

/** `colour` mixed toward black (`toward` 0) or white (255) by `t` in [0, 1]. */
const mix = (rgb: Rgb, toward: number, t: number): string =>
  hexOf(rgb.map((c) => c + (toward - c) * t) as Rgb)

/**
 * The colour nearest `colour` along the way to black or to white that reaches `ratio` against
 * every colour of `against`, with how far it went (0 = unchanged, 1 = all the way); undefined when
 * that way never gets there. Bisection over the mix, checked on the rounded hex itself.
 */
export function shiftToContrast(
  colour: string,
  against: readonly string[],
  way: 'darker' | 'lighter',
  ratio = AA_TEXT_RATIO,
): { colour: string; distance: number } | undefined {
  if (passesAll(colour, against, ratio)) return { colour, distance: 0 }
  const rgb = rgbOf(colour)
  const toward = way === 'darker' ? 0 : 255
  if (!passesAll(mix(rgb, toward, 1), against, ratio)) return undefined
  let low = 0
  let high = 1
  for (let i = 0; i < 24; i++) {
    const mid = (low + high) / 2
    if (passesAll(mix(rgb, toward, mid), against, ratio)) high = mid
    else low = mid
  }
  return { colour: mix(rgb, toward, high), distance: high }
}

/** The nearer of the darker and the lighter colour that passes (undefined: neither way does). */
export function nearestPassing(
  colour: string,
  against: readonly string[],
  ratio = AA_TEXT_RATIO,
): string | undefined {
  const options = [
    shiftToContrast(colour, against, 'darker', ratio),
    shiftToContrast(colour, against, 'lighter', ratio),
  ].filter((o) => o !== undefined)
  return options.sort((a, b) => a.distance - b.distance)[0]?.colour
}
