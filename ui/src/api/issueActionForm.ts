import type { Action, IssueRules, LookbackResult, ResultKind, Satisfaction, Tier, WithdrawKind } from '@/bindings'
import { orNull, pick } from '@/api/format'
import type { ActionKind } from '@/api/issueSteps'

/** Everything the step dialog can ask; each step uses some of it (`fieldsOf`). */
export interface ActionModel {
  /** The business date of the step. */
  date: string
  lead_department_id: string
  assisting: string[]
  /** Working days: the time limit (交办, 重办) or the extension asked for. */
  days: number | null
  deadline: string
  batch_id: string
  note: string
  reason: string
  approve: boolean
  result: string
  result_kind: ResultKind
  /** 万元, as the articles write amounts; sent as fen. */
  amount_wan: number | null
  satisfaction: Satisfaction | ''
  feedback: string
  withdraw_kind: WithdrawKind
  duplicate_of: string
  lookback_on: string
  lookback_result: LookbackResult | ''
}
export type ActionField = keyof ActionModel

export const blankActionModel = (date: string): ActionModel => ({
  date,
  lead_department_id: '',
  assisting: [],
  days: null,
  deadline: '',
  batch_id: '',
  note: '',
  reason: '',
  approve: true,
  result: '',
  result_kind: 'solved',
  amount_wan: null,
  satisfaction: '',
  feedback: '',
  withdraw_kind: 'duplicate',
  duplicate_of: '',
  lookback_on: '',
  lookback_result: '',
})

/** The steps whose reason is required (and asked for in a textarea). */
export const REASON_KINDS: ActionKind[] = ['return', 'escalate', 'long_term', 'reopen', 'withdraw', 'request_extension']

/** The fields the step's form shows, besides the date; some depend on what is chosen. */
export function fieldsOf(kind: ActionKind, m: ActionModel): ActionField[] {
  switch (kind) {
    case 'assign':
      return ['lead_department_id', 'assisting', 'days', 'deadline', 'batch_id', 'note']
    case 'accept':
    case 'remind':
    case 'close':
      return ['note']
    case 'return':
    case 'escalate':
    case 'long_term':
      return ['reason']
    case 'request_extension':
      return ['days', 'reason']
    case 'reopen':
      return ['reason', 'days']
    case 'decide_extension':
      return ['approve', 'note']
    case 'resolve':
      return ['result', 'result_kind', 'amount_wan']
    case 'feedback':
      return m.satisfaction === 'unsatisfied' ? ['satisfaction', 'days', 'feedback'] : ['satisfaction', 'feedback']
    case 'withdraw':
      return m.withdraw_kind === 'duplicate' ? ['withdraw_kind', 'duplicate_of', 'reason'] : ['withdraw_kind', 'reason']
    case 'schedule_lookback':
      return ['lookback_on']
    case 'lookback':
      return m.lookback_result === 'recurred' ? ['lookback_result', 'days', 'note'] : ['lookback_result', 'note']
  }
}

/** 万元 to whole fen: 1800万元 = 1_800_000_000 fen. */
export function wanToFen(wan: number | null | undefined): number | null {
  if (wan === null || wan === undefined || Number.isNaN(wan)) return null
  return Math.round(wan * 1_000_000)
}

/** The step as the command takes it. */
export function toAction(kind: ActionKind, m: ActionModel): Action {
  const note = orNull(m.note)
  const reason = m.reason.trim()
  switch (kind) {
    case 'assign': {
      const deadline = orNull(m.deadline)
      return {
        kind,
        lead_department_id: m.lead_department_id,
        assisting: m.assisting.filter((a) => a !== m.lead_department_id),
        days: deadline ? null : m.days,
        deadline,
        batch_id: pick(m.batch_id),
        note,
      }
    }
    case 'accept':
    case 'remind':
    case 'close':
      return { kind, note }
    case 'return':
    case 'escalate':
    case 'long_term':
      return { kind, reason }
    case 'request_extension':
      return { kind, days: m.days ?? 0, reason }
    case 'decide_extension':
      return { kind, approve: m.approve, note }
    case 'resolve':
      return { kind, result: m.result.trim(), result_kind: m.result_kind, amount_fen: wanToFen(m.amount_wan) }
    case 'feedback':
      return {
        kind,
        feedback: orNull(m.feedback),
        satisfaction: m.satisfaction as Satisfaction,
        days: m.satisfaction === 'unsatisfied' ? m.days : null,
      }
    case 'reopen':
      return { kind, reason, days: m.days }
    case 'withdraw':
      return {
        kind,
        withdraw_kind: m.withdraw_kind,
        duplicate_of: m.withdraw_kind === 'duplicate' ? orNull(m.duplicate_of) : null,
        reason,
      }
    case 'schedule_lookback':
      return { kind, date: m.lookback_on }
    case 'lookback':
      return {
        kind,
        result: m.lookback_result as LookbackResult,
        note,
        days: m.lookback_result === 'recurred' ? m.days : null,
      }
  }
}

/**
 * The form field a server error names. The command's names differ from the form's in a few
 * places: the amount is sent in fen, 反馈 is checked as `note`, and 安排回头看's date is `date`
 * like the step's own date (which a date picker always fills well).
 */
export function formFieldOf(kind: ActionKind, field: string): string {
  if (field === 'amount_fen') return 'amount_wan'
  if (kind === 'feedback' && field === 'note') return 'feedback'
  if (kind === 'schedule_lookback' && field === 'date') return 'lookback_on'
  if (kind === 'lookback' && field === 'result') return 'lookback_result'
  return field
}

/** The default time limit of a tier under the rules ("默认N个工作日"). */
export function defaultDays(rules: IssueRules | null, tier: Tier): number | null {
  if (!rules) return null
  const d = tier === 'general' ? rules.days_general : tier === 'regular' ? rules.days_regular : rules.days_major
  return d ?? null
}

/** The tier an escalation leads to, or null for 重大. */
export const nextTier = (tier: Tier): Tier | null => (tier === 'general' ? 'regular' : tier === 'regular' ? 'major' : null)
