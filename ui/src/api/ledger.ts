import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { DayKind, Disposition, Flag, LedgerQuery, LedgerSort, Source, Status, Tier, Without } from '@/bindings'
import { DISPOSITIONS, FLAGS, ISSUE_STATUSES, SOURCES, TIERS, emptyLedgerQuery } from '@/api/issues'
import { orNull, pick } from '@/api/format'
import { one, oneOf } from '@/api/routeQuery'
import { DEFAULT_PAGE_SIZE, PAGE_SIZES } from '@/api/queries'

/** What the ledger's filter bar sets: the query without sort, paging and the flag day. */
export interface LedgerFilters {
  status: Status[]
  flag: Flag[]
  department_id: string
  category: string
  source: Source | ''
  tier: Tier | ''
  disposition: Disposition | ''
  from: string
  to: string
  cadre_id: string
  enterprise_id: string
  street_id: string
  batch_id: string
  mine: boolean
  text: string
  /** Open past the deadline (办理统计's 超期). */
  overdue: boolean
  /** Without a lead department, cadre or street (办理统计's 未交办 line). */
  without: Without | ''
}

export const WITHOUTS: Without[] = ['lead_department', 'cadre', 'street']

export const emptyFilters = (): LedgerFilters => ({
  status: [],
  flag: [],
  department_id: '',
  category: '',
  source: '',
  tier: '',
  disposition: '',
  from: '',
  to: '',
  cadre_id: '',
  enterprise_id: '',
  street_id: '',
  batch_id: '',
  mine: false,
  text: '',
  overdue: false,
  without: '',
})

/** The ledger's order and page besides its filters. */
export interface LedgerView {
  sort: LedgerSort
  desc: boolean
  page: number
  pageSize: number
}

export const DEFAULT_VIEW: LedgerView = { sort: 'registered_on', desc: true, page: 1, pageSize: DEFAULT_PAGE_SIZE }

export const LEDGER_SORTS: LedgerSort[] = ['registered_on', 'no', 'deadline', 'resolved_on', 'status', 'category', 'tier']

/** The command's query for these filters and this page. */
export function ledgerQuery(f: LedgerFilters, v: LedgerView): LedgerQuery {
  return {
    ...emptyLedgerQuery(),
    status: [...f.status],
    flag: [...f.flag],
    department_id: pick(f.department_id),
    category: pick(f.category),
    source: pick(f.source),
    tier: pick(f.tier),
    disposition: pick(f.disposition),
    from: pick(f.from),
    to: pick(f.to),
    cadre_id: pick(f.cadre_id),
    enterprise_id: pick(f.enterprise_id),
    street_id: pick(f.street_id),
    batch_id: pick(f.batch_id),
    mine: f.mine,
    text: orNull(f.text),
    overdue: f.overdue,
    without: pick(f.without),
    sort: v.sort,
    desc: v.desc,
    page: v.page,
    page_size: v.pageSize,
  }
}

/** The filter bar's state for a query core made (a figure's ledger). */
export function filtersOf(q: LedgerQuery): LedgerFilters {
  const s = (v: string | null | undefined) => v ?? ''
  return {
    status: [...(q.status ?? [])],
    flag: [...(q.flag ?? [])],
    department_id: s(q.department_id),
    category: s(q.category),
    source: q.source ?? '',
    tier: q.tier ?? '',
    disposition: q.disposition ?? '',
    from: s(q.from),
    to: s(q.to),
    cadre_id: s(q.cadre_id),
    enterprise_id: s(q.enterprise_id),
    street_id: s(q.street_id),
    batch_id: s(q.batch_id),
    mine: q.mine ?? false,
    text: s(q.text),
    overdue: q.overdue ?? false,
    without: q.without ?? '',
  }
}

/** How many filters differ from none, for the reset button's badge. */
export function activeFilterCount(f: LedgerFilters): number {
  const e = emptyFilters() as unknown as Record<string, unknown>
  return Object.entries(f).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(e[k])).length
}

// ---- the address bar: /issues?status=registered,assigned&flag=red&department_id=… ----

const TEXT_KEYS = ['department_id', 'category', 'from', 'to', 'cadre_id', 'enterprise_id', 'street_id', 'batch_id', 'text'] as const

/** `a,b` or `x=a&x=b`, keeping only the values `allowed` knows. */
function many<T extends string>(v: LocationQuery[string] | undefined, allowed: readonly T[]): T[] {
  const parts = (Array.isArray(v) ? v : [v]).flatMap((s) => (typeof s === 'string' ? s.split(',') : []))
  const out: T[] = []
  for (const p of parts.map((s) => s.trim())) {
    if ((allowed as readonly string[]).includes(p) && !out.includes(p as T)) out.push(p as T)
  }
  return out
}

function positive(v: LocationQuery[string] | undefined, fallback: number): number {
  const n = Number.parseInt(one(v), 10)
  return Number.isFinite(n) && n > 0 ? n : fallback
}

/** The filters and view an address asks for; anything it does not name is off or default. */
export function fromRouteQuery(q: LocationQuery): { filters: LedgerFilters; view: LedgerView } {
  const filters = emptyFilters()
  for (const k of TEXT_KEYS) filters[k] = one(q[k])
  filters.status = many(q.status, ISSUE_STATUSES)
  filters.flag = many(q.flag, FLAGS)
  filters.source = oneOf(q.source, SOURCES)
  filters.tier = oneOf(q.tier, TIERS)
  filters.disposition = oneOf(q.disposition, DISPOSITIONS)
  filters.mine = one(q.mine) === '1' || one(q.mine) === 'true'
  filters.overdue = one(q.overdue) === '1' || one(q.overdue) === 'true'
  filters.without = oneOf(q.without, WITHOUTS)
  const size = positive(q.size, DEFAULT_VIEW.pageSize)
  const view: LedgerView = {
    sort: oneOf(q.sort, LEDGER_SORTS) || DEFAULT_VIEW.sort,
    desc: q.desc === undefined ? DEFAULT_VIEW.desc : one(q.desc) === '1',
    page: positive(q.page, 1),
    pageSize: PAGE_SIZES.includes(size) ? size : DEFAULT_VIEW.pageSize,
  }
  return { filters, view }
}

/** The address for these filters and view, naming only what is not the default. */
export function toRouteQuery(f: LedgerFilters, v: LedgerView = DEFAULT_VIEW): LocationQueryRaw {
  const q: Record<string, string> = {}
  if (f.status.length) q.status = f.status.join(',')
  if (f.flag.length) q.flag = f.flag.join(',')
  for (const k of TEXT_KEYS) if (f[k].trim()) q[k] = f[k].trim()
  if (f.source) q.source = f.source
  if (f.tier) q.tier = f.tier
  if (f.disposition) q.disposition = f.disposition
  if (f.mine) q.mine = '1'
  if (f.overdue) q.overdue = '1'
  if (f.without) q.without = f.without
  if (v.sort !== DEFAULT_VIEW.sort || v.desc !== DEFAULT_VIEW.desc) {
    q.sort = v.sort
    q.desc = v.desc ? '1' : '0'
  }
  if (v.page !== 1) q.page = String(v.page)
  if (v.pageSize !== DEFAULT_VIEW.pageSize) q.size = String(v.pageSize)
  return q
}

// ---- columns and saved filters, kept in this computer's localStorage ----

/** The ledger's columns in table order; 编号 is always shown. */
export const LEDGER_COLUMNS = [
  'registered_on',
  'source',
  'subject',
  'category',
  'tier',
  'content',
  'lead_department',
  'deadline',
  'status',
  'flag',
  'taken_by',
  'satisfaction',
  'resolved_on',
  'working_days',
] as const
export type LedgerColumn = (typeof LEDGER_COLUMNS)[number]

export const COLUMNS_KEY = 'lianxin.ledger.hiddenColumns'
export const SAVED_FILTERS_KEY = 'lianxin.ledger.savedFilters'

export interface SavedFilter {
  name: string
  filters: LedgerFilters
}

/** A saved filter set as read back: unknown keys dropped, missing ones off. */
export function normalizeSaved(raw: unknown): SavedFilter[] {
  if (!Array.isArray(raw)) return []
  return raw
    .filter((s): s is { name: string; filters: Record<string, unknown> } => {
      return typeof s?.name === 'string' && typeof s?.filters === 'object' && s.filters !== null
    })
    .map((s) => {
      const base = emptyFilters() as unknown as Record<string, unknown>
      for (const k of Object.keys(base)) {
        if (k in s.filters && typeof s.filters[k] === typeof base[k]) base[k] = s.filters[k]
      }
      return { name: s.name, filters: base as unknown as LedgerFilters }
    })
}

// ---- working days left, from the calendar the backend ships ----

const WORKED: DayKind[] = ['workday', 'makeup_workday']

/**
 * Working days from `today` to `deadline`: 0 when due today, negative when overdue (the
 * working days since). `worked(date)` says whether a day is worked; null if it is unknown.
 */
export function workdaysLeft(today: string, deadline: string, worked: (date: string) => boolean | null): number | null {
  if (deadline === today) return 0
  const [a, b, sign] = deadline > today ? [today, deadline, 1] : [deadline, today, -1]
  let n = 0
  const d = new Date(`${a}T00:00:00Z`)
  for (;;) {
    d.setUTCDate(d.getUTCDate() + 1)
    const s = d.toISOString().slice(0, 10)
    if (s > b) break
    const w = worked(s)
    if (w === null) return null
    if (w) n++
  }
  return sign * n
}

/** A lookup of worked days from calendar years: `{date, kind}` lists. */
export function workedLookup(days: { date: string; kind: DayKind }[]): (date: string) => boolean | null {
  const m = new Map(days.map((d) => [d.date, WORKED.includes(d.kind)]))
  return (date) => m.get(date) ?? null
}
