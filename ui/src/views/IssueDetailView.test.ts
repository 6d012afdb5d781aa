// The issue page: the steps its status allows, the details and the timeline.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import type { ActionKind, Issue, IssueDetail, Steps } from '@/bindings'
import { harness, byTestId, settle } from '@/test/harness'
import { DEPTS, ISSUE, RULES, event } from '@/test/issueFixtures'
import IssueDetailView from './IssueDetailView.vue'

const commands = vi.hoisted(() => ({
  issueDetail: vi.fn(),
  departmentsAll: vi.fn(),
  industries: vi.fn(),
  issueRules: vi.fn(),
  issueBatches: vi.fn(),
  issueAct: vi.fn(),
}))
vi.mock('@/bindings', async (importOriginal) => ({ ...(await importOriginal<object>()), commands }))

function detail(issue: Partial<Issue>, more: Partial<IssueDetail> = {}): IssueDetail {
  return {
    issue: { ...ISSUE, ...issue },
    flag: null,
    enterprise_name: '湘潭电机',
    street_name: '九华街道',
    lead_department: '区发改局',
    assisting_names: [],
    taken_by_name: '游志华',
    batch_no: null,
    duplicate_of_no: null,
    days_so_far: null,
    steps: { next: [], other: [], blocked: [] },
    events: [],
    ...more,
  }
}

/** The steps core's state machine gives for these states (crates/core/src/model/issue/machine.rs). */
const steps = (next: ActionKind[], other: ActionKind[], blocked: Steps['blocked'] = []): Steps => ({ next, other, blocked })
const ASSIGNED = steps(['accept', 'return'], ['remind', 'request_extension', 'escalate', 'withdraw'])

let wrapper: VueWrapper | undefined

async function show(d: IssueDetail) {
  commands.issueDetail.mockResolvedValue(d)
  const { plugins, router } = harness()
  await router.push('/issues/i1')
  wrapper = mount(IssueDetailView, { props: { id: 'i1' }, global: { plugins }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

/** The step buttons shown outside the 更多 menu, by their text. */
const buttons = () => [...document.querySelectorAll('[data-testid="issue-steps"] .el-button')].map((b) => b.textContent?.trim()).filter(Boolean)

beforeEach(() => {
  vi.resetAllMocks()
  commands.departmentsAll.mockResolvedValue(DEPTS)
  commands.industries.mockResolvedValue([])
  commands.issueRules.mockResolvedValue(RULES)
  commands.issueBatches.mockResolvedValue([])
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

describe('issue detail', () => {
  it('offers 签收 and 退回 for an assigned issue, with the rest under 更多', async () => {
    await show(detail({ status: 'assigned' }, { flag: 'red', days_so_far: 6, steps: ASSIGNED }))
    expect(commands.issueDetail).toHaveBeenCalledWith('i1')
    expect(byTestId('issue-no')?.textContent).toBe('2026-00042')
    expect(byTestId('issue-status')?.textContent?.trim()).toBe('待签收')
    expect(byTestId('issue-flag')?.textContent?.trim()).toBe('红灯')
    expect(buttons()).toEqual(['签收', '退回', '更多'])
    expect(byTestId('action-accept')?.classList.contains('el-button--primary')).toBe(true)
    expect(byTestId('action-resolve')).toBeNull()
    expect(document.body.textContent).toContain('已用6个工作日')
    expect(byTestId('issue-enterprise')?.getAttribute('href')).toContain('/enterprises/e1')
    expect(byTestId('issue-content')?.textContent).toContain('希望协调银行授信')

    byTestId('action-more')!.click()
    await settle()
    const more = [...document.querySelectorAll('.el-dropdown-menu [data-testid^="action-"]')].map((e) => e.textContent?.trim())
    expect(more).toEqual(['催办', '申请延期', '提级', '撤销'])
    byTestId('action-withdraw')!.click()
    await settle()
    expect(document.body.textContent).toContain('撤销 · 2026-00042')
    expect(byTestId('action-field-duplicate_of')).not.toBeNull()
  })

  it('offers 反馈评价 and 销号 for a resolved issue, 销号 only after a good evaluation', async () => {
    const waiting = steps(['feedback'], ['reopen'], [{ kind: 'close', reason: '问题 2026-00042 尚未反馈评价,不能销号' }])
    await show(detail({ status: 'resolved', result: '已放款', resolved_on: '2026-03-09', amount_fen: 1_800_000_000, on_time: true }, { steps: waiting }))
    expect(buttons()).toEqual(['反馈评价', '销号', '更多'])
    expect(byTestId('action-feedback')?.classList.contains('el-button--primary')).toBe(true)
    expect((byTestId('action-close') as HTMLButtonElement).disabled).toBe(true)
    expect(byTestId('action-close')?.getAttribute('title')).toBe('问题 2026-00042 尚未反馈评价,不能销号')
    expect(byTestId('issue-amount')?.textContent).toBe('1800万元')
    wrapper!.unmount()
    document.body.innerHTML = ''

    await show(detail({ status: 'resolved', result: '已放款', satisfaction: 'satisfied' }, { steps: steps(['close', 'feedback'], ['reopen']) }))
    expect(buttons()).toEqual(['销号', '反馈评价', '更多'])
    expect((byTestId('action-close') as HTMLButtonElement).disabled).toBe(false)
  })

  it('puts a pending extension first, and shows no steps for a withdrawn issue', async () => {
    await show(
      detail({ status: 'in_progress', extension_days: 5 }, { steps: steps(['decide_extension', 'resolve', 'remind'], ['long_term', 'escalate']) }),
    )
    expect(buttons()).toEqual(['审批延期', '办结', '催办', '更多'])
    expect(document.body.textContent).toContain('申请延期5个工作日,待审批')
    wrapper!.unmount()
    document.body.innerHTML = ''

    await show(detail({ status: 'withdrawn', withdraw_kind: 'duplicate', duplicate_of: 'i0' }, { duplicate_of_no: '2026-00007' }))
    expect(buttons()).toEqual([])
    expect(byTestId('issue-duplicate')?.textContent?.trim()).toBe('2026-00007')
    expect(byTestId('issue-duplicate')?.getAttribute('href')).toContain('/issues/i0')
  })

  it('shows each step of the timeline with its particulars made readable', async () => {
    await show(
      detail(
        { status: 'closed' },
        {
          events: [
            event('register', '2026-03-01', { source: 'visit', tier: 'regular' }),
            event('assign', '2026-03-02', { department: 'd1', assisting: ['d2'], deadline: '2026-03-10' }, '请三日内对接'),
            event('request_extension', '2026-03-05', { days: 5 }, '银行审批流程较长'),
            event('resolve', '2026-03-09', { result_kind: 'solved', amount_fen: 1_800_000_000, working_days: 5 }, '授信1800万元'),
            event('feedback', '2026-03-12', { satisfaction: 'satisfied' }),
            event('close', '2026-03-13', { lookback_on: '2026-06-11' }),
          ],
        },
      ),
    )
    await settle()
    const tl = byTestId('timeline')!
    const items = tl.querySelectorAll('.el-timeline-item')
    expect(items).toHaveLength(6)
    // Oldest first.
    expect(items[0].textContent).toContain('登记')
    expect(items[0].textContent).toContain('2026-03-01')
    expect(items[0].textContent).toContain('来源 走访收集')
    const assign = byTestId('event-assign')!.textContent
    expect(assign).toContain('交办')
    expect(assign).toContain('李四')
    expect(assign).toContain('牵头单位 区发改局')
    expect(assign).toContain('配合单位 区金融办')
    expect(assign).toContain('期限 2026-03-10')
    expect(assign).toContain('请三日内对接')
    expect(byTestId('event-request_extension')!.textContent).toContain('延期5个工作日')
    const resolve = byTestId('event-resolve')!.textContent
    expect(resolve).toContain('结果类型 已解决')
    expect(resolve).toContain('涉及金额 1800万元')
    expect(resolve).toContain('用时5个工作日')
    expect(byTestId('event-feedback')!.textContent).toContain('满意度 满意')
    expect(byTestId('event-close')!.textContent).toContain('回头看日期 2026-06-11')
  })

  it('opens the step dialog from a button and reloads the page after the step', async () => {
    commands.issueAct.mockResolvedValue({ ...ISSUE, status: 'in_progress' })
    await show(detail({ status: 'assigned' }, { steps: ASSIGNED }))
    byTestId('action-accept')!.click()
    await flushPromises()
    expect(byTestId('action-dialog')).not.toBeNull()
    expect(document.body.textContent).toContain('签收 · 2026-00042')
    commands.issueDetail.mockResolvedValue(detail({ status: 'in_progress' }))
    byTestId('action-submit')!.click()
    await settle()
    expect(commands.issueAct.mock.calls[0][0].action).toEqual({ kind: 'accept', note: null })
    expect(commands.issueDetail).toHaveBeenCalledTimes(2)
    expect(byTestId('issue-status')?.textContent?.trim()).toBe('办理中')
    expect(document.body.textContent).toContain('已签收')
  })

  it('says so when the issue cannot be read', async () => {
    commands.issueDetail.mockRejectedValue({ code: 'not_found', message: '问题“x”不存在', field: null })
    const { plugins } = harness()
    wrapper = mount(IssueDetailView, { props: { id: 'x' }, global: { plugins }, attachTo: document.body })
    await flushPromises()
    expect(byTestId('issue-error')?.textContent).toContain('不存在')
  })
})
