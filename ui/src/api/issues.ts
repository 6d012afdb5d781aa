import type { Flag, IssueRules, LedgerQuery, Source, Status, Tier, Disposition, Satisfaction, ResultKind, EventKind } from '@/bindings'
import { i18n } from '@/i18n'

// The issue vocabularies in the order pickers list them; labels live in i18n `issueEnums`.
export const ISSUE_STATUSES: Status[] = ['registered', 'assigned', 'in_progress', 'returned', 'resolved', 'closed', 'long_term', 'withdrawn']
export const OPEN_STATUSES: Status[] = ['registered', 'assigned', 'in_progress', 'returned']
export const SOURCES: Source[] = ['visit', 'window', 'hotline', 'wall_phone', 'forum', 'other']
export const TIERS: Tier[] = ['general', 'regular', 'major']
export const DISPOSITIONS: Disposition[] = ['immediate', 'study', 'key']
export const FLAGS: Flag[] = ['green', 'yellow', 'red', 'black']
export const SATISFACTIONS: Satisfaction[] = ['satisfied', 'basic', 'unsatisfied']
export const RESULT_KINDS: ResultKind[] = ['solved', 'partly', 'explained']

type IssueEnum =
  | 'status'
  | 'source'
  | 'tier'
  | 'disposition'
  | 'flag'
  | 'satisfaction'
  | 'result_kind'
  | 'withdraw_kind'
  | 'lookback_result'
  | 'event'
  | 'day_kind'

/** The label of an issue enum value in the current locale; '' for none. */
export function issueLabel(name: IssueEnum, value: string | null | undefined): string {
  if (!value) return ''
  const key = `issueEnums.${name}.${value}`
  return i18n.global.te(key) ? i18n.global.t(key) : value
}

export function issueOptions<T extends string>(name: IssueEnum, values: T[]): { value: T; label: string }[] {
  return values.map((value) => ({ value, label: issueLabel(name, value) }))
}

export const eventLabel = (k: EventKind) => issueLabel('event', k)

/** Element Plus tag type of a status. */
export function statusTagType(s: Status): 'primary' | 'success' | 'warning' | 'info' | 'danger' {
  switch (s) {
    case 'closed':
    case 'resolved':
      return 'success'
    case 'returned':
      return 'danger'
    case 'withdrawn':
      return 'info'
    case 'long_term':
      return 'warning'
    default:
      return 'primary'
  }
}

/** CSS colour of a flag (督办亮灯). */
export const FLAG_COLORS: Record<Flag, string> = { green: '#2e9e44', yellow: '#e6a23c', red: '#e23c39', black: '#303133' }

export function emptyLedgerQuery(): LedgerQuery {
  return {
    status: [],
    flag: [],
    department_id: null,
    category: null,
    source: null,
    tier: null,
    disposition: null,
    from: null,
    to: null,
    cadre_id: null,
    enterprise_id: null,
    street_id: null,
    batch_id: null,
    mine: false,
    text: null,
    sort: 'registered_on',
    desc: true,
    page: 1,
    page_size: 50,
    today: null,
  }
}

/** Fen as 万元 with up to two decimals, as the articles write amounts (授信1800万元). */
export function fenToWan(fen: number | null | undefined): string {
  if (fen == null) return ''
  return `${+(fen / 1_000_000).toFixed(2)}万元`
}

export type { IssueRules }
