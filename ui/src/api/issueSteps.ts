import type { Action, Issue, Status } from '@/bindings'

/** The steps of the closed loop, by their `Action.kind`. */
export type ActionKind = Action['kind']

/**
 * Which steps a status allows (crates/core/src/model/issue/flow.rs is the truth): `main` are
 * buttons, the first one primary; `more` go into the 更多 menu.
 */
const STEPS: Record<Status, { main: ActionKind[]; more: ActionKind[] }> = {
  registered: { main: ['assign'], more: ['escalate', 'withdraw'] },
  returned: { main: ['assign'], more: ['escalate', 'withdraw'] },
  assigned: { main: ['accept', 'return'], more: ['remind', 'request_extension', 'escalate', 'withdraw'] },
  in_progress: { main: ['resolve', 'remind'], more: ['request_extension', 'long_term', 'escalate'] },
  long_term: { main: ['resolve'], more: ['escalate'] },
  resolved: { main: ['feedback', 'close'], more: ['reopen'] },
  closed: { main: ['lookback'], more: ['schedule_lookback', 'reopen'] },
  withdrawn: { main: [], more: [] },
}

/** A 反馈评价 of 满意 or 基本满意, without which 销号 is refused. */
export const evaluatedWell = (i: Issue) => i.satisfaction === 'satisfied' || i.satisfaction === 'basic'

/** The steps the issue allows now, in the order the page shows them. */
export function stepsFor(issue: Issue): { main: ActionKind[]; more: ActionKind[] } {
  let main = [...STEPS[issue.status].main]
  let more = [...STEPS[issue.status].more]
  if (issue.tier === 'major') more = more.filter((k) => k !== 'escalate')
  // A pending extension request waits for its decision, which comes first.
  if (issue.extension_days != null && (issue.status === 'assigned' || issue.status === 'in_progress')) {
    main = ['decide_extension', ...main]
    more = more.filter((k) => k !== 'request_extension')
  }
  // Once evaluated well, striking off is the next step.
  if (issue.status === 'resolved' && evaluatedWell(issue)) main = ['close', 'feedback']
  return { main, more }
}

/** Why a step shown is not possible yet, or '' when it is. */
export function blockedReason(issue: Issue, kind: ActionKind, t: (key: string) => string): string {
  if (kind === 'close' && issue.status === 'resolved' && !evaluatedWell(issue)) return t('issueDetail.closeNeedsFeedback')
  return ''
}
