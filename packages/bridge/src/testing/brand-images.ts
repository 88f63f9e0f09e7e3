/** Images for the logo tests: real ones, and what only pretends to be one. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
)
/** The smallest GIF (1×1, transparent). */
export const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64')
export const SVG_WITH_SCRIPT = Buffer.from(
  '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>',
)
export const TEXT = Buffer.from('hello, I am not an image at all')
/** A PNG header, then padding to 256 KiB + 1 byte. */
export const TOO_LARGE = Buffer.concat([PNG, Buffer.alloc(256 * 1024 + 1 - PNG.length)])
