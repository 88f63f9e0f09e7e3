/**
 * What each platform checks when a token or payload reaches it, as pure functions: the fakes in
 * testing/platform-fakes run them to accept or refuse, and the contract check runs them to show
 * an admin, rule by rule, what the platform would say.
 */
import { checkBigCommerce } from './bigcommerce.js'
import { checkCanny } from './canny.js'
import { checkDiscourse } from './discourse.js'
import { checkFeaturebase } from './featurebase.js'
import { checkFreshworks } from './freshworks.js'
import { checkGitBook } from './gitbook.js'
import { checkHelpScout } from './helpscout.js'
import { checkMintlify } from './mintlify.js'
import { checkReadMe } from './readme.js'
import { checkShopify } from './shopify.js'
import { checkThinkific } from './thinkific.js'
import { checkZendesk } from './zendesk.js'
import type { PlatformCheck, PlatformName } from './types.js'

export const platformChecks: Record<PlatformName, PlatformCheck> = {
  thinkific: checkThinkific,
  zendesk: checkZendesk,
  canny: checkCanny,
  discourse: checkDiscourse,
  bigcommerce: checkBigCommerce,
  shopify: checkShopify,
  gitbook: checkGitBook,
  mintlify: checkMintlify,
  featurebase: checkFeaturebase,
  freshworks: checkFreshworks,
  readme: checkReadMe,
  helpscout: checkHelpScout,
}

export { SKEW_SECONDS } from './clock.js'
export { onceId } from './replay-rules.js'
export {
  accepts,
  platformNames,
  type CheckContext,
  type PlatformCheck,
  type PlatformDelivery,
  type PlatformName,
  type RuleResult,
} from './types.js'
