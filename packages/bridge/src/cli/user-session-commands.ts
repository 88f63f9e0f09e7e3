/**
 * `ssobridge user sessions | end-sessions | delete`: a user's sessions and the apps each signed
 * into, ending them, deleting the user. Without the server at hand, the back-channel logouts go
 * into the outbox, where the worker of any running bridge sends them.
 */
import type { Actor } from '../domain/audit-log.js'
import { deviceSummary } from '../domain/session-device.js'
import type { AdminServices } from '../admin/services.js'
import { isoTime, table } from './admin-context.js'
import type { Output } from './output.js'

export async function listUserSessions(admin: AdminServices, id: string, io: Output) {
  const sessions = await admin.userSessions.list(id)
  const rows = sessions.map((s) => [
    s.sid ?? '-',
    deviceSummary(s.device),
    isoTime(s.createdAt),
    isoTime(s.lastSeenAt),
    s.apps.map((a) => a.id).join(',') || '-',
  ])
  table([['SID', 'DEVICE', 'SIGNED IN', 'LAST USED', 'APPS'], ...rows]).forEach((l) => io.out(l))
  return 0
}

/** One session with `sid`, every one without. */
export async function endUserSessions(
  admin: AdminServices,
  actor: Actor,
  id: string,
  sid: string | undefined,
  io: Output,
) {
  if (sid) {
    await admin.userSessions.end(actor, id, sid)
    io.out(`ended session ${sid} of user ${id}`)
  } else {
    const { ended } = await admin.userSessions.endAll(actor, id)
    io.out(`ended ${ended} session(s) of user ${id}`)
  }
  return 0
}

export async function deleteUser(admin: AdminServices, actor: Actor, id: string, io: Output) {
  const { deleted, sessionsEnded } = await admin.users.delete(actor, id)
  io.out(`deleted user ${deleted.email} (${deleted.id}); ${sessionsEnded} session(s) ended`)
  return 0
}
