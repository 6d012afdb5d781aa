import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { ElSelect } from 'element-plus'
import { harness, byTestId, settle } from '@/test/harness'
import { chooseFile as chooseIn } from './importTesting'
import { channels } from './progressChannelMock'
import type { IssueImportReport, LedgerQuery } from '@/bindings'
import IssueImportDialog from './IssueImportDialog.vue'
import LedgerIoMenu from './LedgerIoMenu.vue'

const commands = vi.hoisted(() => ({
  issueImportPreview: vi.fn(),
  issueImportRecheck: vi.fn(),
  issueImportCommit: vi.fn(),
  importCancel: vi.fn(),
  exportIssues: vi.fn(),
}))
vi.mock('@/bindings', async (importOriginal) => ({ ...(await importOriginal<object>()), commands }))

// The progress channel: the test plays the Rust side through `channels`.
vi.mock('@tauri-apps/api/core', () => import('./progressChannelMock'))
const dialog = vi.hoisted(() => ({ save: vi.fn() }))
vi.mock('@tauri-apps/plugin-dialog', () => dialog)

function report(over: Partial<IssueImportReport> = {}): IssueImportReport {
  return {
    sheet: '台账',
    mapping: { header_row: 3, columns: [null, 'registered_on', 'enterprise', 'content', 'category', 'status'] },
    columns: [
      { index: 0, header: '序号', field: null },
      { index: 1, header: '反映时间', field: 'registered_on' },
      { index: 2, header: '企业名称', field: 'enterprise' },
      { index: 3, header: '问题描述', field: 'content' },
      { index: 4, header: '问题类别', field: 'category' },
      { index: 5, header: '办理状态', field: 'status' },
    ],
    fields: ['content', 'no', 'registered_on', 'enterprise', 'category', 'status', 'lead'],
    total_rows: 152,
    new_rows: 150,
    invalid_rows: 1,
    existing_rows: 1,
    renumbered_rows: 0,
    new_departments: 0,
    statuses: [
      { status: 'in_progress', rows: 30 },
      { status: 'closed', rows: 120 },
    ],
    problems: [{ row: 17, column: '反映时间', field: null, message: '“2025-13-40”不是有效的日期', warning: false }],
    problems_total: 1,
    warnings_total: 0,
    existing: [{ row: 9, name: '湘潭电机', matched_by: 'no' }],
    missing: [],
    left_out: [],
    year: null,
    year_from: null,
    yearless_dates: 0,
    repeats: [],
    repeat_rows: 0,
    committed: false,
    ...over,
  }
}

let wrapper: VueWrapper | undefined

async function open() {
  const { plugins } = harness()
  wrapper = mount(IssueImportDialog, { props: { modelValue: true }, global: { plugins }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

const chooseFile = (name: string, text: string) => chooseIn('issue-import-file', name, text)

const commitButton = () => byTestId('issue-import-commit') as HTMLButtonElement
const tick = async (id: string) => {
  ;(byTestId(id)!.querySelector('input') as HTMLInputElement).click()
  await settle()
}

beforeEach(() => {
  vi.resetAllMocks()
  channels.length = 0
  commands.issueImportPreview.mockResolvedValue(report())
  commands.issueImportRecheck.mockResolvedValue(report())
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

describe('IssueImportDialog', () => {
  it('previews the chosen file: counts, statuses, columns, and the problem at its row, which blocks the import', async () => {
    await open()
    expect(byTestId('issue-import-dialog')).not.toBeNull()
    await chooseFile('2025年问题台账.csv', 'ab')
    expect(commands.issueImportPreview).toHaveBeenCalledWith('2025年问题台账.csv', [97, 98], {
      mapping: null,
      create_missing: false,
      skip_invalid: false,
      year: null,
      link_repeats: false,
    })
    expect(byTestId('issue-import-year'), 'no year asked when every date has one').toBeNull()
    const summary = byTestId('issue-import-summary')!.textContent!
    expect(summary).toContain('共 152 行')
    expect(summary).toContain('新增 150')
    expect(summary).toContain('已存在 1 跳过')
    expect(summary).toContain('有问题 1 行')
    expect(summary).not.toContain('重新编号')
    // The biggest share first, by the statuses' labels.
    expect(byTestId('issue-import-statuses')!.textContent!.replace(/\s+/g, ' ')).toMatch(/已销号 120.*办理中 30/)
    expect(byTestId('issue-import-mapping')!.textContent).toContain('反映时间')

    const problems = byTestId('issue-import-problems')!
    const cells = [...problems.querySelectorAll('tbody tr:first-child td')].map((td) => td.textContent!.trim())
    expect(cells).toEqual(['17', '反映时间', '“2025-13-40”不是有效的日期'])
    expect(commitButton().disabled).toBe(true)
    expect(document.body.textContent).toContain('跳过有问题的行')
    expect(byTestId('issue-import-file'), 'the input stays in the DOM').not.toBeNull()
  })

  it('marks warnings 提示 and does not block on them', async () => {
    commands.issueImportPreview.mockResolvedValue(
      report({
        invalid_rows: 0,
        renumbered_rows: 1,
        problems: [{ row: 8, column: '编号', field: null, message: '编号“2025-1”与第5行的编号相同,改用新编号', warning: true }],
        problems_total: 0,
        warnings_total: 1,
      }),
    )
    await open()
    await chooseFile('台账.xlsx', 'x')
    expect(byTestId('issue-import-problems')!.textContent).toContain('提示')
    expect(byTestId('issue-import-summary')!.textContent).toContain('重新编号 1')
    expect(commitButton().disabled).toBe(false)
  })

  it('rechecks when skipping is ticked, then imports with skip_invalid, the bar following the progress', async () => {
    const w = await open()
    await chooseFile('台账.xlsx', 'x')
    await tick('issue-import-skip')
    expect(commands.issueImportRecheck).toHaveBeenLastCalledWith(expect.objectContaining({ skip_invalid: true }))
    expect(commitButton().disabled).toBe(false)

    let finish!: (r: IssueImportReport) => void
    commands.issueImportCommit.mockReturnValue(new Promise((r) => (finish = r)))
    commitButton().click()
    await flushPromises()
    expect(commands.issueImportCommit).toHaveBeenCalledWith(
      { mapping: report().mapping, create_missing: false, skip_invalid: true, year: null, link_repeats: false },
      channels[0],
    )
    expect(byTestId('issue-import-progress')?.textContent).toContain('0%')
    channels[0].onmessage({ done: 76, total: 152 })
    await flushPromises()
    expect(byTestId('issue-import-progress')?.textContent).toContain('50%')
    channels[0].onmessage({ done: 152, total: 152 })
    await flushPromises()
    expect(byTestId('issue-import-progress')?.textContent).toContain('100%')

    finish(report({ committed: true }))
    await settle()
    expect(byTestId('issue-import-result')?.textContent).toContain('已导入150条问题')
    expect(document.body.querySelector('.el-message')?.textContent).toContain('已导入150条问题')
    expect(w.emitted('done')?.[0]?.[0]).toMatchObject({ committed: true, new_rows: 150 })
    byTestId('issue-import-done')!.click()
    await flushPromises()
    expect(w.emitted('update:modelValue')?.at(-1)).toEqual([false])
  })

  it('rechecks with a changed column and with departments to create', async () => {
    commands.issueImportPreview.mockResolvedValue(report({ missing: [{ kind: 'function', name: '高新区城管局', parent: null, rows: 4 }] }))
    const w = await open()
    await chooseFile('台账.xlsx', 'x')
    expect(document.body.textContent).toContain('高新区城管局')
    await tick('issue-import-create-missing')
    expect(commands.issueImportRecheck).toHaveBeenLastCalledWith(expect.objectContaining({ create_missing: true }))
    const select = w.findAllComponents(ElSelect).find((s) => s.vm.$attrs['data-testid'] === 'issue-import-map-0')!
    select.vm.$emit('change', 'content')
    await settle()
    expect(commands.issueImportRecheck).toHaveBeenLastCalledWith(
      expect.objectContaining({
        mapping: { header_row: 3, columns: ['content', 'registered_on', 'enterprise', null, 'category', 'status'] },
      }),
    )
  })

  it('asks once for the year of dates written without one, showing where core found it', async () => {
    commands.issueImportPreview.mockResolvedValue(report({ yearless_dates: 40, year: 2022, year_from: 'title' }))
    const w = await open()
    await chooseFile('台账.xlsx', 'x')
    const line = byTestId('issue-import-year')!.textContent!.replace(/\s+/g, '')
    expect(line).toContain('40处日期没有年份')
    expect(line).toContain('取自表格标题')
    const input = w.findAllComponents({ name: 'ElInputNumber' }).find((c) => c.attributes('data-testid') === 'issue-import-year-input')!
    expect(input.props('modelValue')).toBe(2022)
    input.vm.$emit('change', 2023)
    await settle()
    expect(commands.issueImportRecheck).toHaveBeenLastCalledWith(expect.objectContaining({ year: 2023 }))
  })

  it('groups repeated 12345 complaints and links them when asked', async () => {
    const repeats = [{ first_row: 2, first_hotline_no: 'GD1', text: '小区门口路灯不亮', by: 'phone' as const, key: '13807310001', rows: [4, 5] }]
    commands.issueImportPreview.mockResolvedValue(report({ repeats, repeat_rows: 2 }))
    await open()
    await chooseFile('12345.xlsx', 'x')
    expect(byTestId('issue-import-repeats')!.textContent).toContain('第2行“小区门口路灯不亮”,又见第4、5行')
    await tick('issue-import-link-repeats')
    expect(commands.issueImportRecheck).toHaveBeenLastCalledWith(expect.objectContaining({ link_repeats: true }))
  })

  it('cancels a running import and goes back to the preview', async () => {
    commands.issueImportPreview.mockResolvedValue(report({ invalid_rows: 0, problems: [], problems_total: 0 }))
    const w = await open()
    await chooseFile('台账.xlsx', 'x')
    let fail!: (e: unknown) => void
    commands.issueImportCommit.mockReturnValue(new Promise((_, reject) => (fail = reject)))
    commitButton().click()
    await flushPromises()
    byTestId('issue-import-cancel')!.click()
    await flushPromises()
    expect(commands.importCancel).toHaveBeenCalled()
    fail({ code: 'cancelled', message: '已取消', field: null })
    await settle()
    expect(byTestId('issue-import-summary')).not.toBeNull()
    expect(document.body.textContent).toContain('已取消,未导入任何问题')
    expect(w.emitted('done')).toBeUndefined()
  })

  it('shows a failed preview with its message', async () => {
    commands.issueImportPreview.mockRejectedValue({ code: 'invalid', message: '文件不是 Excel 或 CSV', field: null })
    await open()
    await chooseFile('台账.docx', 'x')
    expect(document.body.textContent).toContain('文件不是 Excel 或 CSV')
    expect(byTestId('issue-import-summary')).toBeNull()
  })
})

describe('LedgerIoMenu', () => {
  it('exports every page of the ledger as filtered, under a dated default name', async () => {
    const { plugins } = harness()
    const query: LedgerQuery = { status: ['closed'], text: '停车', sort: 'registered_on', desc: true, page: 4, page_size: 50 }
    wrapper = mount(LedgerIoMenu, { props: { query }, global: { plugins }, attachTo: document.body })
    dialog.save.mockResolvedValue('/home/u/问题台账.xlsx')
    commands.exportIssues.mockResolvedValue({ rows: 321, path: '/home/u/问题台账.xlsx' })
    const vm = wrapper.vm as unknown as { exportAs: (f: string) => Promise<void> }
    await vm.exportAs('xlsx')
    await flushPromises()
    expect(dialog.save.mock.calls[0][0].defaultPath).toMatch(/^问题台账-\d{8}\.xlsx$/)
    expect(commands.exportIssues).toHaveBeenCalledWith({ ...query, page: 1 }, '/home/u/问题台账.xlsx', 'xlsx')
    expect(document.body.textContent).toContain('已导出 321 条问题到 /home/u/问题台账.xlsx')

    dialog.save.mockResolvedValue(null)
    await vm.exportAs('csv')
    expect(dialog.save.mock.calls[1][0].defaultPath).toMatch(/\.csv$/)
    expect(commands.exportIssues).toHaveBeenCalledTimes(1)
  })

  it('opens the import dialog and says when a ledger was imported', async () => {
    const { plugins } = harness()
    wrapper = mount(LedgerIoMenu, { props: { query: {} }, global: { plugins }, attachTo: document.body })
    byTestId('ledger-import')!.click()
    await settle()
    expect(byTestId('issue-import-dialog')).not.toBeNull()
    wrapper.findComponent(IssueImportDialog).vm.$emit('done', report({ committed: true }))
    expect(wrapper.emitted('imported')).toHaveLength(1)
  })
})
