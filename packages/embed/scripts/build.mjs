// Bundles src/sso.ts into one minified IIFE, dist/sso.js, with the two encodings the bridge
// serves (dist/sso.js.gz, dist/sso.js.br), and enforces the size budget on what is served.
import { gzip as zopfliGzip } from '@gfx/zopfli'
import { build } from 'esbuild'
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { minify } from 'terser'

// Issue 12: a test budget of 1,300 bytes gzipped, a benchmark target of 1,200. The budget is on
// the gzip the bridge serves (zopfli, still plain gzip for every browser); brotli is smaller.
export const BUDGET_GZIP_BYTES = 1300
const root = fileURLToPath(new URL('..', import.meta.url))

export async function buildEmbed({ write = true } = {}) {
  const result = await build({
    entryPoints: [`${root}/src/sso.ts`],
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2020'],
    legalComments: 'none',
    // No "use strict" prologue (13 bytes): the script needs none of strict mode's semantics, and
    // sloppy mode only makes a failed assignment silent, which suits a script that never throws.
    tsconfigRaw: { compilerOptions: { alwaysStrict: false } },
    write: false,
  })
  // terser after esbuild: its passes and "unsafe" rewrites (safe for code that never relies on
  // a getter's side effects or a function's name) take about 30 bytes more. Never `toplevel`:
  // it would unwrap the IIFE and leak its names into the page's globals.
  const minified = await minify(result.outputFiles[0].text, {
    ecma: 2020,
    compress: { passes: 3, unsafe: true, unsafe_arrows: true, pure_getters: true },
    format: { comments: false },
  })
  const code = minified.code
  const gz = Buffer.from(await promisify(zopfliGzip)(Buffer.from(code), { numiterations: 100 }))
  const br = brotliCompressSync(code, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(code),
    },
  })
  if (write) {
    mkdirSync(`${root}/dist`, { recursive: true })
    writeFileSync(`${root}/dist/sso.js`, code)
    writeFileSync(`${root}/dist/sso.js.gz`, gz)
    writeFileSync(`${root}/dist/sso.js.br`, br)
  }
  return {
    code,
    bytes: Buffer.byteLength(code),
    gzipped: gz.length,
    // What a server's on-the-fly gzip -9 would send, for comparison.
    gzipLevel9: gzipSync(code, { level: 9 }).length,
    brotli: br.length,
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { bytes, gzipped, gzipLevel9, brotli } = await buildEmbed()
  console.log(
    `sso.js: ${bytes} bytes, ${gzipped} gzipped as served (gzip -9: ${gzipLevel9}), ${brotli} brotli (budget ${BUDGET_GZIP_BYTES} gzipped)`,
  )
  if (gzipped > BUDGET_GZIP_BYTES) {
    console.error('sso.js is over its size budget')
    process.exit(1)
  }
}
