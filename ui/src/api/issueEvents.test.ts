import { afterEach, describe, expect, it } from 'vitest'
import { setLocale } from '@/i18n'
import { eventParticulars, parseEventData } from './issueEvents'

const names: Record<string, string> = { d1: '区发改局', d2: '区金融办' }
const deptName = (id: string) => names[id] ?? ''

afterEach(() => setLocale('zh-CN'))

describe('event particulars', () => {
  it('reads the JSON text, and survives text that is not an object', () => {
    expect(parseEventData('{"days": 5}')).toEqual({ days: 5 })
    expect(parseEventData('not json')).toEqual({})
    expect(parseEventData('[1]')).toEqual({})
    expect(parseEventData('')).toEqual({})
  })

  it('names departments, shows money in 万元 and skips empty values', () => {
    setLocale('zh-CN')
    const data = JSON.stringify({ department: 'd1', assisting: ['d2', 'gone'], deadline: '2026-03-10' })
    expect(eventParticulars({ kind: 'assign', data }, deptName)).toEqual(['牵头单位 区发改局', '配合单位 区金融办、gone', '期限 2026-03-10'])
    const resolve = JSON.stringify({ result_kind: '部分解决', amount_fen: null, working_days: 0 })
    expect(eventParticulars({ kind: 'resolve', data: resolve }, deptName)).toEqual(['结果类型 部分解决', '用时0个工作日'])
    const escalate = JSON.stringify({ from: '一般', to: '常规' })
    expect(eventParticulars({ kind: 'escalate', data: escalate }, deptName)).toEqual(['层级 一般 → 常规'])
    const reopen = JSON.stringify({ deadline: null, reopens: 2 })
    expect(eventParticulars({ kind: 'reopen', data: reopen }, deptName)).toEqual(['待重新交办', '第2次重办'])
  })

  it('shows the Chinese words the server writes in the chosen language, and keys it does not know plainly', () => {
    setLocale('en')
    const data = JSON.stringify({ satisfaction: '基本满意', amount_fen: 250_000, extra: 'x' })
    expect(eventParticulars({ kind: 'feedback', data }, deptName)).toEqual([
      'Amount 0.25万元',
      'Satisfaction Mostly satisfied',
      'extra: x',
    ])
  })
})
