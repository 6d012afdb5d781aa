// 批量指派联点干部 from the enterprise list's selection.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { ElTable } from 'element-plus'
import { harness, byTestId, settle } from '@/test/harness'
import EnterpriseListView from './EnterpriseListView.vue'
import CadrePicker from '@/components/CadrePicker.vue'
import LiaisonAssignDialog from '@/components/LiaisonAssignDialog.vue'

const commands = vi.hoisted(() => ({
  enterprisesList: vi.fn(),
  enterprisesStatCounts: vi.fn(),
  departmentsAll: vi.fn(),
  industries: vi.fn(),
  usccCheck: vi.fn(),
  cadresList: vi.fn(),
  liaisonBulkAssign: vi.fn(),
}))
vi.mock('@/bindings', async (importOriginal) => ({ ...(await importOriginal<object>()), commands }))

const ent = (id: string, name: string) => ({
  id,
  name,
  short_name: null,
  uscc: null,
  industry: null,
  scale: null,
  ownership: null,
  address: null,
  street_id: null,
  community_id: null,
  legal_rep: null,
  contact_name: null,
  contact_phone: null,
  tags: [],
  status: 'operating',
  notes: null,
  created_at: '',
  updated_at: '',
})
const ROWS = [ent('e1', '甲公司'), ent('e2', '乙公司'), ent('e3', '丙公司')]

let wrapper: VueWrapper | undefined

beforeEach(() => {
  vi.resetAllMocks()
  commands.enterprisesList.mockResolvedValue({ rows: ROWS, total: 3, page: 1, page_size: 50 })
  commands.departmentsAll.mockResolvedValue([])
  commands.industries.mockResolvedValue([])
  commands.cadresList.mockResolvedValue({ rows: [], total: 0, page: 1, page_size: 30 })
  commands.liaisonBulkAssign.mockResolvedValue({ assigned: 2, skipped: 0 })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

describe('bulk assignment from the enterprise list', () => {
  it('is offered once rows are ticked, and assigns the chosen cadre to exactly those rows', async () => {
    const { plugins, router } = harness()
    await router.push('/enterprises')
    wrapper = mount(EnterpriseListView, { global: { plugins }, attachTo: document.body })
    await flushPromises()
    const button = byTestId('ent-bulk-assign') as HTMLButtonElement
    expect(button.disabled).toBe(true)
    // The table has a selection column.
    expect(document.querySelector('[data-testid="ent-table"] .el-checkbox')).not.toBeNull()

    const table = wrapper.findComponent(ElTable).vm as unknown as { toggleRowSelection: (row: unknown, on: boolean) => void }
    table.toggleRowSelection(ROWS[0], true)
    table.toggleRowSelection(ROWS[2], true)
    await flushPromises()
    expect(button.disabled).toBe(false)
    expect(button.textContent).toContain('批量指派联点干部 (2)')

    button.click()
    await flushPromises()
    const dialog = wrapper.findComponent(LiaisonAssignDialog)
    expect(dialog.props()).toMatchObject({ modelValue: true, mode: 'bulk', enterpriseIds: ['e1', 'e3'] })
    wrapper.findComponent(CadrePicker).vm.$emit('update:modelValue', 'c1')
    await flushPromises()
    byTestId('liaison-form-save')!.click()
    await settle()
    expect(commands.liaisonBulkAssign).toHaveBeenCalledWith(
      expect.objectContaining({ cadre_id: 'c1', enterprise_ids: ['e1', 'e3'], role: 'lead' }),
    )
    // Done: the selection is cleared.
    await flushPromises()
    expect(button.disabled).toBe(true)
  })
})
