import type { EventKind, IssueEvent } from '@/bindings'
import { i18n } from '@/i18n'
import zhEnums from '@/i18n/parts/issueEnums.zh-CN'
import { fenToWan, issueLabel } from '@/api/issues'

type Vocab = 'source' | 'tier' | 'satisfaction' | 'result_kind' | 'withdraw_kind' | 'lookback_result'

/**
 * An event's particulars hold Chinese words (满意, 一般), not enum values; this finds the value
 * so the label follows the locale. A word it does not know is shown as it is.
 */
export function fromZh(vocab: Vocab, word: unknown): string {
  if (typeof word !== 'string') return word == null ? '' : String(word)
  const table = zhEnums[vocab] as Record<string, string>
  const value = Object.keys(table).find((k) => table[k] === word)
  return value ? issueLabel(vocab, value) : word
}

/** The event's `data` as an object; {} when it is not one. */
export function parseEventData(text: string | null | undefined): Record<string, unknown> {
  if (!text) return {}
  try {
    const v: unknown = JSON.parse(text)
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

const present = (v: unknown) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)

/**
 * The particulars of a step as short readable phrases ("期限 2026-03-10", "牵头单位 区发改局",
 * "涉及金额 1800万元"), in a fixed order; department ids are named through `deptName`.
 */
export function eventParticulars(ev: Pick<IssueEvent, 'kind' | 'data'>, deptName: (id: string) => string): string[] {
  const t = (key: string, named: Record<string, unknown>) => i18n.global.t(`issueDetail.particulars.${key}`, named)
  const d = parseEventData(ev.data)
  const out: string[] = []
  const used = new Set<string>()
  const put = (key: string, msg: string, v: unknown) => {
    used.add(key)
    if (present(v)) out.push(t(msg, { v }))
  }
  const dept = (id: unknown) => (typeof id === 'string' ? deptName(id) || id : '')

  put('source', 'source', d.source == null ? null : fromZh('source', d.source))
  put('tier', 'tier', d.tier == null ? null : fromZh('tier', d.tier))
  put('department', 'department', dept(d.department))
  put('assisting', 'assisting', Array.isArray(d.assisting) ? d.assisting.map(dept).join('、') : null)
  if (present(d.from) || present(d.to)) out.push(t('escalated', { from: fromZh('tier', d.from), to: fromZh('tier', d.to) }))
  used.add('from').add('to')
  put('days', 'days', d.days)
  put('deadline', 'deadline', d.deadline)
  if (ev.kind === 'reopen' && 'deadline' in d && d.deadline == null) out.push(t('toReassign', {}))
  put('result_kind', 'resultKind', d.result_kind == null ? null : fromZh('result_kind', d.result_kind))
  put('amount_fen', 'amount', typeof d.amount_fen === 'number' ? fenToWan(d.amount_fen) : null)
  put('working_days', 'workingDays', d.working_days)
  put('satisfaction', 'satisfaction', d.satisfaction == null ? null : fromZh('satisfaction', d.satisfaction))
  put('withdraw_kind', 'withdrawKind', d.withdraw_kind == null ? null : fromZh('withdraw_kind', d.withdraw_kind))
  put('duplicate_of', 'duplicateOf', d.duplicate_of)
  put('lookback_on', 'lookbackOn', d.lookback_on)
  put('result', 'lookbackResult', d.result == null ? null : fromZh('lookback_result', d.result))
  put('reopens', 'reopens', d.reopens)
  put('count', 'count', d.count)
  // Keys a later version adds still show, plainly.
  for (const [k, v] of Object.entries(d)) {
    if (!used.has(k) && present(v)) out.push(`${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
  }
  return out
}

/** The colour of a step's dot in the timeline. */
export function eventType(kind: EventKind): 'primary' | 'success' | 'warning' | 'danger' | 'info' {
  switch (kind) {
    case 'resolve':
    case 'resolve_on_spot':
    case 'close':
    case 'approve_extension':
      return 'success'
    case 'return':
    case 'reject_extension':
    case 'reopen':
      return 'danger'
    case 'remind':
    case 'escalate':
    case 'request_extension':
    case 'long_term':
      return 'warning'
    case 'withdraw':
      return 'info'
    default:
      return 'primary'
  }
}
