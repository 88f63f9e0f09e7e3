/**
 * What the CLI prints reaches a terminal, where control characters are commands (ESC and CSI
 * sequences move the cursor, rewrite lines, set the title) and format characters reorder text.
 * Everything it prints goes through here: anything not printable is shown as a `\u…` escape
 * (the same form JSON uses), except the newlines and tabs of the CLI's own layout.
 */

// Cc (controls), Cf (format: bidi overrides, zero-width), Zl/Zp (line separators), Cs (lone
// surrogates), Cn (unassigned); the zero-width (non-)joiner stays, emoji sequences need it.
const NON_PRINTABLE = /(?![\n\t\u200c\u200d])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Cn}]/gu

const escape = (char: string) => {
  const code = char.codePointAt(0) as number
  return code <= 0xffff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\u{${code.toString(16)}}`
}

export const terminalSafe = (text: string): string => text.replace(NON_PRINTABLE, escape)

export function terminalSafeOutput<T extends { out(line: string): void; err(line: string): void }>(
  io: T,
): T {
  return {
    ...io,
    out: (line: string) => io.out(terminalSafe(line)),
    err: (line: string) => io.err(terminalSafe(line)),
  }
}
