import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { harness, byTestId, settle, typeInto } from '@/test/harness'
import { today } from '@/api/liaison'
import type { ActionKind } from '@/api/issueSteps'
import { DEPTS, ISSUE, RULES } from '@/test/issueFixtures'
import IssueActionDialog from './IssueActionDialog.vue'

const commands = vi.hoisted(() => ({
  departmentsAll: vi.fn(),
  industries: vi.fn(),
  issueRules: vi.fn(),
  issueBatches: vi.fn(),
  issueAct: vi.fn(),
}))
vi.mock('@/bindings', async (importOriginal) => ({ ...(await importOriginal<object>()), commands }))

let wrapper: VueWrapper | undefined

async function open(kind: ActionKind, issue: Record<string, unknown> = ISSUE) {
  const { plugins } = harness()
  wrapper = mount(IssueActionDialog, {
    props: { modelValue: true, kind, issue: issue as never },
    global: { plugins },
    attachTo: document.body,
  })
  await flushPromises()
  return wrapper
}

/** Types into an el-input-number the way the user does: input, then change on leaving it. */
function typeNumber(host: Element | null, value: string) {
  const input = host?.querySelector('input')
  if (!input) throw new Error('no number input')
  input.value = value
  input.dispatchEvent(new Event('input', { bubbles: true }))
  input.dispatchEvent(new Event('change', { bubbles: true }))
}

function clickRadio(group: string, label: string) {
  const radios = [...document.querySelectorAll(`[data-testid="${group}"] label.el-radio`)] as HTMLElement[]
  const r = radios.find((x) => x.textContent?.trim() === label)
  if (!r) throw new Error(`no radio ${label}`)
  r.querySelector('input')!.click()
}

beforeEach(() => {
  vi.resetAllMocks()
  commands.departmentsAll.mockResolvedValue(DEPTS)
  commands.industries.mockResolvedValue([])
  commands.issueRules.mockResolvedValue(RULES)
  commands.issueBatches.mockResolvedValue([])
  commands.issueAct.mockImplementation(async () => ({ ...ISSUE, status: 'resolved' }))
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

describe('IssueActionDialog', () => {
  it('resolves with the result, its kind and the amount in 万元 sent as whole fen', async () => {
    const w = await open('resolve')
    expect(byTestId('action-dialog')).not.toBeNull()
    expect(document.body.textContent).toContain('办结 · 2026-00042')
    typeInto(byTestId('action-field-result'), '协调农商行授信1800万元,已放款')
    clickRadio('action-field-result_kind', '部分解决')
    typeNumber(byTestId('action-field-amount_wan'), '1800')
    await flushPromises()
    byTestId('action-submit')!.click()
    await settle()
    expect(commands.issueAct).toHaveBeenCalledWith({
      id: 'i1',
      date: today(),
      action: { kind: 'resolve', result: '协调农商行授信1800万元,已放款', result_kind: 'partly', amount_fen: 1_800_000_000 },
    })
    expect(document.body.textContent).toContain('已办结')
    expect(w.emitted('done')?.[0]?.[0]).toMatchObject({ status: 'resolved' })
    expect(w.emitted('update:modelValue')?.[0]).toEqual([false])
  })

  it('asks for the reason of a return before calling the server', async () => {
    await open('return', { ...ISSUE, status: 'assigned' })
    byTestId('action-submit')!.click()
    await settle()
    expect(commands.issueAct).not.toHaveBeenCalled()
    expect(byTestId('err-reason')?.textContent).toContain('请填写退回理由')
  })

  it('shows a server validation error under its field', async () => {
    commands.issueAct.mockRejectedValue({ code: 'validation', message: '没有编号为“2026-09999”的问题', field: 'duplicate_of' })
    const w = await open('withdraw', { ...ISSUE, status: 'registered' })
    typeInto(byTestId('action-field-duplicate_of'), '2026-09999')
    typeInto(byTestId('action-field-reason'), '与另一件重复登记')
    await flushPromises()
    byTestId('action-submit')!.click()
    await settle()
    expect(commands.issueAct.mock.calls[0][0].action).toEqual({
      kind: 'withdraw',
      withdraw_kind: 'duplicate',
      duplicate_of: '2026-09999',
      reason: '与另一件重复登记',
    })
    expect(byTestId('err-duplicate_of')?.textContent).toContain('没有编号为“2026-09999”的问题')
    expect(byTestId('action-error')).toBeNull()
    expect(w.emitted('done')).toBeUndefined()
  })

  it('files the amount error (sent in fen) under the 万元 field', async () => {
    commands.issueAct.mockRejectedValue({ code: 'validation', message: '金额不能为负数', field: 'amount_fen' })
    await open('resolve')
    typeInto(byTestId('action-field-result'), '已解决')
    await flushPromises()
    byTestId('action-submit')!.click()
    await settle()
    expect(byTestId('err-amount_wan')?.textContent).toContain('金额不能为负数')
  })

  it('shows an illegal step in the alert and stays open', async () => {
    commands.issueAct.mockRejectedValue({ code: 'transition', message: '问题 2026-00042 尚未签收,请责任单位先签收再办结', field: null })
    const w = await open('resolve')
    typeInto(byTestId('action-field-result'), '已解决')
    await flushPromises()
    byTestId('action-submit')!.click()
    await settle()
    expect(byTestId('action-error')?.textContent).toContain('尚未签收')
    expect(w.emitted('update:modelValue')).toBeUndefined()
  })

  it('assigns to a lead department with the tier default shown, or an explicit deadline', async () => {
    const w = await open('assign', { ...ISSUE, status: 'registered', lead_department_id: null })
    await settle()
    const days = byTestId('action-field-days')?.querySelector('input')
    expect(days?.getAttribute('placeholder')).toBe('默认7个工作日')
    byTestId('action-submit')!.click()
    await settle()
    expect(byTestId('err-lead_department_id')?.textContent).toContain('请选择牵头单位')
    expect(commands.issueAct).not.toHaveBeenCalled()

    const vm = w.findComponent({ name: 'ElForm' }).props('model') as Record<string, unknown>
    vm.lead_department_id = 'd1'
    vm.assisting = ['d2', 'd1']
    vm.deadline = '2026-04-30'
    await flushPromises()
    byTestId('action-submit')!.click()
    await settle()
    expect(commands.issueAct.mock.calls[0][0].action).toEqual({
      kind: 'assign',
      lead_department_id: 'd1',
      assisting: ['d2'],
      days: null,
      deadline: '2026-04-30',
      batch_id: null,
      note: null,
    })
    expect(document.body.textContent).toContain('已交办')
  })

  it('warns that 不满意 reopens, and sends the satisfaction', async () => {
    commands.issueAct.mockResolvedValue({ ...ISSUE, status: 'in_progress', reopens: 1 })
    await open('feedback', { ...ISSUE, status: 'resolved' })
    expect(byTestId('action-warning')).toBeNull()
    clickRadio('action-field-satisfaction', '不满意')
    await flushPromises()
    expect(byTestId('action-warning')?.textContent).toContain('自动重新办理')
    typeInto(byTestId('action-field-feedback'), '贷款利率偏高')
    await flushPromises()
    byTestId('action-submit')!.click()
    await settle()
    expect(commands.issueAct.mock.calls[0][0].action).toEqual({
      kind: 'feedback',
      feedback: '贷款利率偏高',
      satisfaction: 'unsatisfied',
      days: null,
    })
    expect(document.body.textContent).toContain('评价为不满意,问题已重新办理')
  })

  it('submits on Ctrl+Enter', async () => {
    await open('accept', { ...ISSUE, status: 'assigned' })
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true }))
    await settle()
    expect(commands.issueAct.mock.calls[0][0]).toEqual({ id: 'i1', date: today(), action: { kind: 'accept', note: null } })
  })
})
