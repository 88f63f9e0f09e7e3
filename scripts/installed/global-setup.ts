/**
 * Sets the product up exactly as a user does, once per run: packs the three packages, lints the
 * tarballs (publint, attw), `npm install`s them into an empty project in the OS temp folder,
 * writes a YAML config there, starts `npx ssobridge start` from a third, unrelated folder, and
 * two sites (ESM and CommonJS) that import the installed @ssobridge/verify from the project.
 * The bridge sends its email to the demo mailbox, an SMTP capture run here in the test's own
 * process (it is test tooling, not part of what is installed), read by the spec as JSON.
 *
 * SSOBRIDGE_INSTALLED_TARBALLS=<dir> takes the three .tgz files from <dir> instead of packing
 * the workspaces (to check tarballs of another commit, e.g. one from before the build step).
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { startMailbox, type RunningMailbox } from '@ssobridge/demo-mailbox'
import { freePort } from '../free-port.js'
import { writeBridgeConfig } from './bridge-config.js'
import type { InstalledHandoff } from './installed.js'
import { findTarballs, installTarballs, lintTarballs, packWorkspaces } from './packages.js'
import { cleanEnv, get, signalGroup, start, stop, waitFor, type Started } from './processes.js'

const root = resolve(import.meta.dirname, '../..')
const here = import.meta.dirname

export default async function globalSetup() {
  const folders: string[] = []
  const processes: Started[] = []
  let mailbox: RunningMailbox | undefined
  const tempFolder = (name: string) => {
    const dir = mkdtempSync(join(tmpdir(), `ssobridge-installed-${name}-`))
    folders.push(dir)
    if (!relative(root, dir).startsWith('..')) throw new Error(`${dir} is inside the repo`)
    return dir
  }
  // Last resort if the runner dies without teardown: no server outlives it.
  const killAll = () => processes.forEach((p) => signalGroup(p.child, 'SIGKILL'))
  process.once('exit', killAll)
  const teardown = async () => {
    await Promise.all(processes.map((p) => stop(p)))
    await mailbox?.close()
    process.off('exit', killAll)
    for (const dir of folders) rmSync(dir, { recursive: true, force: true })
  }

  try {
    const given = process.env.SSOBRIDGE_INSTALLED_TARBALLS
    const tarballs = given
      ? findTarballs(resolve(given))
      : await packWorkspaces(root, tempFolder('tarballs'))
    await lintTarballs(root, tarballs)

    const project = tempFolder('project')
    await installTarballs(project, tarballs)

    const [bridgePort, siteAPort, siteBPort, samlIdpPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ]
    const urls = {
      // The sites on 127.0.0.1 and the bridge on localhost are cross-site, as in production.
      bridge: `http://localhost:${bridgePort}`,
      siteA: `http://127.0.0.1:${siteAPort}`,
      siteB: `http://127.0.0.1:${siteBPort}`,
      // Never started: the test intercepts the browser's redirect to it.
      samlIdp: `http://127.0.0.1:${samlIdpPort}`,
    }
    // Both of its ports picked by the OS, so no other run's mailbox can receive this one's mail.
    mailbox = await startMailbox({ smtpPort: 0, webPort: 0, host: '127.0.0.1' })
    const setup = writeBridgeConfig(project, { ...urls, smtp: mailbox.smtpUrl })

    // A folder with nothing in it: no package.json, no tsconfig.json, no node_modules.
    const elsewhere = tempFolder('cwd')
    const bridge = start(
      'ssobridge',
      'npx',
      [
        '--no',
        '--prefix',
        project,
        'ssobridge',
        'start',
        '--config',
        setup.configPath,
        '--port',
        String(bridgePort),
      ],
      { cwd: elsewhere, env: cleanEnv(setup.env) },
    )
    processes.push(bridge)
    await waitFor('the bridge', () => ready(urls.bridge), { timeoutMs: 60_000, process: bridge })

    const sites = [
      {
        name: 'site A',
        file: 'site-a.mjs',
        url: urls.siteA,
        port: siteAPort,
        app: setup.apps.siteA,
        secret: setup.env.SITE_A_SSO_SECRET,
      },
      {
        name: 'site B',
        file: 'site-b.cjs',
        url: urls.siteB,
        port: siteBPort,
        app: setup.apps.siteB,
      },
    ]
    for (const site of sites) {
      copyFileSync(join(here, site.file), join(project, site.file))
      const env: Record<string, string> = {
        PORT: String(site.port),
        BRIDGE_URL: urls.bridge,
        APP_ID: site.app,
      }
      if (site.secret) env.SSO_SECRET = site.secret
      if (site.file === 'site-a.mjs') {
        env.FORUM_APP_ID = setup.apps.forum
        env.FORUM_SECRET = setup.env.FORUM_CONNECT_SECRET ?? ''
        env.WEBHOOK_SECRET = setup.env.SITE_A_WEBHOOK_SECRET ?? ''
      }
      const child = start(site.name, process.execPath, [site.file], {
        cwd: project,
        env: cleanEnv(env),
      })
      processes.push(child)
      await waitFor(site.name, async () => (await get(site.url)).status === 200, {
        timeoutMs: 15_000,
        process: child,
      })
    }

    const handoff: InstalledHandoff = {
      bridgeUrl: urls.bridge,
      siteAUrl: urls.siteA,
      siteBUrl: urls.siteB,
      mailboxUrl: mailbox.url,
      project,
      alice: setup.alice,
      siteAName: setup.siteAName,
      apps: setup.apps,
      saml: setup.saml,
      oidcCallback: setup.oidcCallback,
    }
    process.env.SSOBRIDGE_INSTALLED_HANDOFF = JSON.stringify(handoff)
  } catch (error) {
    await teardown()
    throw error
  }
  return teardown
}

/** GET /healthz/ready where the bridge has it (200 once storage is migrated), else /healthz. */
async function ready(bridgeUrl: string): Promise<boolean> {
  const readiness = await get(`${bridgeUrl}/healthz/ready`)
  if (readiness.status !== 404) return readiness.status === 200
  return (await get(`${bridgeUrl}/healthz`)).status === 200
}
