import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { ElMessageBox, ElPagination, ElSelect, ElTable } from 'element-plus'
import { harness, byTestId, settle, sleep, typeInto } from '@/test/harness'
import { emptyLedgerQuery } from '@/api/issues'
import { COLUMNS_KEY, SAVED_FILTERS_KEY } from '@/api/ledger'
import { today } from '@/api/liaison'
import IssueLedgerView from './IssueLedgerView.vue'
import LedgerIoMenu from '@/components/LedgerIoMenu.vue'

const commands = vi.hoisted(() => ({
  issueLedger: vi.fn(),
  issueRules: vi.fn(),
  issueActMany: vi.fn(),
  issueBatches: vi.fn(),
  issueBatchCreate: vi.fn(),
  issueRegister: vi.fn(),
  departmentsAll: vi.fn(),
  industries: vi.fn(),
  cadresList: vi.fn(),
  cadreGet: vi.fn(),
  enterprisesList: vi.fn(),
  enterpriseGet: vi.fn(),
  exportIssues: vi.fn(),
}))
vi.mock('@/bindings', async (importOriginal) => ({ ...(await importOriginal<object>()), commands }))
const dialog = vi.hoisted(() => ({ save: vi.fn() }))
vi.mock('@tauri-apps/plugin-dialog', () => dialog)
// A whole screen with its dialogs: slower than 5s when the suite runs on a busy machine.
vi.setConfig({ testTimeout: 20000 })

const row = (id: string, no: string, extra: Record<string, unknown> = {}) => ({
  id,
  no,
  registered_on: '2026-03-02',
  source: 'visit',
  enterprise_id: 'e1',
  subject: '湘潭立发釉彩有限公司',
  category: '用工',
  tier: 'regular',
  disposition: null,
  content: '园区周边路灯损坏,夜间员工下班出行不便',
  lead_department_id: 'd1',
  lead_department: '城管局',
  deadline: '2026-03-11',
  status: 'assigned',
  flag: 'red',
  taken_by: '李芳',
  satisfaction: null,
  resolved_on: null,
  working_days: null,
  reminders: 0,
  reopens: 0,
  extension_days: null,
  // What core's state machine allows an assigned issue.
  steps: ['accept', 'return', 'remind', 'request_extension', 'escalate', 'withdraw'],
  ...extra,
})
const ROWS = [
  row('i1', '2026-00001'),
  row('i2', '2026-00002', { status: 'registered', flag: 'green', deadline: null, steps: ['assign', 'escalate', 'withdraw'] }),
]
const RULES = { categories: ['融资', '用工', '民生'], days_general: 1, days_regular: 7, days_major: 30 }
const DEPTS = [
  { id: 'd1', name: '城管局', kind: 'function', parent_id: null, phone: null, sort_order: 0, active: true, created_at: '', updated_at: '' },
  { id: 'd2', name: '人社局', kind: 'function', parent_id: null, phone: null, sort_order: 1, active: true, created_at: '', updated_at: '' },
]

let wrapper: VueWrapper | undefined
let router: ReturnType<typeof harness>['router']

async function mountLedger(path = '/issues') {
  const h = harness()
  router = h.router
  await router.push(path)
  wrapper = mount(IssueLedgerView, { global: { plugins: h.plugins }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

const lastQuery = () => commands.issueLedger.mock.calls.at(-1)![0]
/** The select with this test id, or the one inside the element with it. */
const select = (w: VueWrapper, id: string) =>
  w.findAllComponents(ElSelect).find((s) => s.vm.$attrs['data-testid'] === id || byTestId(id)?.contains(s.element))!
async function choose(w: VueWrapper, id: string, value: unknown) {
  select(w, id).vm.$emit('update:modelValue', value)
  select(w, id).vm.$emit('change', value)
  await flushPromises()
}
const headers = () => [...document.querySelectorAll('[data-testid="ledger-table"] thead th')].map((th) => th.textContent?.trim())

beforeEach(() => {
  vi.resetAllMocks()
  localStorage.clear()
  commands.issueLedger.mockResolvedValue({ rows: ROWS, total: 137, page: 1, page_size: 50 })
  commands.issueRules.mockResolvedValue(RULES)
  commands.departmentsAll.mockResolvedValue(DEPTS)
  commands.industries.mockResolvedValue([])
  commands.cadresList.mockResolvedValue({ rows: [], total: 0, page: 1, page_size: 30 })
  commands.enterprisesList.mockResolvedValue({ rows: [], total: 0, page: 1, page_size: 30 })
  commands.issueBatches.mockResolvedValue([{ id: 'b1', no: '2026年第1批', assigned_on: '2026-03-01', note: null, created_at: '', updated_at: '' }])
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

describe('IssueLedgerView', () => {
  it('loads the first 50 issues, newest first, and shows the total and the columns', async () => {
    await mountLedger()
    expect(commands.issueLedger).toHaveBeenCalledTimes(1)
    expect(lastQuery()).toEqual(emptyLedgerQuery())
    const table = byTestId('ledger-table')!
    expect(table.textContent).toContain('2026-00001')
    expect(table.textContent).toContain('城管局')
    expect(table.textContent).toContain('待签收')
    expect(table.querySelector('[data-testid="flag-dot"]')?.textContent).toContain('红灯')
    expect(byTestId('ledger-pager')?.textContent).toContain('137')
    expect(headers()).toEqual(expect.arrayContaining(['编号', '登记日期', '企业/反映人', '督办灯', '用时(工作日)']))
  })

  it('turns each filter into the ledger query, back on page 1', async () => {
    const w = await mountLedger()
    w.findComponent(ElPagination).vm.$emit('update:current-page', 3)
    await flushPromises()
    expect(lastQuery().page).toBe(3)

    await choose(w, 'filter-status', ['registered', 'assigned'])
    expect(lastQuery()).toEqual({ ...emptyLedgerQuery(), status: ['registered', 'assigned'] })
    await choose(w, 'filter-flag', ['red', 'black'])
    await choose(w, 'filter-department', 'd1')
    await choose(w, 'filter-category', '用工')
    await choose(w, 'filter-source', 'hotline')
    await choose(w, 'filter-tier', 'major')
    await choose(w, 'filter-disposition', 'key')
    byTestId('filter-mine')!.querySelector('input')!.click()
    await flushPromises()
    expect(lastQuery()).toEqual({
      ...emptyLedgerQuery(),
      status: ['registered', 'assigned'],
      flag: ['red', 'black'],
      department_id: 'd1',
      category: '用工',
      source: 'hotline',
      tier: 'major',
      disposition: 'key',
      mine: true,
    })
    // The address carries them, for the way back from an issue.
    expect(router.currentRoute.value.query).toMatchObject({ status: 'registered,assigned', flag: 'red,black', department_id: 'd1', mine: '1' })
  })

  it('searches the text after a pause in typing, once', async () => {
    await mountLedger()
    commands.issueLedger.mockClear()
    typeInto(byTestId('filter-text'), '路')
    typeInto(byTestId('filter-text'), '路灯')
    await sleep(100)
    expect(commands.issueLedger).not.toHaveBeenCalled()
    await sleep(300)
    await flushPromises()
    expect(commands.issueLedger).toHaveBeenCalledTimes(1)
    expect(lastQuery()).toMatchObject({ text: '路灯', page: 1 })
  })

  it('opens filtered from the address, as the home page links it', async () => {
    await mountLedger('/issues?status=registered,assigned&flag=red&department_id=d1&text=路灯&bogus=1&flag=purple')
    expect(commands.issueLedger).toHaveBeenCalledTimes(1)
    expect(lastQuery()).toEqual({
      ...emptyLedgerQuery(),
      status: ['registered', 'assigned'],
      flag: ['red'],
      department_id: 'd1',
      text: '路灯',
    })
    expect((byTestId('filter-text')!.querySelector('input') as HTMLInputElement).value).toBe('路灯')
  })

  it('shows the name of a cadre or enterprise the address names by id', async () => {
    commands.cadreGet.mockResolvedValue({ id: 'c9', name: '游志华', department_id: null, position: null, role: 'cadre', mobile: null, active: true, created_at: '', updated_at: '' })
    commands.enterpriseGet.mockResolvedValue({ id: 'e9', name: '湘潭电机股份有限公司', uscc: null })
    await mountLedger('/issues?cadre_id=c9&enterprise_id=e9')
    await settle()
    expect(lastQuery()).toMatchObject({ cadre_id: 'c9', enterprise_id: 'e9' })
    expect(commands.cadreGet).toHaveBeenCalledWith('c9')
    expect(byTestId('filter-cadre')?.textContent).toContain('游志华')
    expect(byTestId('filter-enterprise')?.textContent).toContain('湘潭电机股份有限公司')
  })

  it('sorts on the server by the clicked column and pages', async () => {
    const w = await mountLedger()
    const table = w.findComponent(ElTable)
    table.vm.$emit('sort-change', { column: {}, prop: 'deadline', order: 'ascending' })
    await flushPromises()
    expect(lastQuery()).toMatchObject({ sort: 'deadline', desc: false, page: 1 })
    table.vm.$emit('sort-change', { column: {}, prop: 'no', order: 'descending' })
    await flushPromises()
    expect(lastQuery()).toMatchObject({ sort: 'no', desc: true })
    table.vm.$emit('sort-change', { column: {}, prop: 'no', order: null })
    await flushPromises()
    expect(lastQuery()).toMatchObject({ sort: 'registered_on', desc: true })

    const pager = w.findComponent(ElPagination)
    pager.vm.$emit('update:current-page', 2)
    await flushPromises()
    expect(lastQuery()).toMatchObject({ page: 2, page_size: 50 })
    expect(router.currentRoute.value.query.page).toBe('2')
    pager.vm.$emit('update:page-size', 100)
    pager.vm.$emit('size-change', 100)
    await flushPromises()
    expect(lastQuery()).toMatchObject({ page: 1, page_size: 100 })
  })

  it('hides a column from the column chooser and remembers it', async () => {
    await mountLedger()
    expect(headers()).toContain('问题内容')
    byTestId('column-content')!.querySelector('input')!.click()
    await settle()
    expect(headers()).not.toContain('问题内容')
    expect(JSON.parse(localStorage.getItem(COLUMNS_KEY)!)).toEqual(['content'])

    wrapper!.unmount()
    document.body.innerHTML = ''
    await mountLedger()
    expect(headers()).not.toContain('问题内容')
    expect(headers()).toContain('牵头单位')
    byTestId('column-all')!.click()
    await settle()
    expect(headers()).toContain('问题内容')
  })

  it('saves the current filters under a name and applies them later', async () => {
    const w = await mountLedger()
    await choose(w, 'filter-flag', ['red'])
    await choose(w, 'filter-category', '融资')
    byTestId('saved-filter-open')!.click()
    await settle()
    typeInto(byTestId('saved-filter-name'), '融资红灯')
    byTestId('saved-filter-save')!.click()
    await settle()
    const stored = JSON.parse(localStorage.getItem(SAVED_FILTERS_KEY)!)
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({ name: '融资红灯', filters: { flag: ['red'], category: '融资' } })

    byTestId('filter-reset')!.click()
    await flushPromises()
    expect(lastQuery()).toEqual(emptyLedgerQuery())

    await choose(w, 'saved-filters', '融资红灯')
    expect(lastQuery()).toEqual({ ...emptyLedgerQuery(), flag: ['red'], category: '融资' })

    byTestId('saved-filter-delete')!.click()
    await flushPromises()
    expect(JSON.parse(localStorage.getItem(SAVED_FILTERS_KEY)!)).toEqual([])
  })

  it('assigns the ticked issues in one call and lists the ones it skipped', async () => {
    commands.issueActMany.mockResolvedValue({ done: 1, skipped: [['2026-00002', '问题 2026-00002 当前为“已办结”,不能交办']] })
    const w = await mountLedger()
    expect((byTestId('bulk-assign') as HTMLButtonElement).disabled).toBe(true)
    w.findComponent(ElTable).vm.$emit('selection-change', ROWS)
    await flushPromises()
    expect(byTestId('bulk-count')?.textContent).toContain('已选 2 条')
    // Each row carries the steps core allows it: one of the two can be assigned, none closed.
    expect(byTestId('bulk-assign')?.getAttribute('title')).toBe('所选 2 条中有 1 条可以办理这一步,其余将跳过')
    expect((byTestId('bulk-close') as HTMLButtonElement).disabled).toBe(true)
    byTestId('bulk-assign')!.click()
    await settle()
    expect(commands.issueBatches).toHaveBeenCalled()
    // Both ticked issues are 常规: the box holds its default limit.
    expect((byTestId('assign-days')!.querySelector('input') as HTMLInputElement).value).toBe('7')

    byTestId('assign-save')!.click()
    await settle()
    expect(commands.issueActMany).not.toHaveBeenCalled()
    expect(byTestId('err-lead_department_id')?.textContent).toContain('请选择牵头单位')

    await choose(w, 'assign-lead', 'd1')
    byTestId('assign-save')!.click()
    await settle()
    expect(commands.issueActMany).toHaveBeenCalledWith(['i1', 'i2'], today(), {
      kind: 'assign',
      lead_department_id: 'd1',
      assisting: [],
      days: 7,
      deadline: null,
      batch_id: null,
      note: null,
    })
    expect(byTestId('bulk-summary')?.textContent).toContain('已处理 1 条,跳过 1 条')
    expect(byTestId('bulk-skipped')?.textContent).toContain('2026-00002')
    expect(byTestId('bulk-skipped')?.textContent).toContain('不能交办')
    expect(commands.issueLedger.mock.calls.length).toBeGreaterThan(1)
  })

  it('assigns as a new batch typed in, and shows a bad time limit under its field', async () => {
    commands.issueBatchCreate.mockResolvedValue({ id: 'b2', no: '2026年第2批', assigned_on: today(), note: null, created_at: '', updated_at: '' })
    commands.issueActMany
      .mockRejectedValueOnce({ code: 'validation', message: '办理时限应在1到365个工作日之间', field: 'days' })
      .mockResolvedValueOnce({ done: 2, skipped: [] })
    const w = await mountLedger()
    w.findComponent(ElTable).vm.$emit('selection-change', [ROWS[0], { ...ROWS[1], tier: 'major' }])
    await flushPromises()
    byTestId('bulk-assign')!.click()
    await settle()
    expect((byTestId('assign-days')!.querySelector('input') as HTMLInputElement).value).toBe('')
    await choose(w, 'assign-lead', 'd1')
    await choose(w, 'assign-batch', '2026年第2批')
    byTestId('assign-save')!.click()
    await settle()
    expect(commands.issueBatchCreate).toHaveBeenCalledWith({ no: '2026年第2批', assigned_on: today(), note: null })
    expect(commands.issueActMany.mock.calls[0][2]).toMatchObject({ batch_id: 'b2', days: null })
    expect(byTestId('err-days')?.textContent).toContain('1到365')

    byTestId('assign-save')!.click()
    await settle()
    expect(commands.issueBatchCreate).toHaveBeenCalledTimes(1)
    expect(commands.issueActMany).toHaveBeenCalledTimes(2)
    expect(byTestId('bulk-result')).toBeNull()
  })

  it('reminds the ticked issues after asking', async () => {
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never)
    commands.issueActMany.mockResolvedValue({ done: 2, skipped: [] })
    const w = await mountLedger()
    w.findComponent(ElTable).vm.$emit('selection-change', ROWS)
    await flushPromises()
    byTestId('bulk-remind')!.click()
    await settle()
    expect(confirm).toHaveBeenCalled()
    expect(commands.issueActMany).toHaveBeenCalledWith(['i1', 'i2'], null, { kind: 'remind', note: null })
  })

  it('exports the ledger as filtered on screen, every page', async () => {
    dialog.save.mockResolvedValue('/tmp/台账.xlsx')
    commands.exportIssues.mockResolvedValue({ rows: 12, path: '/tmp/台账.xlsx' })
    const w = await mountLedger('/issues?flag=red&page=3')
    await (w.findComponent(LedgerIoMenu).vm as unknown as { exportAs: (f: string) => Promise<void> }).exportAs('xlsx')
    expect(commands.exportIssues).toHaveBeenCalledWith({ ...emptyLedgerQuery(), flag: ['red'] }, '/tmp/台账.xlsx', 'xlsx')
  })

  it('opens the issue on a row click, and the register form on Ctrl+N', async () => {
    const w = await mountLedger()
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'n', ctrlKey: true }))
    await settle()
    expect(byTestId('register-form')).not.toBeNull()

    w.findComponent(ElTable).vm.$emit('row-click', ROWS[0], { type: 'default' })
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/issues/i1'), { timeout: 10000 })
  })

  it('opens the register form from ?new=1 and drops it from the address', async () => {
    await mountLedger('/issues?new=1&flag=red')
    await settle()
    expect(byTestId('register-form')).not.toBeNull()
    expect(router.currentRoute.value.query).toEqual({ flag: 'red' })
  })
})
