import { describe, expect, it } from 'vitest'
import { formatTime, orNull, pick } from './format'

describe('formatTime', () => {
  it('formats as local yyyy-MM-dd HH:mm', () => {
    const d = new Date(2026, 0, 5, 9, 7, 30)
    expect(formatTime(d.toISOString())).toBe('2026-01-05 09:07')
  })
  it('passes empty and unparsable values through', () => {
    expect(formatTime(null)).toBe('')
    expect(formatTime('')).toBe('')
    expect(formatTime('不是时间')).toBe('不是时间')
  })
})

describe('orNull / pick', () => {
  it('turns blanks into null', () => {
    expect(orNull('  ')).toBeNull()
    expect(orNull(' a ')).toBe('a')
    expect(pick('')).toBeNull()
    expect(pick(undefined)).toBeNull()
    expect(pick('large')).toBe('large')
  })
})
