import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { ElRadioGroup } from 'element-plus'
import { harness, byTestId, settle } from '@/test/harness'
import { today } from '@/api/liaison'
import HomeView from './HomeView.vue'

const commands = vi.hoisted(() => ({
  enterprisesList: vi.fn(),
  cadresList: vi.fn(),
  departmentsList: vi.fn(),
  issueDue: vi.fn(),
  issueLedger: vi.fn(),
  calendarYear: vi.fn(),
}))
vi.mock('@/bindings', async (importOriginal) => ({ ...(await importOriginal<object>()), commands }))

/** YYYY-MM-DD `n` days after today. */
function dayAfter(n: number) {
  const d = new Date(`${today()}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

/** Every day of the year worked but Sundays (so counts are easy to check). */
function year(y: number) {
  const out = []
  for (let d = new Date(Date.UTC(y, 0, 1)); d.getUTCFullYear() === y; d.setUTCDate(d.getUTCDate() + 1)) {
    out.push({ date: d.toISOString().slice(0, 10), kind: d.getUTCDay() === 0 ? 'weekend' : 'workday', name: null, overridden: false })
  }
  return out
}
/** Worked days among today + `from` … today + `to`, by the calendar above. */
const worked = (from: number, to: number) => {
  let c = 0
  for (let i = from; i <= to; i++) if (new Date(`${dayAfter(i)}T00:00:00Z`).getUTCDay() !== 0) c++
  return c
}

const due = (id: string, no: string, deadline: string, flag: string) => ({
  id, no, deadline, flag, registered_on: '2026-03-01', source: 'visit', enterprise_id: null, subject: '王大爷', category: '民生',
  tier: 'regular', disposition: null, content: '小区路灯不亮,夜间出行不便', lead_department_id: 'd1', lead_department: '城管局',
  status: 'in_progress', taken_by: null, satisfaction: null, resolved_on: null, working_days: null, reminders: 0, reopens: 0, extension_days: null,
})

let wrapper: VueWrapper | undefined
let router: ReturnType<typeof harness>['router']

beforeEach(() => {
  vi.resetAllMocks()
  localStorage.clear()
  const page = (total: number) => ({ rows: [], total, page: 1, page_size: 1 })
  commands.enterprisesList.mockResolvedValue(page(663))
  commands.cadresList.mockResolvedValue(page(144))
  commands.departmentsList.mockResolvedValue(page(20))
  commands.issueLedger.mockImplementation(async (q: { status: string[]; flag: string[] }) =>
    page(q.flag.includes('red') ? 3 : q.flag.includes('yellow') ? 5 : q.status.length === 2 ? 4 : 37),
  )
  commands.issueDue.mockResolvedValue([
    due('i1', '2026-00007', dayAfter(-10), 'red'),
    due('i2', '2026-00009', dayAfter(9), 'green'),
  ])
  commands.calendarYear.mockImplementation(async (y: number) => year(y))
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

async function mountHome() {
  const h = harness()
  router = h.router
  await router.push('/')
  wrapper = mount(HomeView, { global: { plugins: h.plugins }, attachTo: document.body })
  await settle()
  return wrapper
}

describe('HomeView issues', () => {
  it('lists the due issues with their deadline, flag and working days left, each linking to the issue', async () => {
    await mountHome()
    expect(commands.issueDue).toHaveBeenCalledWith(false, 10)
    const table = byTestId('home-due')!
    expect(table.textContent).toContain('2026-00007')
    expect(table.textContent).toContain('小区路灯不亮')
    expect(table.textContent).toContain('城管局')
    expect(table.textContent).toContain(dayAfter(9))
    const links = [...table.querySelectorAll('[data-testid="home-due-link"]')].map((a) => a.getAttribute('href'))
    expect(links).toEqual(['/issues/i1', '/issues/i2'])
    const left = [...table.querySelectorAll('[data-testid="home-due-left"]')].map((e) => e.textContent)
    expect(left).toEqual([`超期 ${worked(-9, 0)} 个工作日`, `剩 ${worked(1, 9)} 个工作日`])
    expect(table.querySelector('[data-testid="flag-dot"]')?.textContent).toContain('红灯')
    // The existing cards still work.
    expect(byTestId('stat-enterprises')?.textContent).toContain('663')
  })

  it('counts open, to-assign, red/black and yellow issues, each a link to the filtered ledger', async () => {
    await mountHome()
    const count = (k: string) => byTestId(`home-count-${k}`)!
    expect(count('open').textContent).toContain('37')
    expect(count('toAssign').textContent).toContain('4')
    expect(count('alarm').textContent).toContain('3')
    expect(count('dueSoon').textContent).toContain('5')
    expect(decodeURIComponent(count('alarm').getAttribute('href')!)).toBe('/issues?flag=red,black')
    expect(decodeURIComponent(count('open').getAttribute('href')!)).toBe('/issues?status=registered,assigned,in_progress,returned')
    expect(commands.issueLedger).toHaveBeenCalledWith(expect.objectContaining({ flag: ['red', 'black'], mine: false, page_size: 1 }))
  })

  it('switches to the issues I registered, counters too, and remembers it', async () => {
    const w = await mountHome()
    const toggle = w.findAllComponents(ElRadioGroup).find((c) => c.attributes('data-testid') === 'home-due-mine')!
    toggle.vm.$emit('update:modelValue', true)
    await settle()
    expect(commands.issueDue).toHaveBeenLastCalledWith(true, 10)
    expect(decodeURIComponent(byTestId('home-count-alarm')!.getAttribute('href')!)).toBe('/issues?flag=red,black&mine=1')
    expect(localStorage.getItem('lianxin.home.dueMine')).toBe('true')
  })

  it('opens the register form in the ledger from the quick button', async () => {
    await mountHome()
    byTestId('home-quick-issue')!.click()
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/issues?new=1'), { timeout: 10000 })
  })

  it('still shows the deadline when the calendar cannot be read', async () => {
    commands.calendarYear.mockRejectedValue({ code: 'internal', message: 'x', field: null })
    await mountHome()
    expect(byTestId('home-due')!.textContent).toContain(dayAfter(9))
    expect(byTestId('home-due')!.querySelector('[data-testid="home-due-left"]')).toBeNull()
  })
})
