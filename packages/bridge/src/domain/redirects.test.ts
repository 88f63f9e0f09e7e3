import { describe, expect, it } from 'vitest'
import type { App } from './apps.js'
import { matchRedirectUri, resolveReturnTo } from './redirects.js'

const app: App = {
  id: 'shop',
  name: 'Shop',
  callbackUrls: ['https://shop.example/sso/callback', 'https://www.shop.example/sso/callback'],
  connections: ['staff'],
  signing: { alg: 'ES256' },
  tokenTtl: 120,
  delivery: 'form_post',
  updatedAt: 0,
}

describe('matchRedirectUri', () => {
  it('accepts only a registered URL, character for character', () => {
    expect(matchRedirectUri(app, 'https://shop.example/sso/callback')).toBe(
      'https://shop.example/sso/callback',
    )
    for (const near of [
      'https://shop.example/sso/callback/',
      'https://shop.example/sso/Callback',
      'https://shop.example:443/sso/callback',
      'https://shop.example/sso/callback?x=1',
      'https://shop.example.evil/sso/callback',
      'https://evil.example/sso/callback',
      ' https://shop.example/sso/callback',
    ]) {
      expect(() => matchRedirectUri(app, near), near).toThrow(
        expect.objectContaining({ code: 'invalid_redirect_uri' }),
      )
    }
  })

  it('defaults to the only callback and refuses to guess between several', () => {
    expect(matchRedirectUri({ ...app, callbackUrls: ['https://a.example/cb'] }, undefined)).toBe(
      'https://a.example/cb',
    )
    expect(() => matchRedirectUri(app, undefined)).toThrow(
      expect.objectContaining({ code: 'invalid_redirect_uri' }),
    )
  })
})

describe('resolveReturnTo', () => {
  it('accepts URLs on any of the app origins and relative paths', () => {
    expect(resolveReturnTo(app, 'https://www.shop.example/cart?x=1')).toBe(
      'https://www.shop.example/cart?x=1',
    )
    expect(resolveReturnTo(app, '/cart')).toBe('https://shop.example/cart')
    expect(resolveReturnTo(app, undefined)).toBeUndefined()
    expect(resolveReturnTo(app, '')).toBeUndefined()
  })

  it.each([
    '//evil.example/x',
    '/\\evil.example/x',
    '\\/evil.example',
    'https://shop.example@evil.example/',
    'https://user:pw@shop.example/',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,x',
    'http://shop.example/',
    'https://shop.example.evil.example/',
    'http://[::1]/',
  ])('refuses %s', (value) => {
    expect(() => resolveReturnTo(app, value)).toThrow(
      expect.objectContaining({ code: 'invalid_return_to' }),
    )
  })
})
