// An issue, the rules and two departments, as the issue page's tests mock the commands with.
import type { Department, EventData, EventKind, Issue, IssueEvent, IssueRules } from '@/bindings'

export const ISSUE: Issue = {
  id: 'i1',
  no: '2026-00042',
  source: 'visit',
  enterprise_id: 'e1',
  reporter_name: null,
  reporter_phone: null,
  street_id: null,
  category: '融资',
  tier: 'regular',
  disposition: null,
  content: '企业流动资金紧张,希望协调银行授信',
  taken_by: null,
  registered_on: '2026-03-01',
  registered_by: '李四',
  status: 'in_progress',
  lead_department_id: 'd1',
  assisting: [],
  batch_id: null,
  assigned_on: '2026-03-02',
  deadline: '2026-03-10',
  accepted_on: '2026-03-03',
  extension_days: null,
  extensions: 0,
  reminders: 0,
  reopens: 0,
  resolved_on: null,
  result: null,
  result_kind: null,
  amount_fen: null,
  working_days: null,
  on_time: null,
  feedback: null,
  satisfaction: null,
  closed_on: null,
  lookback_on: null,
  lookback_result: null,
  withdraw_kind: null,
  duplicate_of: null,
  hotline_no: null,
  project_id: null,
  created_at: '',
  updated_at: '',
}
export const RULES: IssueRules = { categories: ['融资'], days_general: 1, days_regular: 7, days_major: 30, yellow_days: 2, black_days: 10, black_reopens: 2, lookback_days: 90 }
export const DEPTS: Department[] = [
  { id: 'd1', name: '区发改局', kind: 'function', parent_id: null, phone: null, sort_order: 0, active: true, created_at: '', updated_at: '' },
  { id: 'd2', name: '区金融办', kind: 'function', parent_id: null, phone: null, sort_order: 1, active: true, created_at: '', updated_at: '' },
]


/** A timeline event with its particulars as the server writes them (JSON text). */
export function event(kind: EventKind, on_date: string, data: object = {}, note: string | null = null): IssueEvent {
  return { id: `${kind}-${on_date}`, issue_id: ISSUE.id, kind, on_date, actor: '李四', note, data: { step: kind, ...data } as unknown as EventData, created_at: '', updated_at: '' }
}
