// 设置 · 工作日历: the year's days coloured by kind, and editing one day.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import type { CalendarDay, DayKind } from '@/bindings'
import { harness, byTestId, settle, typeInto } from '@/test/harness'
import WorkCalendar from './WorkCalendar.vue'

const commands = vi.hoisted(() => ({ calendarYear: vi.fn(), calendarSetDay: vi.fn() }))
vi.mock('@/bindings', async (importOriginal) => ({ ...(await importOriginal<object>()), commands }))

/** 2024 as the official schedule has it around 国庆节: 9-29 (Sunday) worked, 10-01..07 off. */
function year2024(edit: Record<string, Partial<CalendarDay>> = {}): CalendarDay[] {
  const out: CalendarDay[] = []
  for (let d = new Date(2024, 0, 1); d.getFullYear() === 2024; d.setDate(d.getDate() + 1)) {
    const date = `2024-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
    const weekend = d.getDay() === 0 || d.getDay() === 6
    let kind: DayKind = weekend ? 'weekend' : 'workday'
    let name: string | null = null
    if (date >= '2024-10-01' && date <= '2024-10-07') [kind, name] = ['holiday', '国庆节']
    if (date === '2024-09-29' || date === '2024-10-12') [kind, name] = ['makeup_workday', '国庆节']
    out.push({ date, kind, name, overridden: false, ...edit[date] })
  }
  return out
}

let wrapper: VueWrapper | undefined

async function open() {
  const { plugins } = harness()
  wrapper = mount(WorkCalendar, { props: { initialYear: 2024 }, global: { plugins }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

beforeEach(() => {
  vi.resetAllMocks()
  commands.calendarYear.mockResolvedValue(year2024())
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

describe('WorkCalendar', () => {
  it('shows the year in twelve months with holidays, make-up days and weekends marked', async () => {
    await open()
    expect(commands.calendarYear).toHaveBeenCalledWith(2024)
    expect(document.querySelectorAll('[data-testid^="calendar-month-"]')).toHaveLength(12)
    const national = byTestId('calendar-day-2024-10-01')!
    expect(national.classList.contains('holiday')).toBe(true)
    expect(national.textContent).toContain('休')
    expect(national.getAttribute('title')).toBe('2024-10-01 法定节假日 国庆节')
    const makeup = byTestId('calendar-day-2024-09-29')!
    expect(makeup.classList.contains('makeup_workday')).toBe(true)
    expect(makeup.textContent).toContain('班')
    expect(makeup.getAttribute('title')).toContain('调休上班')
    expect(byTestId('calendar-day-2024-09-28')!.classList.contains('weekend')).toBe(true)
    expect(byTestId('calendar-day-2024-09-30')!.classList.contains('workday')).toBe(true)
    // 2024-01-01 is a Monday: January needs no blanks; September 1st is a Sunday: six.
    expect(byTestId('calendar-month-1')!.querySelectorAll('.cal-blank')).toHaveLength(0)
    expect(byTestId('calendar-month-9')!.querySelectorAll('.cal-blank')).toHaveLength(6)
    expect(byTestId('calendar-summary')?.textContent).toContain('全年工作日')
    expect(document.body.textContent).toContain('国务院')
  })

  it('marks a clicked day as a holiday with its name, and shows the year the server returns', async () => {
    commands.calendarSetDay.mockResolvedValue(year2024({ '2024-12-31': { kind: 'holiday', name: '元旦', overridden: true } }))
    await open()
    byTestId('calendar-day-2024-12-31')!.click()
    await settle()
    expect(byTestId('calendar-pop')?.textContent).toContain('设置 2024-12-31')
    expect(byTestId('calendar-pop')?.textContent).toContain('当前:工作日')
    typeInto(byTestId('calendar-name'), '元旦')
    await flushPromises()
    byTestId('calendar-apply')!.click()
    await settle()
    expect(commands.calendarSetDay).toHaveBeenCalledWith('2024-12-31', 'holiday', '元旦')
    const day = byTestId('calendar-day-2024-12-31')!
    expect(day.classList.contains('holiday')).toBe(true)
    expect(day.classList.contains('overridden')).toBe(true)
    expect(document.body.textContent).toContain('已更新 2024-12-31')
  })

  it('returns a day to the default schedule', async () => {
    commands.calendarYear.mockResolvedValue(year2024({ '2024-10-12': { kind: 'weekend', name: null, overridden: true } }))
    commands.calendarSetDay.mockResolvedValue(year2024())
    await open()
    byTestId('calendar-day-2024-10-12')!.click()
    await settle()
    ;(byTestId('calendar-set-default')!.querySelector('input') as HTMLInputElement).click()
    await flushPromises()
    expect(byTestId('calendar-name')).toBeNull()
    byTestId('calendar-apply')!.click()
    await settle()
    expect(commands.calendarSetDay).toHaveBeenCalledWith('2024-10-12', null, null)
    expect(byTestId('calendar-day-2024-10-12')!.classList.contains('makeup_workday')).toBe(true)
  })
})
