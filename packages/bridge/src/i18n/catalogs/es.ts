/** The visitor pages in es: the same keys as en.ts (catalog.test.ts checks it). */
import type { Catalog } from '../messages.js'
import { en } from './en.js'

// Not yet translated: English until the translation lands.
export const es: Catalog = en
