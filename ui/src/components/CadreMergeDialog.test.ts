import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { ElMessageBox } from 'element-plus'
import { harness, byTestId, settle } from '@/test/harness'
import type { Cadre } from '@/bindings'
import CadreMergeDialog from './CadreMergeDialog.vue'

const commands = vi.hoisted(() => ({
  cadreMerge: vi.fn(),
  departmentsAll: vi.fn(),
  industries: vi.fn(),
}))
vi.mock('@/bindings', async (importOriginal) => ({ ...(await importOriginal<object>()), commands }))

const cadre = (id: string, extra: Partial<Cadre> = {}): Cadre => ({
  id,
  name: '游志华',
  department_id: null,
  position: null,
  role: 'cadre',
  mobile: null,
  active: true,
  created_at: '',
  updated_at: '',
  ...extra,
})
const A = cadre('a', { position: '副主任' })
const B = cadre('b', { mobile: '13907321234' })

let wrapper: VueWrapper | undefined

async function open() {
  const { plugins } = harness()
  wrapper = mount(CadreMergeDialog, { props: { modelValue: true, cadres: [A, B] }, global: { plugins }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

beforeEach(() => {
  vi.resetAllMocks()
  commands.departmentsAll.mockResolvedValue([])
  commands.industries.mockResolvedValue([])
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
  vi.restoreAllMocks()
})

describe('CadreMergeDialog', () => {
  it('shows both records side by side and keeps the first unless the user picks the other', async () => {
    vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never)
    commands.cadreMerge.mockResolvedValue({ record: { ...B, position: '副主任' }, moved_liaisons: 3, ended_duplicates: 1, moved_issues: 2, moved_engagements: 4 })
    const w = await open()
    const table = byTestId('cadre-merge-table')!.textContent ?? ''
    expect(table).toContain('副主任')
    expect(table).toContain('13907321234')

    ;(byTestId('cadre-merge-keep-b')!.querySelector('input') as HTMLInputElement).click()
    await flushPromises()
    byTestId('cadre-merge-submit')!.click()
    await settle()
    expect(commands.cadreMerge).toHaveBeenCalledWith({ keep_id: 'b', remove_id: 'a' })
    expect(w.emitted('merged')?.[0]).toEqual([{ ...B, position: '副主任' }])
    expect(w.emitted('update:modelValue')?.[0]).toEqual([false])
  })

  it('does nothing when the confirmation is cancelled', async () => {
    vi.spyOn(ElMessageBox, 'confirm').mockRejectedValue('cancel')
    const w = await open()
    byTestId('cadre-merge-submit')!.click()
    await settle()
    expect(commands.cadreMerge).not.toHaveBeenCalled()
    expect(w.emitted('merged')).toBeUndefined()
  })
})
