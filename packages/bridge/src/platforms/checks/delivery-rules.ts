/** Where and how the token reached the platform: method, endpoint path, and the parameters. */
import { failed, passed, type PlatformDelivery, type RuleResult } from './types.js'

export interface ParsedDelivery {
  url: URL
  /** Query parameters, then form fields over them (a POST reads its body). */
  params: URLSearchParams
}

export function parseDelivery(delivery: PlatformDelivery): ParsedDelivery {
  const url = new URL(delivery.url)
  const params = new URLSearchParams(url.search)
  for (const [k, v] of Object.entries(delivery.form ?? {})) params.set(k, v)
  return { url, params }
}

export function methodRule(
  delivery: PlatformDelivery,
  method: 'GET' | 'POST',
  platform: string,
  fix: string,
): RuleResult {
  return delivery.method === method
    ? passed('delivery.method', `${method}, as ${platform} takes it`)
    : failed('delivery.method', `${delivery.method}; ${platform} takes ${method}`, fix)
}

export function endpointRule(url: URL, path: RegExp, platform: string, where: string): RuleResult {
  return path.test(url.pathname)
    ? passed('delivery.endpoint', `${url.pathname} is ${platform}'s endpoint`)
    : failed(
        'delivery.endpoint',
        `${url.pathname} is not ${platform}'s endpoint (${where})`,
        `Set this app's callback URL to ${platform}'s ${where}.`,
      )
}
