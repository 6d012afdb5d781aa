// The wizard's own rules, as any import gets them (ImportDialog and IssueImportDialog test theirs).
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { h } from 'vue'
import { harness, byTestId, settle } from '@/test/harness'
import ImportWizard, { type WizardReport } from './ImportWizard.vue'
import { chooseFile } from './importTesting'

vi.mock('@/bindings', async (importOriginal) => ({ ...(await importOriginal<object>()), commands: { importCancel: vi.fn() } }))

type F = string
const report = (over: Partial<WizardReport<F>> = {}): WizardReport<F> => ({
  sheet: 'S',
  mapping: { header_row: 1, columns: ['a', 'b'] },
  columns: [
    { index: 0, header: 'A', field: 'a' },
    { index: 1, header: 'B', field: 'b' },
  ],
  fields: ['a', 'b'],
  total_rows: 2,
  invalid_rows: 0,
  problems: [],
  problems_total: 0,
  warnings_total: 0,
  missing: [],
  left_out: [],
  ...over,
})

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

async function open(api: { preview: unknown; recheck: unknown; commit?: unknown }) {
  const { plugins } = harness()
  wrapper = mount(ImportWizard, {
    props: {
      modelValue: true,
      api: { commit: vi.fn(), ...api },
      title: 'T',
      steps: ['1', '2', '3'],
      ns: 'io',
      testid: 'w',
      testids: { start: 'w-go' },
      fieldLabel: (f: string) => f,
      canStart: () => true,
      resultTitle: () => 'R',
    } as never,
    slots: { preview: ({ report: r }: { report: WizardReport<F> }) => h('div', { 'data-testid': 'w-summary' }, `rows ${r.total_rows}`) },
    global: { plugins },
    attachTo: document.body,
  })
  await flushPromises()
  return wrapper
}


describe('ImportWizard', () => {
  it('shows the last answer when rechecks overtake each other; remap asks without a mapping', async () => {
    let slow!: (r: WizardReport<F>) => void
    const recheck = vi
      .fn()
      .mockReturnValueOnce(new Promise((r) => (slow = r)))
      .mockResolvedValueOnce(report({ total_rows: 9 }))
    const w = await open({ preview: vi.fn().mockResolvedValue(report()), recheck })
    await chooseFile('w-file', 'f.csv', 'x')
    expect(byTestId('w-summary')?.textContent).toBe('rows 2')
    expect(byTestId('w-go')).not.toBeNull()

    const vm = w.vm as unknown as { recheck: () => void; remap: () => void }
    vm.recheck()
    vm.remap()
    await settle()
    expect(recheck).toHaveBeenLastCalledWith({ mapping: null, create_missing: false, skip_invalid: false })
    slow(report({ total_rows: 5 }))
    await flushPromises()
    expect(byTestId('w-summary')?.textContent).toBe('rows 9')
  })
})
