export { createDemoSite, type DemoSite } from './create-demo-site.js'
export {
  startDemoSite,
  type RunningDemoSite,
  type StartDemoSiteOptions,
} from './start-demo-site.js'
export type { DemoSiteOptions, DemoSiteVerifyOptions } from './options.js'
export { sqliteReplayStore } from './replay-store.js'
export type { SiteDatabase } from './database.js'
