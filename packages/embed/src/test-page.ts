/**
 * A fake page for running the built sso.js in `node:vm`: exactly the DOM and BOM surface the
 * script may touch, recorded. Storage is a trap that records and throws unless the test gives a
 * session store; anything else (innerHTML, localStorage, …) is absent, so touching it throws.
 */
import { webcrypto } from 'node:crypto'
import { runInNewContext } from 'node:vm'

export type FakeElement = {
  getAttribute(name: string): string | null
  closest(selectors: string): FakeElement | null
  hidden?: boolean
  textContent?: string
}

/** An element with attributes and a parent; `closest` knows attribute selectors only. */
export function element(attributes: Record<string, string>, parent?: FakeElement): FakeElement {
  const self: FakeElement = {
    getAttribute: (name) => attributes[name] ?? null,
    closest: (selectors) => {
      const names = selectors.split(',').map((s) => /^\[([a-z-]+)\]$/.exec(s.trim())![1]!)
      return names.some((name) => name in attributes) ? self : (parent?.closest(selectors) ?? null)
    },
  }
  return self
}

export type Api = {
  login(options?: object | null): void
  logout(options?: object): void
  user(): Record<string, string> | null
}

export interface PageOptions {
  url?: string
  attributes?: Record<string, string>
  src?: string
  currentScript?: null
  window?: Record<string, unknown>
  /** A working sessionStorage (shared across "page loads" of one tab); default: a trap. */
  session?: Record<string, string>
  /** Elements `querySelectorAll` finds. */
  elements?: FakeElement[]
  /** Answers POST /token. */
  token?: (body: URLSearchParams) => unknown
  /** A page on plain http: no `crypto.subtle`. */
  insecure?: boolean
}

export function page(code: string, options: PageOptions = {}) {
  const url = new URL(options.url ?? 'https://shop.example/products?x=1#reviews')
  const cookies: string[] = []
  const navigations: string[] = []
  const replaced: string[] = []
  const errors: string[] = []
  const events: { type: string; detail: unknown }[] = []
  const fetches: { url: string; init: RequestInit }[] = []
  const storageTouched: string[] = []
  const clickListeners: ((event: unknown) => void)[] = []
  const trap = (target: object, names: string[]) => {
    for (const name of names) {
      Object.defineProperty(target, name, {
        get() {
          storageTouched.push(name)
          throw new Error(`${name} touched`)
        },
      })
    }
    return target
  }
  const storageNames = options.session ? ['localStorage'] : ['localStorage', 'sessionStorage']
  const window = trap({ ...options.window }, storageNames) as Record<string, unknown>
  const script = element({ 'data-app': 'shop', ...options.attributes })
  const elements = options.elements ?? []
  const document = {
    currentScript:
      options.currentScript === null
        ? null
        : {
            src: options.src ?? 'https://sso.example.com/sso.js',
            getAttribute: script.getAttribute,
          },
    set cookie(value: string) {
      cookies.push(value)
    },
    addEventListener: (type: string, listener: (event: unknown) => void) => {
      if (type === 'click') clickListeners.push(listener)
    },
    querySelectorAll: (selectors: string) =>
      elements.filter((e) =>
        selectors.split(',').some((s) => e.getAttribute(/^\[([a-z-]+)\]$/.exec(s)![1]!) !== null),
      ),
    dispatchEvent: (event: { type: string; detail: unknown }) => {
      events.push({ type: event.type, detail: event.detail })
      return true
    },
  }
  const location = {
    href: url.href,
    search: url.search,
    origin: url.origin,
    pathname: url.pathname,
    hash: url.hash,
    protocol: url.protocol,
    hostname: url.hostname,
    assign: (to: string) => navigations.push(to),
  }
  class CustomEvent {
    constructor(
      readonly type: string,
      init: { detail?: unknown } = {},
    ) {
      this.detail = init.detail
    }
    detail: unknown
  }
  let pending: Promise<unknown> = Promise.resolve()
  const fetch = (to: string, init: RequestInit) => {
    fetches.push({ url: to, init })
    const answer = options.token?.(new URLSearchParams(String(init.body)))
    const response = Promise.resolve({ json: async () => answer })
    pending = response
    return response
  }
  const context = trap(
    {
      window,
      document,
      location,
      history: { replaceState: (_: unknown, __: string, to: string) => replaced.push(to) },
      crypto: options.insecure
        ? { getRandomValues: (a: Uint8Array) => webcrypto.getRandomValues(a) }
        : webcrypto,
      TextEncoder,
      btoa,
      URL,
      URLSearchParams,
      CustomEvent,
      fetch,
      console: { error: (m: string) => void errors.push(m) },
      ...(options.session ? { sessionStorage: options.session } : {}),
    },
    storageNames,
  )
  const before = new Set(Object.getOwnPropertyNames(context))
  runInNewContext(code, context)
  /** Names the script added to the page's globals (it may add none: its API is on window). */
  const leaked = Object.getOwnPropertyNames(context).filter((name) => !before.has(name))
  const api = window.ssobridge as Api | undefined
  /** Clicks `target`; tells whether the default action was prevented. */
  const click = (target: unknown) => {
    let prevented = false
    for (const listener of clickListeners) {
      listener({ target, preventDefault: () => (prevented = true) })
    }
    return prevented
  }
  /** Lets promises (digest, fetch) settle. */
  const settle = async () => {
    for (let i = 0; i < 10; i++) await pending.then(() => new Promise((r) => setTimeout(r, 0)))
  }
  return {
    api,
    cookies,
    navigations,
    replaced,
    errors,
    events,
    fetches,
    storageTouched,
    clickListeners,
    leaked,
    click,
    settle,
  }
}
