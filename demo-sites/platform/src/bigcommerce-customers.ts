/**
 * The slice of BigCommerce's Customers v3 API that the bridge's preset uses:
 * GET /stores/{hash}/v3/customers?email:in=… and POST /stores/{hash}/v3/customers (a JSON array),
 * authenticated by X-Auth-Token, answering in BigCommerce's JSON shapes.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import { Hono, type Context } from 'hono'

export interface Customer {
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

type NewCustomer = Pick<Customer, 'email' | 'first_name' | 'last_name'>

/** The store's customers, numbered from 1 as a new BigCommerce store numbers them. */
export class CustomerList {
  readonly all: Customer[] = []

  add(input: NewCustomer): Customer {
    const at = new Date().toISOString().replace(/\.\d+Z$/, 'Z')
    const customer: Customer = {
      id: this.all.length + 1,
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
      ...input,
    }
    this.all.push(customer)
    return customer
  }

  byId(id: number): Customer | undefined {
    return this.all.find((c) => c.id === id)
  }

  byEmail(email: string): Customer | undefined {
    const wanted = email.trim().toLowerCase()
    return this.all.find((c) => c.email.toLowerCase() === wanted)
  }
}

const problemType = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes'
const problem = (c: Context, status: 400 | 401 | 404 | 422, title: string, errors = {}) =>
  c.json({ status, title, type: problemType, errors }, status)
const digest = (value: string) => createHash('sha256').update(value).digest()
const EMAIL = /^[^\s@]+@[^\s@]+$/

export function customersApi(options: {
  storeHash: string
  apiToken: string
  customers: CustomerList
}) {
  const token = digest(options.apiToken)
  const { customers } = options
  const app = new Hono()

  app.use('/stores/:hash/v3/customers', async function storeAuth(c, next) {
    if (c.req.param('hash') !== options.storeHash) return problem(c, 404, 'Store not found')
    const sent = c.req.header('x-auth-token')
    if (!sent || !timingSafeEqual(digest(sent), token)) {
      return problem(c, 401, 'You are not authorized to access this resource')
    }
    await next()
  })

  app.get('/stores/:hash/v3/customers', (c) => {
    const wanted = c.req.query('email:in')
    const emails = wanted ? new Set(wanted.split(',').map((e) => e.trim().toLowerCase())) : null
    const data = customers.all.filter((x) => !emails || emails.has(x.email.toLowerCase()))
    return c.json({
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
  })

  app.post('/stores/:hash/v3/customers', async (c) => {
    let input: unknown
    try {
      input = JSON.parse(await c.req.text())
    } catch {
      return problem(c, 400, 'Input is invalid')
    }
    if (!Array.isArray(input) || input.length === 0) {
      return problem(c, 422, 'Input is invalid', { '': 'array expected' })
    }
    const errors: Record<string, string> = {}
    const seen = new Set<string>()
    input.forEach((item: unknown, i) => {
      const record = (typeof item === 'object' && item !== null ? item : {}) as Record<
        string,
        unknown
      >
      for (const field of ['email', 'first_name', 'last_name']) {
        if (typeof record[field] !== 'string' || record[field] === '') {
          errors[`${i}.${field}`] = `${field} is required`
        }
      }
      const email = typeof record.email === 'string' ? record.email.toLowerCase() : ''
      if (email && !EMAIL.test(email)) errors[`${i}.email`] = 'email is not valid'
      if (email && (customers.byEmail(email) || seen.has(email))) {
        errors['.customer_create'] =
          `The email address ${email} is already in use by another customer.`
      }
      seen.add(email)
    })
    if (Object.keys(errors).length > 0) return problem(c, 422, 'Input is invalid', errors)
    const created = (input as NewCustomer[]).map((item) =>
      customers.add({ email: item.email, first_name: item.first_name, last_name: item.last_name }),
    )
    return c.json({ data: created, meta: {} })
  })

  return app
}
