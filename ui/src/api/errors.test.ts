import { describe, expect, it } from 'vitest'
import { codeOf, fieldErrors, isAppError, messageOf, renameField } from './errors'

describe('isAppError', () => {
  it('accepts the command error shape, with or without a field', () => {
    expect(isAppError({ code: 'validation', message: '请填写企业名称', field: 'name' })).toBe(true)
    expect(isAppError({ code: 'not_found', message: '企业不存在', field: null })).toBe(true)
  })
  it('rejects other values', () => {
    expect(isAppError(null)).toBe(false)
    expect(isAppError('boom')).toBe(false)
    expect(isAppError(new Error('x'))).toBe(false)
    expect(isAppError({ code: 1, message: 'x', field: null })).toBe(false)
    expect(isAppError({ code: 'x', message: 'y', field: 3 })).toBe(false)
  })
})

describe('fieldErrors', () => {
  it('keys the message by its field', () => {
    expect(fieldErrors({ code: 'conflict', message: '已登记', field: 'uscc' })).toEqual({ uscc: '已登记' })
  })
  it('is empty when no field is named or the value is not an AppError', () => {
    expect(fieldErrors({ code: 'internal', message: '内部错误', field: null })).toEqual({})
    expect(fieldErrors(new Error('x'))).toEqual({})
    expect(fieldErrors(undefined)).toEqual({})
  })
})

describe('messageOf', () => {
  it('prefers the AppError message', () => {
    expect(messageOf({ code: 'database_too_new', message: '数据库版本较新', field: null })).toBe('数据库版本较新')
  })
  it('handles errors, strings and anything else', () => {
    expect(messageOf(new Error('网络错误'))).toBe('网络错误')
    expect(messageOf('直接的文字')).toBe('直接的文字')
    expect(messageOf({ a: 1 })).toBe('{"a":1}')
  })
})

describe('codeOf', () => {
  it('returns the code or empty', () => {
    expect(codeOf({ code: 'conflict', message: 'x', field: null })).toBe('conflict')
    expect(codeOf(new Error('x'))).toBe('')
  })
})

describe('renameField', () => {
  it('files an error under the form’s name for the field, leaving others alone', () => {
    const e = { code: 'validation', message: '日期格式不对', field: 'date' }
    expect(renameField(e, { date: 'registered_on' })).toEqual({ ...e, field: 'registered_on' })
    expect(renameField(e, { no: 'batch_id' })).toBe(e)
    expect(renameField(new Error('x'), { date: 'd' })).toBeInstanceOf(Error)
  })
})
