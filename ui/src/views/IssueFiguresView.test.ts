import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { ElSelect } from 'element-plus'
import { harness, byTestId } from '@/test/harness'
import { FIRST_LEDGER_QUERY, type FigureLedger, type FigureRow, type Figures, type LedgerQuery, type Status } from '@/bindings'
import IssueFiguresView from './IssueFiguresView.vue'

const commands = vi.hoisted(() => ({
  issueFigures: vi.fn(),
  issueRules: vi.fn(),
  departmentsAll: vi.fn(),
  industries: vi.fn(),
}))
vi.mock('@/bindings', async (importOriginal) => ({ ...(await importOriginal<object>()), commands }))

// ECharts draws on a canvas jsdom does not have: the chart is a mock that records its options.
const chart = vi.hoisted(() => ({ setOption: vi.fn(), resize: vi.fn(), dispose: vi.fn() }))
vi.mock('echarts/core', () => ({ use: vi.fn(), init: vi.fn(() => chart) }))
vi.mock('echarts/charts', () => ({ BarChart: {}, LineChart: {} }))
vi.mock('echarts/components', () => ({ GridComponent: {}, LegendComponent: {}, TooltipComponent: {} }))
vi.mock('echarts/renderers', () => ({ CanvasRenderer: {} }))
vi.setConfig({ testTimeout: 20000 })

/** The ledger queries core sends with a line (crates/core/src/model/issue/figures.rs). */
function ledgerOf(base: Partial<LedgerQuery>): FigureLedger {
  const q = (status: Status[], overdue = false): LedgerQuery => ({ ...(FIRST_LEDGER_QUERY as unknown as LedgerQuery), ...base, status, overdue })
  return {
    total: q(['registered', 'assigned', 'in_progress', 'returned', 'resolved', 'closed', 'long_term']),
    done: q(['resolved', 'closed']),
    open: q(['registered', 'assigned', 'in_progress', 'returned']),
    overdue: q([], true),
    long_term: q(['long_term']),
  }
}

const line = (key: string | null, label: string, extra: Partial<FigureRow> = {}): FigureRow => ({
  key,
  label,
  total: 0,
  withdrawn: 0,
  done: 0,
  closed: 0,
  on_time: 0,
  date_unknown: 0,
  evaluated: 0,
  satisfied: 0,
  open: 0,
  overdue: 0,
  long_term: 0,
  avg_working_days: null,
  done_rate: null,
  on_time_rate: null,
  satisfaction_rate: null,
  ledger: ledgerOf({}),
  ...extra,
})
const TOTAL = line(null, '合计', {
  total: 216,
  done: 179,
  closed: 150,
  on_time: 170,
  evaluated: 160,
  satisfied: 158,
  open: 30,
  overdue: 4,
  long_term: 7,
  avg_working_days: 4.3,
  done_rate: 82.9,
  on_time_rate: 95,
  satisfaction_rate: 98.8,
})
const BY_MONTH: Figures = {
  by: 'month',
  rows: [
    line('2026-01', '2026-01', {
      total: 120,
      done: 110,
      open: 10,
      overdue: 1,
      done_rate: 91.7,
      on_time_rate: 96.4,
      satisfaction_rate: 99,
      avg_working_days: 4.1,
      ledger: ledgerOf({ from: '2026-01-15', to: '2026-01-31' }),
    }),
    line('2026-02', '2026-02', { total: 96, done: 69, open: 20, overdue: 3, long_term: 7, done_rate: 71.9, on_time_rate: 92.8, satisfaction_rate: 98.5, avg_working_days: 4.6 }),
  ],
  total: TOTAL,
}
const BY_DEPT: Figures = {
  by: 'department',
  rows: [
    line('d1', '城管局', { total: 150, done: 140, open: 10, done_rate: 93.3, on_time_rate: 95, satisfaction_rate: 99 }),
    line('d2', '人社局', {
      total: 60,
      done: 30,
      open: 30,
      overdue: 4,
      done_rate: 50,
      on_time_rate: null,
      satisfaction_rate: null,
      ledger: ledgerOf({ department_id: 'd2', from: '2026-01-15', to: '2026-06-30' }),
    }),
    line(null, '未交办', { total: 6, open: 6, done_rate: 0, ledger: ledgerOf({ without: 'lead_department', from: '2026-01-15', to: '2026-06-30' }) }),
  ],
  total: TOTAL,
}

const pad = (n: number) => String(n).padStart(2, '0')
const ymd = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`

let wrapper: VueWrapper | undefined
let router: ReturnType<typeof harness>['router']

async function mountFigures(path = '/issues/figures') {
  const h = harness()
  router = h.router
  await router.push(path)
  wrapper = mount(IssueFiguresView, { global: { plugins: h.plugins }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

const lastQuery = () => commands.issueFigures.mock.calls.at(-1)![0]
const byBox = (w: VueWrapper) => w.findAllComponents(ElSelect).find((s) => s.vm.$attrs['data-testid'] === 'figures-by')!
async function groupBy(w: VueWrapper, value: string) {
  byBox(w).vm.$emit('update:modelValue', value)
  await flushPromises()
}
/** Waits out the lazy loading of the route's screen. */
const arrivedAt = (name: string) => vi.waitFor(() => expect(router.currentRoute.value.name).toBe(name), { timeout: 10000 })
const bodyRows = () => [...document.querySelectorAll('[data-testid="figures-table"] .el-table__body-wrapper tbody tr')] as HTMLElement[]

beforeEach(() => {
  vi.clearAllMocks()
  commands.issueFigures.mockImplementation(async (q: { by: string }) => (q.by === 'department' ? BY_DEPT : BY_MONTH))
  commands.issueRules.mockResolvedValue({ categories: ['融资', '用工'], days_general: 1, days_regular: 7, days_major: 30 })
  commands.departmentsAll.mockResolvedValue([])
  commands.industries.mockResolvedValue([])
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

describe('IssueFiguresView', () => {
  it('asks for this year by month and writes the headline as the articles do', async () => {
    await mountFigures()
    const y = new Date().getFullYear()
    expect(commands.issueFigures).toHaveBeenCalledTimes(1)
    expect(lastQuery()).toEqual({ by: 'month', from: `${y}-01-01`, to: `${y}-12-31`, department_id: null, category: null, today: null })
    const text = byTestId('figures-headline-text')!.textContent!.replace(/\s+/g, '')
    expect(text).toContain('收集问题216个')
    expect(text).toContain('办结179个')
    expect(text).toContain('办结率82.9%')
    expect(text).toBe('收集问题216个,办结179个,办结率82.9%;按期办结率95.0%;满意率98.8%;超期4个;平均办理4.3个工作日。')
  })

  it('says how many resolved issues have no date and how they count, with a column for them', async () => {
    commands.issueFigures.mockResolvedValue({ ...BY_MONTH, total: { ...TOTAL, date_unknown: 12 } })
    await mountFigures()
    const text = byTestId('figures-headline-text')!.textContent!.replace(/\s+/g, '')
    expect(text).toContain('平均办理4.3个工作日(另有12个办结日期不详,计入办结率,未计入按期办结率和平均用时)。')
    expect(byTestId('figures-table')!.textContent).toContain('办结日期不详')
  })

  it('copies the sentence with its period, up to today', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined)
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    await mountFigures()
    byTestId('figures-copy')!.click()
    await flushPromises()
    const y = new Date().getFullYear()
    expect(writeText).toHaveBeenCalledWith(
      `${y}-01-01 至 ${ymd(new Date())}:收集问题216个,办结179个,办结率82.9%;按期办结率95.0%;满意率98.8%;超期4个;平均办理4.3个工作日。`,
    )
  })

  it('draws months as bars of issues and resolved with the rate on a second axis, and the 合计 line from the total', async () => {
    await mountFigures()
    const option = chart.setOption.mock.calls.at(-1)![0]
    expect(option.xAxis.data).toEqual(['2026年1月', '2026年2月'])
    expect(option.series.map((s: { type: string }) => s.type)).toEqual(['bar', 'bar', 'line'])
    expect(option.series[2].yAxisIndex).toBe(1)
    const footer = document.querySelector('[data-testid="figures-table"] .el-table__footer-wrapper')!.textContent!
    expect(footer).toContain('合计')
    expect(footer).toContain('216')
    expect(footer).toContain('82.9%')
  })

  it('groups by department when asked, with a ranking chart', async () => {
    const w = await mountFigures()
    await groupBy(w, 'department')
    expect(lastQuery().by).toBe('department')
    expect(router.currentRoute.value.query).toMatchObject({ by: 'department' })
    const table = byTestId('figures-table')!
    expect(table.textContent).toContain('城管局')
    expect(table.textContent).toContain('未交办')
    const option = chart.setOption.mock.calls.at(-1)![0]
    expect(option.yAxis.type).toBe('category')
    expect(option.yAxis.data[0]).toBe('城管局')
  })

  it('asks for the current month when 本月 is chosen', async () => {
    await mountFigures()
    ;(byTestId('period-month')!.querySelector('input') as HTMLInputElement).click()
    await flushPromises()
    const now = new Date()
    const first = ymd(new Date(now.getFullYear(), now.getMonth(), 1))
    const last = ymd(new Date(now.getFullYear(), now.getMonth() + 1, 0))
    expect(lastQuery()).toMatchObject({ from: first, to: last })
    expect(router.currentRoute.value.query).toMatchObject({ period: 'month' })
  })

  it('opens the ledger on the issues of a clicked row', async () => {
    await mountFigures('/issues/figures?period=custom&from=2026-01-15&to=2026-06-30&by=department')
    expect(lastQuery()).toMatchObject({ by: 'department', from: '2026-01-15', to: '2026-06-30' })
    // 未交办 opens the issues without a lead department, as core's query says.
    expect(bodyRows()[2].classList).toContain('linked')
    bodyRows()[2].click()
    await arrivedAt('issues')
    expect(router.currentRoute.value.query).toMatchObject({ without: 'lead_department', from: '2026-01-15' })
    await router.push('/issues/figures?period=custom&from=2026-01-15&to=2026-06-30&by=department')
    await flushPromises()

    bodyRows()[1].click()
    await arrivedAt('issues')
    expect(router.currentRoute.value.query).toEqual({
      department_id: 'd2',
      from: '2026-01-15',
      to: '2026-06-30',
      status: 'registered,assigned,in_progress,returned,resolved,closed,long_term',
    })
  })

  it('opens a month of the period with a count link, narrowed to the period', async () => {
    await mountFigures('/issues/figures?period=custom&from=2026-01-15&to=2026-06-30')
    const overdue = bodyRows()[0].querySelector('[data-testid="count-overdue"]') as HTMLElement
    overdue.click()
    await arrivedAt('issues')
    // Overdue is open past the deadline, not 红灯+黑灯 (黑灯 also marks issues reopened twice).
    expect(router.currentRoute.value.query).toEqual({ overdue: '1', from: '2026-01-15', to: '2026-01-31' })
  })

  it('shows — for rates that are not defined and marks low ones', async () => {
    const w = await mountFigures()
    await groupBy(w, 'department')
    const cells = bodyRows()[1].querySelectorAll('td')
    const texts = [...cells].map((c) => c.textContent!.trim())
    expect(texts.slice(0, 6)).toEqual(['人社局', '60', '30', '50.0%', '—', '—'])
    expect(bodyRows()[1].querySelector('[data-testid="rate-done_rate"]')!.classList).toContain('low')
    expect(bodyRows()[0].querySelector('[data-testid="rate-done_rate"]')!.classList).not.toContain('low')
  })
})
