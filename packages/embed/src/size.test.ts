import { describe, expect, it } from 'vitest'
import { BUDGET_GZIP_BYTES, buildEmbed } from '../scripts/build.mjs'

describe('sso.js size', () => {
  it(`stays within ${BUDGET_GZIP_BYTES} bytes gzipped`, async () => {
    const { bytes, gzipped } = await buildEmbed({ write: false })
    console.log(`sso.js: ${bytes} bytes, ${gzipped} bytes gzipped (budget ${BUDGET_GZIP_BYTES})`)
    expect(gzipped).toBeLessThanOrEqual(BUDGET_GZIP_BYTES)
  })
})
