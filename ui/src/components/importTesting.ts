// For the import tests: a file chosen in the wizard's real file input, as a user or an
// end-to-end test chooses it. The progress channel's mock is progressChannelMock.ts.
import { expect } from 'vitest'
import { byTestId, settle } from '@/test/harness'
import type { ImportReport } from '@/bindings'

export async function chooseFile(testid: string, name: string, text: string) {
  const input = byTestId(testid) as HTMLInputElement
  expect(input.tagName).toBe('INPUT')
  Object.defineProperty(input, 'files', { value: [new File([text], name)], configurable: true })
  input.dispatchEvent(new Event('change'))
  await settle()
}

/** A registry import's report (an enterprise list with one bad phone), with `over` on top. */
export function importReport(over: Partial<ImportReport> = {}): ImportReport {
  return {
    kind: 'enterprises',
    sheet: 'Sheet1',
    mapping: { header_row: 2, columns: [null, 'name', 'contact_phone'] },
    columns: [
      { index: 0, header: '序号', field: null },
      { index: 1, header: '企业名称', field: 'name' },
      { index: 2, header: '联系电话', field: 'contact_phone' },
    ],
    fields: ['name', 'uscc', 'contact_phone', 'street'],
    total_rows: 3,
    new_rows: 2,
    update_rows: 0,
    unchanged_rows: 0,
    skipped_rows: 0,
    invalid_rows: 1,
    existing_rows: 0,
    new_departments: 0,
    new_liaisons: 0,
    new_cadres: 0,
    problems: [{ row: 4, column: '联系电话', field: 'contact_phone', message: '联系电话“12345”格式不对', warning: false }],
    problems_total: 1,
    warnings_total: 0,
    existing: [],
    missing: [],
    left_out: [],
    unknown_cadres: [],
    committed: false,
    ...over,
  }
}
