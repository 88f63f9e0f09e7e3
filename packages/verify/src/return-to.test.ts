import { describe, expect, it } from 'vitest'
import { safeReturnTo } from './return-to.js'

const callback = new URL('https://shop.example/sso/callback')
const home = 'https://shop.example/'

describe('safeReturnTo', () => {
  const cases: [string | undefined, string][] = [
    [undefined, home],
    ['', home],
    ['/account?tab=orders#top', 'https://shop.example/account?tab=orders#top'],
    ['https://shop.example/cart', 'https://shop.example/cart'],
    ['cart', 'https://shop.example/sso/cart'],
    ['https://evil.example/', home],
    ['http://shop.example/cart', home],
    ['https://shop.example:8443/', home],
    ['https://shop.example.evil.example/', home],
    ['//evil.example', home],
    ['//evil.example/path', home],
    ['/\\evil.example', home],
    ['\\\\evil.example', home],
    ['/\t/evil.example', home],
    [' //evil.example', home],
    ['javascript:alert(1)', home],
    ['JaVaScRiPt:alert(1)', home],
    ['data:text/html,<script>alert(1)</script>', home],
    ['https://user:pass@shop.example/', home],
    ['https://shop.example@evil.example/', home],
    ['http://[::1', home],
    [`/${'a'.repeat(3000)}`, home],
  ]
  for (const [value, expected] of cases) {
    it(`${JSON.stringify(value)} → ${expected}`, () => {
      expect(safeReturnTo(value, callback)).toBe(expected)
    })
  }
})
