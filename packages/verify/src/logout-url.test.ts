import { describe, expect, it } from 'vitest'
import { logoutUrl } from './logout-url.js'

describe('logoutUrl', () => {
  it('names the app, the session and where to go back, encoded', () => {
    const url = logoutUrl({
      bridge: 'https://sso.example.com',
      app: 'shop',
      sid: 'Ab-_12',
      returnTo: 'https://shop.example/?bye=1&x=#top',
    })
    expect(url).toBe(
      'https://sso.example.com/logout?app=shop&sid=Ab-_12&return_to=https%3A%2F%2Fshop.example%2F%3Fbye%3D1%26x%3D%23top',
    )
  })

  it('leaves out what is not given, and keeps a bridge path', () => {
    expect(logoutUrl({ bridge: 'http://localhost:4000/', app: 'shop' })).toBe(
      'http://localhost:4000/logout?app=shop',
    )
    expect(logoutUrl({ bridge: 'https://example.com/sso', app: 'shop', sid: '' })).toBe(
      'https://example.com/sso/logout?app=shop',
    )
  })

  it.each([
    [{ bridge: 'sso.example.com', app: 'shop' }],
    [{ bridge: 'javascript:alert(1)', app: 'shop' }],
    [{ bridge: 'https://sso.example.com', app: '' }],
  ])('refuses bad options %j', (options) => {
    expect(() => logoutUrl(options)).toThrow(expect.objectContaining({ code: 'invalid_options' }))
  })
})
