/** What global-setup started, and a look into the demo sites' own databases. */
import { expect, type Page } from '@playwright/test'
import Database from 'better-sqlite3'
import { join } from 'node:path'

const env = (name: string) => {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set: run through playwright.config.ts`)
  return value
}

export const demo = {
  bridge: env('E2E_BRIDGE_URL'),
  shop: env('E2E_SHOP_URL'),
  forum: env('E2E_FORUM_URL'),
  vault: env('E2E_VAULT_URL'),
  oidcIdp: env('E2E_OIDC_IDP_URL'),
  samlIdp: env('E2E_SAML_IDP_URL'),
  gazette: env('E2E_STATIC_URL'),
  academy: env('E2E_PLATFORM_URL'),
  community: env('E2E_COMMUNITY_URL'),
  store: env('E2E_STORE_URL'),
  notes: env('E2E_SPA_URL'),
  mailbox: env('E2E_MAILBOX_URL'),
  alice: { email: 'alice@example.com', password: env('E2E_ALICE_PASSWORD') },
  carol: { email: 'carol@corp.example', password: env('E2E_CAROL_PASSWORD') },
  dana: { email: 'dana@partner.example', password: env('E2E_DANA_PASSWORD') },
  erin: { email: 'erin@example.com', password: env('E2E_ERIN_PASSWORD') },
}

/** Where the demo keeps its files (the static site is published to `gazette/` in it). */
export const demoDataDir = env('E2E_DATA_DIR')

export interface SiteRows {
  users: { sub: string; email: string; name: string }[]
  sessions: number
}

export function siteRows(site: 'shop' | 'forum'): SiteRows {
  const db = new Database(join(env('E2E_DATA_DIR'), `${site}.db`), {
    readonly: true,
    fileMustExist: true,
  })
  try {
    return {
      users: db
        .prepare('SELECT sub, email, name FROM users ORDER BY id')
        .all() as SiteRows['users'],
      sessions: (db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n,
    }
  } finally {
    db.close()
  }
}

/** From a site's own "Sign in" to the company IdP's form, filled in and submitted as `user`. */
export async function signInThroughCorp(
  page: Page,
  user: { email: string; password: string },
): Promise<void> {
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('link', { name: 'Continue with Example Corp' }).click()
  await expect(page).toHaveURL(new RegExp(`^${demo.oidcIdp}/interaction/`))
  await page.getByLabel('Email').fill(user.email)
  await page.getByLabel('Password').fill(user.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}
