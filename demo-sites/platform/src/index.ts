// Runs the platform stand-ins on real ports (the demo and the e2e tests).
import { createAcademy, type AcademyOptions } from './academy.js'
import { createStore, type StoreOptions } from './bigcommerce-shop.js'
import { createCommunity, type CommunityOptions } from './discourse-forum.js'
import { serveSite, type ServedSite, type ServeOptions } from './serve-site.js'

export { createAcademy, type AcademyOptions, type Learner } from './academy.js'
export { createCommunity, type CommunityOptions, type Member } from './discourse-forum.js'
export { createStore, type StoreOptions } from './bigcommerce-shop.js'
export type { Customer } from './bigcommerce-customers.js'
export type { ServedSite } from './serve-site.js'

type StartOptions<T> = Omit<T, 'publicUrl'> & ServeOptions

const withoutServe = <T extends ServeOptions>({ port: _p, hostname: _h, ...rest }: T) => rest

/** Academy, Thinkific-style: takes the bridge's JWT at /api/sso/v2/sso/jwt. */
export async function startAcademy(options: StartOptions<AcademyOptions>): Promise<ServedSite> {
  const { url, close } = await serveSite(options, (publicUrl) =>
    createAcademy({ ...withoutServe(options), publicUrl }),
  )
  return { url, close }
}

/** Community, Discourse-style: DiscourseConnect round trip through /session/sso. */
export async function startCommunity(options: StartOptions<CommunityOptions>) {
  return serveSite(options, (publicUrl) => createCommunity({ ...withoutServe(options), publicUrl }))
}

/** Store, BigCommerce-style: Customers v3 API slice and /login/token/{jwt}. */
export async function startStore(options: StartOptions<StoreOptions>) {
  return serveSite(options, (publicUrl) => createStore({ ...withoutServe(options), publicUrl }))
}
