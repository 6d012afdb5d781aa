import { describe, expect, it } from 'vitest'
import { DEFAULT_VIEW, emptyFilters, fromRouteQuery, normalizeSaved, toRouteQuery, workdaysLeft, workedLookup } from './ledger'

describe('ledger addresses', () => {
  it('round-trips filters, order and page through the address', () => {
    const filters = { ...emptyFilters(), status: ['registered' as const, 'returned' as const], flag: ['black' as const], tier: 'major' as const, mine: true, text: '路灯' }
    const view = { sort: 'deadline' as const, desc: false, page: 3, pageSize: 100 }
    const q = toRouteQuery(filters, view)
    expect(q).toEqual({ status: 'registered,returned', flag: 'black', tier: 'major', mine: '1', text: '路灯', sort: 'deadline', desc: '0', page: '3', size: '100' })
    expect(fromRouteQuery(q as Record<string, string>)).toEqual({ filters, view })
  })

  it('names nothing for the defaults and ignores what it does not know', () => {
    expect(toRouteQuery(emptyFilters())).toEqual({})
    expect(fromRouteQuery({ status: ['assigned', 'nonsense'], tier: 'huge', page: '-2', size: '7', sort: 'colour' })).toEqual({
      filters: { ...emptyFilters(), status: ['assigned'] },
      view: DEFAULT_VIEW,
    })
  })

  it('reads saved filters kept by an older version', () => {
    expect(normalizeSaved([{ name: 'a', filters: { flag: ['red'], gone: 1, mine: 'yes' } }, { nope: 1 }, 'x'])).toEqual([
      { name: 'a', filters: { ...emptyFilters(), flag: ['red'] } },
    ])
    expect(normalizeSaved(null)).toEqual([])
  })
})

describe('workdaysLeft', () => {
  // 2026-04-30 Thu … 2026-05-05 off (劳动节), 2026-05-09 Sat a make-up working day.
  const cal = workedLookup([
    { date: '2026-04-30', kind: 'workday' },
    ...['2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05'].map((date) => ({ date, kind: 'holiday' as const })),
    { date: '2026-05-06', kind: 'workday' },
    { date: '2026-05-07', kind: 'workday' },
    { date: '2026-05-08', kind: 'workday' },
    { date: '2026-05-09', kind: 'makeup_workday' },
  ])

  it('counts worked days ahead, skipping holidays and counting make-up days', () => {
    expect(workdaysLeft('2026-04-30', '2026-04-30', cal)).toBe(0)
    expect(workdaysLeft('2026-04-30', '2026-05-06', cal)).toBe(1)
    expect(workdaysLeft('2026-04-30', '2026-05-09', cal)).toBe(4)
  })

  it('counts overdue days as negative, and gives up outside the calendar', () => {
    expect(workdaysLeft('2026-05-07', '2026-04-30', cal)).toBe(-2)
    expect(workdaysLeft('2026-05-09', '2026-05-12', cal)).toBeNull()
  })
})
