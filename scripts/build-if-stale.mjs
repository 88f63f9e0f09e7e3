// `npm start` runs the built bridge: rebuild first when any package's dist/ is older than its sources.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
// The file each build writes last; its age is the build's age.
const packages = {
  embed: 'dist/index.js',
  verify: 'dist/index.js',
  bridge: 'dist/index.js',
}

function newest(path) {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))))
}

const stale = Object.entries(packages).filter(([name, output]) => {
  const dir = join(root, 'packages', name)
  const built = join(dir, output)
  if (!existsSync(built)) return true
  const sources = ['src', 'package.json', 'tsconfig.build.json'].map((p) => newest(join(dir, p)))
  return Math.max(...sources, newest(join(root, 'tsconfig.base.json'))) > statSync(built).mtimeMs
})

if (stale.length > 0) {
  console.log(`building (${stale.map(([name]) => name).join(', ')} changed since the last build)`)
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' })
}
