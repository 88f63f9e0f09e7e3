/**
 * The three packages as npm consumers meet them: packed, linted by publint and
 * @arethetypeswrong/cli, and installed from the tarballs into a project of their own.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'
import { cleanEnv, run } from './processes.js'

export const PACKAGES = ['@ssobridge/embed', '@ssobridge/verify', '@ssobridge/bridge'] as const

/** `@ssobridge/bridge` → `ssobridge-bridge-`, the start of its tarball's name. */
const tarballPrefix = (name: string) => `${name.slice(1).replace('/', '-')}-`

/**
 * Packs the workspaces as `npm publish` would, after rebuilding what is stale (the build is
 * what prepack runs; doing it once here spares three tsc runs when `npm test` just built).
 */
export async function packWorkspaces(root: string, destination: string): Promise<string[]> {
  await run('build', process.execPath, ['scripts/build-if-stale.mjs'], {
    cwd: root,
    env: cleanEnv(),
    timeoutMs: 180_000,
  })
  for (const name of ['embed', 'verify', 'bridge']) {
    if (!existsSync(join(root, 'packages', name, 'dist', 'index.js'))) {
      throw new Error(`packages/${name}/dist is missing: run npm run build`)
    }
  }
  const args = ['pack', ...PACKAGES.flatMap((name) => ['-w', name])]
  await run('npm pack', 'npm', [...args, '--pack-destination', destination, '--ignore-scripts'], {
    cwd: root,
    env: cleanEnv(),
    timeoutMs: 60_000,
  })
  return findTarballs(destination)
}

/** One tarball per package in `dir` (packed here, or given by SSOBRIDGE_INSTALLED_TARBALLS). */
export function findTarballs(dir: string): string[] {
  const files = readdirSync(dir).filter((file) => file.endsWith('.tgz'))
  return PACKAGES.map((name) => {
    const matches = files.filter((file) => file.startsWith(tarballPrefix(name)))
    if (matches.length !== 1) {
      throw new Error(`expected one ${tarballPrefix(name)}*.tgz in ${dir}, found ${matches.length}`)
    }
    return join(dir, matches[0] as string)
  })
}

/** Every publint message (suggestions too) and every attw problem, for all three at once. */
export async function lintTarballs(root: string, tarballs: string[]): Promise<void> {
  const problems = await Promise.all(
    tarballs.map(async (tarball) => [
      ...(await publintProblems(tarball)),
      ...(await attwProblems(root, tarball)),
    ]),
  )
  const all = problems.flat()
  if (all.length > 0) throw new Error(`the packed packages have problems:\n${all.join('\n\n')}`)
}

async function publintProblems(tarball: string): Promise<string[]> {
  const bytes = readFileSync(tarball)
  const data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
  const { messages, pkg } = await publint({ pack: { tarball: data as ArrayBuffer } })
  return messages.map(
    (message) =>
      `publint ${basename(tarball)}: ${message.type} ${message.code}: ` +
      (formatMessage(message, pkg, { color: false }) ?? JSON.stringify(message.args)),
  )
}

async function attwProblems(root: string, tarball: string): Promise<string[]> {
  // ./sso.js is a browser script served as an asset, not a module for TypeScript to resolve.
  const exclude = basename(tarball).startsWith(tarballPrefix('@ssobridge/embed'))
    ? ['--exclude-entrypoints', 'sso.js']
    : []
  const args = ['--no', 'attw', tarball, '--profile', 'esm-only', ...exclude]
  try {
    await run(`attw ${basename(tarball)}`, 'npx', [...args, '--format', 'ascii', '--no-color'], {
      cwd: root,
      env: cleanEnv(),
      timeoutMs: 60_000,
    })
    return []
  } catch (error) {
    return [(error as Error).message]
  }
}

/**
 * `npm install` of the tarballs into `project`, an empty folder outside the repo, with nothing
 * else: no TypeScript, no tsx, no devDependencies. better-sqlite3 compiles from source here.
 */
export async function installTarballs(project: string, tarballs: string[]): Promise<void> {
  const manifest = {
    name: 'ssobridge-installed-test',
    version: '1.0.0',
    private: true,
    // npm 11 runs a dependency's install script only when the project allows it.
    allowScripts: { 'better-sqlite3': true },
  }
  writeJson(join(project, 'package.json'), manifest)
  await run(
    'npm install',
    'npm',
    ['install', ...tarballs, '--no-audit', '--no-fund', '--prefer-offline'],
    { cwd: project, env: cleanEnv(), timeoutMs: 600_000 },
  )
  const addon = join(project, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node')
  if (!existsSync(addon)) {
    throw new Error(`better-sqlite3 was not built (install script blocked?): ${addon} is missing`)
  }
  const found = findDirectories(join(project, 'node_modules'), ['typescript', 'tsx'])
  if (found.length > 0) {
    throw new Error(`the installed packages pulled in TypeScript tooling:\n${found.join('\n')}`)
  }
}

/** Package folders named `names` anywhere under `nodeModules` (nested installs included). */
function findDirectories(nodeModules: string, names: string[]): string[] {
  const found: string[] = []
  const visit = (dir: string, depth: number) => {
    if (depth > 12 || !existsSync(dir)) return
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue
      const path = join(dir, entry.name)
      if (entry.name.startsWith('@')) {
        for (const scoped of readdirSync(path)) visit(join(path, scoped, 'node_modules'), depth + 1)
        continue
      }
      if (names.includes(entry.name)) found.push(path)
      visit(join(path, 'node_modules'), depth + 1)
    }
  }
  visit(nodeModules, 0)
  return found
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`)
}
