import {
  FIRST_LEDGER_QUERY,
  ISSUE_VALUES,
  OPEN_STATUSES as OPEN,
  type Flag,
  type IssueRules,
  type LedgerQuery,
  type Source,
  type Status,
  type Tier,
  type Disposition,
  type Satisfaction,
  type ResultKind,
  type EventKind,
} from '@/bindings'
import { i18n } from '@/i18n'

// The issue vocabularies in the order pickers list them, generated from core's enums; their
// zh-CN labels are generated too (i18n `issueEnums`), the English ones are written there.
export const ISSUE_STATUSES: readonly Status[] = ISSUE_VALUES.status
export const OPEN_STATUSES: readonly Status[] = OPEN
export const SOURCES: readonly Source[] = ISSUE_VALUES.source
export const TIERS: readonly Tier[] = ISSUE_VALUES.tier
export const DISPOSITIONS: readonly Disposition[] = ISSUE_VALUES.disposition
export const FLAGS: readonly Flag[] = ISSUE_VALUES.flag
export const SATISFACTIONS: readonly Satisfaction[] = ISSUE_VALUES.satisfaction
export const RESULT_KINDS: readonly ResultKind[] = ISSUE_VALUES.result_kind

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

export function issueOptions<T extends string>(name: IssueEnum, values: readonly T[]): { value: T; label: string }[] {
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

/** The ledger as it opens (core's `LedgerQuery::first_page`), a fresh copy to change. */
export function emptyLedgerQuery(): LedgerQuery {
  return structuredClone(FIRST_LEDGER_QUERY) as unknown as LedgerQuery
}

/** Fen as 万元 with up to two decimals, as the articles write amounts (授信1800万元). */
export function fenToWan(fen: number | null | undefined): string {
  if (fen == null) return ''
  return `${+(fen / 1_000_000).toFixed(2)}万元`
}

export type { IssueRules }
