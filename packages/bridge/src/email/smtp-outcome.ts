/**
 * What a failed SMTP attempt means: asked again later it may go through (the server is down,
 * slow, or answered 4xx), or it never will (a 5xx refusal of the recipient or the message).
 * Reason codes are short names for the audit log and the console; never the server's words.
 */
export type SmtpFailureReason =
  | 'recipient_refused'
  | 'message_refused'
  | 'smtp_temporary'
  | 'smtp_auth_failed'
  | 'connection_failed'
  | 'tls_failed'
  | 'timeout'
  | 'smtp_error'
  /** The sealed message does not open (another master key, a tampered row). */
  | 'payload_unreadable'

export interface SmtpFailure {
  final: boolean
  reason: SmtpFailureReason
  /** The SMTP reply code, when the server answered one. */
  status?: number
}

interface NodemailerError {
  code?: string
  responseCode?: number
  command?: string
}

export function smtpFailure(error: unknown): SmtpFailure {
  const { code, responseCode: status, command } = (error ?? {}) as NodemailerError
  if (code === 'EAUTH' || code === 'ENOAUTH')
    // The admin fixes the credentials and what waits goes out: worth trying within the window.
    return { final: false, reason: 'smtp_auth_failed', status }
  if (status !== undefined && status >= 500) {
    const rcpt = code === 'EENVELOPE' || /^RCPT/i.test(command ?? '')
    return { final: true, reason: rcpt ? 'recipient_refused' : 'message_refused', status }
  }
  if (status !== undefined && status >= 400)
    return { final: false, reason: 'smtp_temporary', status }
  if (code === 'ETIMEDOUT' || code === 'EABORT') return { final: false, reason: 'timeout' }
  if (code === 'ETLS' || code === 'EREQUIRETLS') return { final: false, reason: 'tls_failed' }
  if (code === 'ECONNECTION' || code === 'ESOCKET' || code === 'EDNS')
    return { final: false, reason: 'connection_failed' }
  return { final: false, reason: 'smtp_error', status }
}
