/**
 * What one bridge counts, in a Prometheus registry of its own (never prom-client's global one, so
 * several bridges in one process keep apart). Every label value comes from a closed set or an
 * admin-defined id; anything else is folded into `other`, so no user data can reach a label.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

/** Where a request was answered: the route group that took it, never its path. */
export type RouteGroup =
  | 'root'
  | 'authorize'
  | 'login'
  | 'mfa'
  | 'upstream'
  | 'passkey'
  | 'passkey_account'
  | 'account'
  | 'saml'
  | 'token'
  | 'logout'
  | 'well_known'
  | 'userinfo'
  | 'oidc'
  | 'embed'
  | 'health'
  | 'admin_api'
  | 'scim'
  | 'admin'
  | 'unmatched'

/**
 * How one back-channel logout delivery ended: `delivered` (a 2xx), `refused` (an answer or an
 * address that asking again cannot change), `gave_up` (retries exhausted), `retrying` (one
 * attempt failed and another is due; for senders that report attempts).
 */
export type BackchannelDeliveryOutcome = 'delivered' | 'refused' | 'gave_up' | 'retrying'

/**
 * How one email attempt ended, as the email sender reports it: `sent`, `retrying` (another
 * attempt is due), `refused` (an answer a retry cannot change) or `gave_up` (the window ended).
 * Counted as `sent`, `retried` and `failed`.
 */
export type EmailAttemptOutcome = 'sent' | 'retrying' | 'refused' | 'gave_up'

const EMAIL_OUTCOMES: Record<EmailAttemptOutcome, 'sent' | 'retried' | 'failed'> = {
  sent: 'sent',
  retrying: 'retried',
  refused: 'failed',
  gave_up: 'failed',
}

export interface SignInRecord {
  app?: string
  connection: string
  /** The failure's reason code; none for a sign-in that succeeded. */
  reason?: string
}

export interface BridgeMetrics {
  signIn(record: SignInRecord): void
  /** A BridgeError a route group answered, by its code. */
  refusal(code: string): void
  tokenMinted(alg: string): void
  request(group: RouteGroup, method: string, status: number, seconds: number): void
  /** One call on the Storage object, by its method name. */
  storageCall(op: string, seconds: number): void
  backchannelDelivery(outcome: BackchannelDeliveryOutcome): void
  /** One attempt of the email sender, by the message's template. */
  emailAttempt(template: string, outcome: EmailAttemptOutcome): void
  /**
   * Reads the back-channel deliveries waiting in the outbox at each scrape; the outbox registers
   * it once. A read that fails shows NaN (unknown), and the rest of the scrape still answers.
   */
  observeOutboxDepth(read: () => Promise<number>): void
  /** The exposition text, and its content type; undefined when nothing is collected. */
  scrape(): Promise<{ contentType: string; body: string } | undefined>
}

/** Counts nothing: the bridge without a metrics listener. */
export const noMetrics: BridgeMetrics = {
  signIn: () => undefined,
  refusal: () => undefined,
  tokenMinted: () => undefined,
  request: () => undefined,
  storageCall: () => undefined,
  backchannelDelivery: () => undefined,
  emailAttempt: () => undefined,
  observeOutboxDepth: () => undefined,
  scrape: () => Promise.resolve(undefined),
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])
// Codes, reasons, algorithms, ids and method names of this code base are all short snake or
// kebab case; a value of another shape did not come from a closed set and is not shown.
const CODE_SHAPE = /^[a-z][a-z0-9_]{0,63}$/
const ID_SHAPE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/
const ALG_SHAPE = /^[A-Z]{2}[A-Za-z0-9]{1,10}$/
// Email template names are kebab case (verify-email, login-code).
const TEMPLATE_SHAPE = /^[a-z][a-z0-9-]{0,31}$/

const OUTBOX_DEPTH = 'ssobridge_backchannel_outbox_pending'

const bounded = (value: string | undefined, shape: RegExp, otherwise = 'other') =>
  value !== undefined && shape.test(value) && !value.includes('@') ? value : otherwise

export function createBridgeMetrics(options: { processMetrics?: boolean } = {}): BridgeMetrics & {
  registry: Registry
} {
  const registry = new Registry()
  const registers = [registry]
  if (options.processMetrics) collectDefaultMetrics({ register: registry })
  const signIns = new Counter({
    name: 'ssobridge_sign_ins_total',
    help: 'Sign-ins by app, connection and outcome (succeeded, failed with a reason code).',
    labelNames: ['app', 'connection', 'outcome', 'reason'],
    registers,
  })
  const refusals = new Counter({
    name: 'ssobridge_refusals_total',
    help: 'Errors the route groups answered, by BridgeError code.',
    labelNames: ['code'],
    registers,
  })
  const minted = new Counter({
    name: 'ssobridge_tokens_minted_total',
    help: 'Tokens minted for apps, by signing algorithm.',
    labelNames: ['alg'],
    registers,
  })
  const requests = new Histogram({
    name: 'ssobridge_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route group, method and status.',
    labelNames: ['group', 'method', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  })
  const storageCalls = new Histogram({
    name: 'ssobridge_storage_duration_seconds',
    help: 'Time of one storage call (a round trip on Postgres), by operation.',
    labelNames: ['op'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers,
  })
  const deliveries = new Counter({
    name: 'ssobridge_backchannel_deliveries_total',
    help: 'Back-channel logout deliveries by outcome.',
    labelNames: ['outcome'],
    registers,
  })
  const emails = new Counter({
    name: 'ssobridge_emails_total',
    help: 'Member email attempts by template and outcome (sent, retried, failed).',
    labelNames: ['template', 'outcome'],
    registers,
  })

  return {
    registry,
    signIn({ app, connection, reason }) {
      const ids = { app: bounded(app, ID_SHAPE, 'none'), connection: bounded(connection, ID_SHAPE) }
      if (reason === undefined) signIns.inc({ ...ids, outcome: 'succeeded' })
      else signIns.inc({ ...ids, outcome: 'failed', reason: bounded(reason, CODE_SHAPE) })
    },
    refusal: (code) => refusals.inc({ code: bounded(code, CODE_SHAPE) }),
    tokenMinted: (alg) => minted.inc({ alg: bounded(alg, ALG_SHAPE) }),
    request(group, method, status, seconds) {
      const labels = { group, method: METHODS.has(method) ? method : 'other', status: status }
      requests.observe(labels, seconds)
    },
    storageCall: (op, seconds) =>
      storageCalls.observe({ op: bounded(op, /^[a-zA-Z][a-zA-Z_]{0,47}$/) }, seconds),
    backchannelDelivery: (outcome) => deliveries.inc({ outcome }),
    emailAttempt: (template, outcome) =>
      emails.inc({ template: bounded(template, TEMPLATE_SHAPE), outcome: EMAIL_OUTCOMES[outcome] }),
    observeOutboxDepth(read) {
      registry.removeSingleMetric(OUTBOX_DEPTH)
      new Gauge({
        name: OUTBOX_DEPTH,
        help: 'Back-channel logout deliveries waiting in the outbox.',
        registers,
        async collect() {
          // Storage down must not fail the whole scrape: the depth is unknown, not zero.
          this.set(await read().catch(() => NaN))
        },
      })
    },
    async scrape() {
      return { contentType: registry.contentType, body: await registry.metrics() }
    },
  }
}
