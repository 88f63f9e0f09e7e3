/**
 * The slice of BigCommerce's Customers v3 API the preset uses: GET and POST
 * /stores/{hash}/v3/customers with X-Auth-Token, answering in BigCommerce's JSON shapes, plus a
 * switch that makes the store answer badly (500, no answer, not JSON) for the error paths.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

export type StoreMode = 'ok' | 'error500' | 'timeout' | 'garbage'

export interface StoreCustomer {
  id: number
  email: string
  first_name: string
  last_name: string
  company: string
  phone: string
  notes: string
  customer_group_id: number
  registration_ip_address: string
  tax_exempt_category: string
  accepts_product_review_abandoned_cart_emails: boolean
  authentication: { force_password_reset: boolean }
  origin_channel_id: number
  date_created: string
  date_modified: string
}

export interface StoreRequest {
  method: string
  path: string
  token: string | undefined
}

export class CustomersApi {
  mode: StoreMode = 'ok'
  readonly customers: StoreCustomer[] = []
  readonly requests: StoreRequest[] = []
  private nextId = 1
  /** Answers held by 'timeout', ended when the fake closes. */
  readonly held = new Set<ServerResponse>()

  constructor(
    readonly storeHash: string,
    readonly apiToken: string,
  ) {}

  add(customer: Pick<StoreCustomer, 'email' | 'first_name' | 'last_name'>): StoreCustomer {
    const at = new Date().toISOString().replace(/\.\d+Z$/, 'Z')
    const record: StoreCustomer = {
      id: this.nextId++,
      company: '',
      phone: '',
      notes: '',
      customer_group_id: 0,
      registration_ip_address: '',
      tax_exempt_category: '',
      accepts_product_review_abandoned_cart_emails: false,
      authentication: { force_password_reset: false },
      origin_channel_id: 1,
      date_created: at,
      date_modified: at,
      ...customer,
    }
    this.customers.push(record)
    return record
  }

  /** True when the request was for this API (answered), false when it is someone else's path. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL, body: string): boolean {
    const match = /^\/stores\/([^/]+)\/v3\/customers\/?$/.exec(url.pathname)
    if (!match) return false
    const token = header(req, 'x-auth-token')
    this.requests.push({ method: req.method ?? '', path: url.pathname + url.search, token })
    if (this.mode === 'timeout') {
      this.held.add(res)
      res.on('close', () => this.held.delete(res))
      return true
    }
    if (this.mode === 'error500') {
      json(res, 500, { status: 500, title: 'Internal Server Error', type: problemType })
      return true
    }
    if (this.mode === 'garbage') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('<html>{"data": [')
      return true
    }
    if (match[1] !== this.storeHash) {
      json(res, 404, { status: 404, title: 'Store not found', type: problemType })
      return true
    }
    if (token !== this.apiToken) {
      json(res, 401, {
        status: 401,
        title: 'You are not authorized to access this resource',
        type: problemType,
        errors: {},
      })
      return true
    }
    if (req.method === 'GET') this.list(res, url)
    else if (req.method === 'POST') this.create(res, body)
    else json(res, 405, { status: 405, title: 'Method Not Allowed', type: problemType })
    return true
  }

  private list(res: ServerResponse, url: URL) {
    const wanted = url.searchParams.get('email:in')
    const emails = wanted
      ? new Set(wanted.split(',').map((e) => e.trim().toLowerCase()))
      : undefined
    const data = this.customers.filter((c) => !emails || emails.has(c.email.toLowerCase()))
    json(res, 200, {
      data,
      meta: {
        pagination: {
          total: data.length,
          count: data.length,
          per_page: 50,
          current_page: 1,
          total_pages: 1,
          links: { current: '?page=1&limit=50' },
        },
      },
    })
  }

  private create(res: ServerResponse, body: string) {
    let input: unknown
    try {
      input = JSON.parse(body)
    } catch {
      json(res, 400, { status: 400, title: 'Input is invalid', type: problemType, errors: {} })
      return
    }
    if (!Array.isArray(input) || input.length === 0) {
      json(res, 422, {
        status: 422,
        title: 'Input is invalid',
        type: problemType,
        errors: { '': 'array expected' },
      })
      return
    }
    const errors: Record<string, string> = {}
    input.forEach((item: Record<string, unknown>, i) => {
      for (const field of ['email', 'first_name', 'last_name']) {
        if (typeof item?.[field] !== 'string' || item[field] === '')
          errors[`${i}.${field}`] = `${field} is required`
      }
      const email = typeof item?.email === 'string' ? item.email.toLowerCase() : ''
      if (email && this.customers.some((c) => c.email.toLowerCase() === email)) {
        errors['.customer_create'] =
          `The email address ${email} is already in use by another customer.`
      }
    })
    if (Object.keys(errors).length > 0) {
      json(res, 422, { status: 422, title: 'Input is invalid', type: problemType, errors })
      return
    }
    const created = (input as Array<Record<string, string>>).map((item) =>
      this.add({
        email: item.email ?? '',
        first_name: item.first_name ?? '',
        last_name: item.last_name ?? '',
      }),
    )
    json(res, 200, { data: created, meta: {} })
  }
}

const problemType = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes'

const header = (req: IncomingMessage, name: string) => {
  const v = req.headers[name]
  return Array.isArray(v) ? v[0] : v
}

function json(res: ServerResponse, status: number, value: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value))
}
