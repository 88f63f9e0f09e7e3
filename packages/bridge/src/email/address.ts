/**
 * The checks every value bound for a mail header passes: a recipient address of sane shape and
 * size, and no line break anywhere (a CR or LF in a header starts a header of the sender's choice).
 */
import { BridgeError } from '../errors.js'

// An address as sign-up forms take them: no quoted local parts, no comments, no IP literals.
const ADDRESS =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/

export const MAX_ADDRESS_LENGTH = 254

/** Throws invalid_request (`header_line_break`) when the value holds a CR, LF or other control. */
export function refuseLineBreaks(value: string, what: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\r\n\u0000-\u001f\u007f\u2028\u2029]/.test(value)) {
    throw new BridgeError('invalid_request', {
      reason: 'header_line_break',
      message: `${what} holds a line break or a control character`,
    })
  }
  return value
}

/** The address as given when it is one; throws invalid_request (`email_address_invalid`). */
export function checkRecipient(to: string): string {
  refuseLineBreaks(to, 'the recipient address')
  if (to.length > MAX_ADDRESS_LENGTH || !ADDRESS.test(to) || to.split('@')[0]!.includes('..')) {
    throw new BridgeError('invalid_request', {
      reason: 'email_address_invalid',
      message: 'the recipient is not an email address the bridge sends to',
    })
  }
  return to
}

/** What the audit log may keep of a recipient: the domain, never the mailbox. */
export const recipientDomain = (to: string) => to.slice(to.lastIndexOf('@') + 1).toLowerCase()
