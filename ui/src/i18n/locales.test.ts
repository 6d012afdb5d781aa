import { describe, expect, it } from 'vitest'
import zhCN from './zh-CN'
import en from './en'

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => {
    const path = prefix ? `${prefix}.${k}` : k
    return v !== null && typeof v === 'object' ? keys(v as object, path) : [path]
  })
}

function leaves(obj: object): unknown[] {
  return Object.values(obj).flatMap((v) => (v !== null && typeof v === 'object' ? leaves(v as object) : [v]))
}

describe('locales', () => {
  it('zh-CN and en have exactly the same keys', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort())
  })
  it('have no empty messages', () => {
    for (const m of [...leaves(zhCN), ...leaves(en)]) {
      expect(typeof m).toBe('string')
      expect((m as string).trim()).not.toBe('')
    }
  })
})
