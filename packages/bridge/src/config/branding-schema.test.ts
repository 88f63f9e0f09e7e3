import { describe, expect, it } from 'vitest'
import { brandingSchema } from './branding-schema.js'

const issues = (input: unknown) => {
  const result = brandingSchema.safeParse(input)
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
}

describe('branding schema', () => {
  it('takes every option, colours as lowercase #rrggbb and URLs as parsed', () => {
    expect(
      brandingSchema.parse({
        displayName: 'Shop <b>Co</b>',
        logoUrl: 'https://cdn.example.com/logo.png',
        primaryColor: '#36D',
        backgroundColor: '#F5F6F8',
        supportUrl: 'https://example.com/help#contact',
        privacyUrl: 'http://localhost:3000/privacy',
        termsUrl: 'https://EXAMPLE.com/terms',
        defaultLocale: 'de',
      }),
    ).toEqual({
      displayName: 'Shop <b>Co</b>',
      logoUrl: 'https://cdn.example.com/logo.png',
      primaryColor: '#3366dd',
      backgroundColor: '#f5f6f8',
      supportUrl: 'https://example.com/help#contact',
      privacyUrl: 'http://localhost:3000/privacy',
      termsUrl: 'https://example.com/terms',
      defaultLocale: 'de',
    })
  })

  it.each(['red', '#12345g', 'expression(alert(1))', '#fff;}body{', '#ffff', 'url(x)', ' #fff'])(
    'refuses the colour %j',
    (colour) => {
      expect(issues({ primaryColor: colour })).toEqual([
        'primaryColor: must be a hex colour like #3056d3 or #36d',
      ])
      expect(issues({ backgroundColor: colour })).toHaveLength(1)
    },
  )

  it.each([
    ['javascript:alert(1)', 'must use https'],
    ['data:image/png;base64,AAAA', 'must use https'],
    [
      'http://example.com/help',
      'must use https (plain http is allowed on localhost and 127.0.0.1 only)',
    ],
    ['https://user:pw@example.com/', 'must not contain a user name or password'],
    ['/help', 'must be an absolute https URL'],
  ])('refuses the link %j', (url, message) => {
    for (const name of ['logoUrl', 'supportUrl', 'privacyUrl', 'termsUrl'])
      expect(issues({ [name]: url })).toEqual([`${name}: ${message}`])
  })

  it('refuses a long display name, control characters, unknown locales and unknown options', () => {
    expect(issues({ displayName: 'x'.repeat(81) })).toHaveLength(1)
    expect(issues({ displayName: 'Shop\u001b[2J' })).toEqual([
      'displayName: must not contain control characters',
    ])
    expect(issues({ defaultLocale: 'pt' })).toEqual([
      'defaultLocale: must be one of en, de, fr, es, ja',
    ])
    expect(issues({ defaultLocale: 'de-DE' })).toHaveLength(1)
    expect(issues({ logoUploaded: { id: 'x', hash: 'y', contentType: 'image/png' } })).toHaveLength(
      1,
    )
  })
})
