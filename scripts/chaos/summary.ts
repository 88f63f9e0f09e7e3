/** The chaos test's printed summary: counts only, never a token, code or cookie. */
import type { LoadReport } from './load.js'
import type { LogoutLedger } from './logout-ledger.js'
import type { Tally } from './traffic.js'

const entries = <K>(map: Map<K, number>) =>
  [...map].map(([key, count]) => `${String(key)} ×${count}`).join(', ') || 'none'

export function chaosSummary(
  title: string,
  parts: { report: LoadReport; tally: Tally; ledger?: LogoutLedger; notes?: string[] },
): string {
  const { report, tally, ledger } = parts
  const lines = [`── chaos: ${title} ──`, `journeys ${report.journeys}`]
  for (const [kind, outcome] of report.kinds) {
    const clean = [...outcome.clean.values()].reduce((a, b) => a + b, 0)
    lines.push(
      `  ${kind.padEnd(16)} completed ${String(outcome.completed).padStart(4)}` +
        `  clean failures ${String(clean).padStart(3)}  unclean ${outcome.unclean.length}` +
        (clean ? `  (${entries(outcome.clean)})` : ''),
    )
  }
  lines.push(
    `codes redeemed twice: ${entries(report.replays)}; ` +
      `login forms posted twice: ${entries(report.transactionReplays)}`,
  )
  lines.push(
    `requests ${tally.requests}; by bridge: ${entries(tally.byServer)}; ` +
      `bridge 5xx ${tally.bridge5xx.length}; bridge 503 by code: ${entries(tally.bridge503)}`,
  )
  lines.push(
    `balancer's own answers: ${entries(tally.balancer)}; broken connections: ${entries(tally.transportErrors)}; ` +
      `retried ${tally.retried}; gave up ${tally.gaveUp}; unmarked ${tally.unmarked.length}`,
  )
  if (ledger) {
    lines.push(
      `back-channel logouts: expected ${ledger.expected}, distinct (app, sid) received ${ledger.distinct}, ` +
        `repeats (same jti) ${ledger.repeats}, missing ${ledger.missing.length}, ` +
        `unasked ${ledger.unasked.length}, apps not seen signed in ${ledger.unseenApps.length}, ` +
        `jti changed ${ledger.jtiChanged.length}`,
    )
  }
  lines.push(...(parts.notes ?? []))
  return lines.join('\n')
}
