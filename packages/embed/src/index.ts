/** For Node consumers (the bridge): where the built script is. The script itself is browser-only. */
import { fileURLToPath } from 'node:url'

export const embedDistPath: string = fileURLToPath(new URL('../dist/sso.js', import.meta.url))
