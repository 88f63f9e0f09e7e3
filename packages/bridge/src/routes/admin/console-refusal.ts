/** Which errors of a console form are shown on the form again, and with which status. */
import { isAdminInputError, type FieldIssue } from '../../admin/input.js'
import { isBridgeError } from '../../errors.js'

export interface Refusal {
  status: 400 | 403 | 404 | 409 | 413
  errors: FieldIssue[]
  message?: string
}

/** Input errors and conflicts are shown on the form again; anything else goes up. */
export function refusalOf(error: unknown): Refusal {
  if (isAdminInputError(error)) return { status: 400, errors: error.issues }
  if (isBridgeError(error) && (error.code === 'conflict' || error.code === 'not_found')) {
    return { status: error.code === 'conflict' ? 409 : 404, errors: [], message: error.description }
  }
  if (isBridgeError(error) && error.code === 'reauthentication_required')
    return { status: 403, errors: [], message: error.description }
  throw error
}
