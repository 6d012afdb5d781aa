import type { ActionKind, IssueDetail } from '@/bindings'

export type { ActionKind }

/**
 * The issue page's step buttons from the steps core allows (its state machine is the one home
 * of these rules): the loop's next steps, then those not possible yet (disabled, with core's
 * reason), as buttons, the first one primary; the other steps go into the 更多 menu.
 */
export function stepButtons(d: IssueDetail): { main: ActionKind[]; more: ActionKind[]; why: (k: ActionKind) => string } {
  const blocked = new Map(d.steps.blocked.map((b) => [b.kind, b.reason]))
  return {
    main: [...d.steps.next, ...d.steps.blocked.map((b) => b.kind)],
    more: [...d.steps.other],
    why: (k) => blocked.get(k) ?? '',
  }
}
