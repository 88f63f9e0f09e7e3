import { describe, expect, it } from 'vitest'
import {
  bestTextColour,
  contrastRatio,
  formatRatio,
  nearestPassing,
  relativeLuminance,
  shiftToContrast,
} from './brand-contrast.js'
import { adjustedBranding, brandingWarnings, brandPalette } from './brand-palette.js'

describe('contrast (WCAG 2.1)', () => {
  it('computes relative luminance and ratios known from the spec and common checkers', () => {
    expect(relativeLuminance('#000000')).toBe(0)
    expect(relativeLuminance('#ffffff')).toBeCloseTo(1, 10)
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 10)
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1)
    // The classic boundary: #777 fails AA on white, #767676 passes.
    expect(formatRatio(contrastRatio('#777777', '#ffffff'))).toBe('4.48:1')
    expect(formatRatio(contrastRatio('#767676', '#ffffff'))).toBe('4.54:1')
    expect(formatRatio(4.4999)).toBe('4.49:1')
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2)
    expect(contrastRatio('#777777', '#ffffff')).toBeLessThan(4.5)
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2)
    expect(contrastRatio('#3056d3', '#ffffff')).toBeGreaterThan(4.5)
    // Symmetric.
    expect(contrastRatio('#ffffff', '#767676')).toBe(contrastRatio('#767676', '#ffffff'))
  })

  it('picks the text colour that reads better', () => {
    expect(bestTextColour('#ffdd00', ['#ffffff', '#1d2330'])).toBe('#1d2330')
    expect(bestTextColour('#3056d3', ['#ffffff', '#1d2330'])).toBe('#ffffff')
  })

  it('moves a failing colour to the nearest passing one, and leaves a passing one alone', () => {
    expect(shiftToContrast('#767676', ['#ffffff'], 'darker')).toEqual({
      colour: '#767676',
      distance: 0,
    })
    const darker = shiftToContrast('#777777', ['#ffffff'], 'darker')!
    expect(darker.colour).toBe('#767676')
    expect(shiftToContrast('#777777', ['#ffffff'], 'lighter')).toBeUndefined()
    const yellow = nearestPassing('#ffdd00', ['#ffffff'])!
    expect(contrastRatio(yellow, '#ffffff')).toBeGreaterThanOrEqual(4.5)
    // The nearest: one step lighter fails.
    const lighter = `#${[1, 3, 5].map((i) => (parseInt(yellow.slice(i, i + 2), 16) + 1).toString(16).padStart(2, '0')).join('')}`
    expect(contrastRatio(lighter, '#ffffff')).toBeLessThan(4.5)
  })
})

describe('brand palette', () => {
  it('adjusts a light primary colour and says so', () => {
    const palette = brandPalette({ primaryColor: '#ffdd00' })
    expect(palette.primaryColor).toBe('#897600')
    expect(contrastRatio(palette.primaryColor!, '#ffffff')).toBeGreaterThanOrEqual(4.5)
    expect(contrastRatio(palette.primaryColor!, palette.onPrimary!)).toBeGreaterThanOrEqual(4.5)
    expect(brandingWarnings({ primaryColor: '#ffdd00' })).toEqual([
      "Primary colour #ffdd00 was adjusted to #897600 for contrast 4.5:1 (it had 1.35:1 against the card's #ffffff)",
    ])
    expect(adjustedBranding({ primaryColor: '#ffdd00', displayName: 'Shop' })).toEqual({
      primaryColor: palette.primaryColor,
      displayName: 'Shop',
    })
  })

  it('keeps colours that pass, with the text that reads better', () => {
    expect(brandPalette({ primaryColor: '#767676', backgroundColor: '#ffdd00' })).toEqual({
      primaryColor: '#767676',
      onPrimary: '#ffffff',
      backgroundColor: '#ffdd00',
      onBackground: '#1d2330',
      adjustments: [],
    })
    expect(brandingWarnings({ primaryColor: '#767676', backgroundColor: '#101010' })).toEqual([])
    expect(brandingWarnings(undefined)).toEqual([])
  })

  it('moves a mid-grey background, where neither text colour passes, the shorter way', () => {
    const palette = brandPalette({ backgroundColor: '#7a7a7a' })
    expect(palette.backgroundColor).toBe('#767676')
    expect(contrastRatio(palette.backgroundColor!, palette.onBackground!)).toBeGreaterThanOrEqual(
      4.5,
    )
    expect(palette.adjustments).toMatchObject([{ option: 'backgroundColor', from: '#7a7a7a' }])
    expect(brandingWarnings({ backgroundColor: '#7a7a7a' })[0]).toMatch(
      /^Background colour #7a7a7a was adjusted to #767676 for contrast 4\.5:1 \(it had 4\.29:1 against its text #ffffff\)$/,
    )
  })
})
