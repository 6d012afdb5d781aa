import type { EventKind, IssueEvent } from '@/bindings'
import { i18n } from '@/i18n'
import { fenToWan, issueLabel } from '@/api/issues'

const present = (v: unknown) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)

/** Keys of the particulars that are the machine's, not the reader's. */
const HIDDEN = new Set(['step', 'import', 'date_known', 'batch_id', 'duplicate_id', 'deadline_by_default'])

/**
 * The particulars of a step as short readable phrases ("期限 2026-03-10", "牵头单位 区发改局",
 * "涉及金额 1800万元"), in a fixed order, in the current language: the server stores the
 * vocabularies' tags (`satisfied`, `general`), each labelled here; department ids are named
 * through `deptName`.
 */
export function eventParticulars(ev: Pick<IssueEvent, 'kind' | 'data'>, deptName: (id: string) => string): string[] {
  const t = (key: string, named: Record<string, unknown>) => i18n.global.t(`issueDetail.particulars.${key}`, named)
  const d = (ev.data ?? {}) as unknown as Record<string, unknown>
  const out: string[] = []
  const used = new Set<string>(HIDDEN)
  const put = (key: string, msg: string, v: unknown) => {
    used.add(key)
    if (present(v)) out.push(t(msg, { v }))
  }
  const label = (vocab: Parameters<typeof issueLabel>[0], v: unknown) => (typeof v === 'string' ? issueLabel(vocab, v) : null)
  const dept = (id: unknown) => (typeof id === 'string' ? deptName(id) || id : '')

  put('source', 'source', label('source', d.source))
  put('tier', 'tier', label('tier', d.tier))
  put('department', 'department', dept(d.department))
  put('assisting', 'assisting', Array.isArray(d.assisting) ? d.assisting.map(dept).join('、') : null)
  if (present(d.from) || present(d.to)) out.push(t('escalated', { from: label('tier', d.from), to: label('tier', d.to) }))
  used.add('from').add('to')
  put('days', 'days', d.days)
  put('deadline', 'deadline', d.deadline)
  if (ev.kind === 'reopen' && 'deadline' in d && d.deadline == null) out.push(t('toReassign', {}))
  if (d.deadline_by_default === true) out.push(t('defaultDeadline', {}))
  put('result_kind', 'resultKind', label('result_kind', d.result_kind))
  put('amount_fen', 'amount', typeof d.amount_fen === 'number' ? fenToWan(d.amount_fen) : null)
  put('working_days', 'workingDays', d.working_days)
  put('satisfaction', 'satisfaction', label('satisfaction', d.satisfaction))
  put('withdraw_kind', 'withdrawKind', label('withdraw_kind', d.withdraw_kind))
  put('duplicate_of', 'duplicateOf', d.duplicate_of)
  put('lookback_on', 'lookbackOn', d.lookback_on)
  put('result', 'lookbackResult', label('lookback_result', d.result))
  put('reopens', 'reopens', d.reopens)
  put('count', 'count', d.count)
  put('ledger_row', 'ledgerRow', d.ledger_row)
  put('ledger_no', 'ledgerNo', d.ledger_no)
  if (d.import === true) out.push(t('imported', {}))
  if (d.date_known === false) out.push(t('dateUnknown', {}))
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
