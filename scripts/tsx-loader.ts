/**
 * The tsx loader as an absolute file URL, for tests that spawn `node --import <it>` from a
 * folder outside the repo: a bare `--import tsx` is resolved from the child's working
 * folder, where no node_modules holds it.
 */
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

export const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
