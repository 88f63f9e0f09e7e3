/**
 * SCIM's own errors (RFC 7644 §3.12): an HTTP status, a `scimType` where the RFC names one, and a
 * `detail` safe to show the directory's admin (never a token, never a stored value).
 */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive'

export class ScimError extends Error {
  override readonly name = 'ScimError'
  readonly status: number
  readonly scimType?: ScimType
  readonly detail: string

  constructor(status: number, detail: string, scimType?: ScimType) {
    super(`scim ${status}${scimType ? ` ${scimType}` : ''}`)
    this.status = status
    this.scimType = scimType
    this.detail = detail
  }
}

export const isScimError = (error: unknown): error is ScimError => error instanceof ScimError

export const invalidSyntax = (detail: string) => new ScimError(400, detail, 'invalidSyntax')
export const invalidValue = (detail: string) => new ScimError(400, detail, 'invalidValue')
export const invalidFilter = (detail: string) => new ScimError(400, detail, 'invalidFilter')
export const invalidPath = (detail: string) => new ScimError(400, detail, 'invalidPath')
export const noTarget = (detail: string) => new ScimError(400, detail, 'noTarget')
export const mutability = (detail: string) => new ScimError(400, detail, 'mutability')
export const uniqueness = (detail: string) => new ScimError(409, detail, 'uniqueness')
export const resourceNotFound = (what: 'User' | 'Group') =>
  new ScimError(404, `There is no ${what} with this id for this token's connection.`)
export const preconditionFailed = () =>
  new ScimError(412, 'The resource changed: its version does not match If-Match.')

export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error'

/** The body of an error response. */
export const errorBody = (error: ScimError) => ({
  schemas: [ERROR_SCHEMA],
  status: String(error.status),
  ...(error.scimType && { scimType: error.scimType }),
  detail: error.detail,
})
