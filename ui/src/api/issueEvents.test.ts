import { afterEach, describe, expect, it } from 'vitest'
import { setLocale } from '@/i18n'
import type { EventData } from '@/bindings'
import { eventParticulars } from './issueEvents'

const names: Record<string, string> = { d1: '区发改局', d2: '区金融办' }
const deptName = (id: string) => names[id] ?? ''

afterEach(() => setLocale('zh-CN'))

describe('event particulars', () => {
  it('names departments, shows money in 万元 and skips empty values', () => {
    setLocale('zh-CN')
    const assign = { step: 'assign', department: 'd1', assisting: ['d2', 'gone'], deadline: '2026-03-10' } as unknown as EventData
    expect(eventParticulars({ kind: 'assign', data: assign }, deptName)).toEqual(['牵头单位 区发改局', '配合单位 区金融办、gone', '期限 2026-03-10'])
    const resolve = { step: 'resolve', result_kind: 'partly', amount_fen: null, working_days: 0 } as unknown as EventData
    expect(eventParticulars({ kind: 'resolve', data: resolve }, deptName)).toEqual(['结果类型 部分解决', '用时0个工作日'])
    const escalate = { step: 'escalate', from: 'general', to: 'regular' } as unknown as EventData
    expect(eventParticulars({ kind: 'escalate', data: escalate }, deptName)).toEqual(['层级 一般 → 常规'])
    const reopen = { step: 'reopen', deadline: null, reopens: 2 } as unknown as EventData
    expect(eventParticulars({ kind: 'reopen', data: reopen }, deptName)).toEqual(['待重新交办', '第2次重办'])
  })

  it('labels the stored tags in the chosen language, says what a ledger import did not record, and shows unknown keys plainly', () => {
    setLocale('en')
    const data = { step: 'feedback', satisfaction: 'basic', amount_fen: 250_000, extra: 'x' } as unknown as EventData
    expect(eventParticulars({ kind: 'feedback', data }, deptName)).toEqual([
      'Amount 0.25万元',
      'Satisfaction Mostly satisfied',
      'extra: x',
    ])
    setLocale('zh-CN')
    const imported = { step: 'accept', department: 'd1', import: true, date_known: false } as unknown as EventData
    expect(eventParticulars({ kind: 'accept', data: imported }, deptName)).toEqual(['牵头单位 区发改局', '台账导入', '日期不详'])
  })
})
