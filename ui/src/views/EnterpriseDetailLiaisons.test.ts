// The enterprise page's 联点干部 section and 合并重复企业 button.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { harness, byTestId } from '@/test/harness'
import EnterpriseDetailView from './EnterpriseDetailView.vue'
import EnterpriseMergeDialog from '@/components/EnterpriseMergeDialog.vue'

const commands = vi.hoisted(() => ({
  enterpriseGet: vi.fn(),
  enterprisesList: vi.fn(),
  liaisonsOfEnterprise: vi.fn(),
  departmentsAll: vi.fn(),
  industries: vi.fn(),
  usccCheck: vi.fn(),
}))
vi.mock('@/bindings', async (importOriginal) => ({ ...(await importOriginal<object>()), commands }))

const ENT = {
  id: 'e1',
  name: '湘潭电机',
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
}

let wrapper: VueWrapper | undefined

beforeEach(() => {
  vi.resetAllMocks()
  commands.enterpriseGet.mockResolvedValue(ENT)
  commands.enterprisesList.mockResolvedValue({ rows: [], total: 0, page: 1, page_size: 30 })
  commands.liaisonsOfEnterprise.mockResolvedValue([])
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

describe('enterprise detail', () => {
  it('has the liaison section and opens the merge dialog for this enterprise', async () => {
    const { plugins, router } = harness()
    await router.push('/enterprises/e1')
    wrapper = mount(EnterpriseDetailView, { props: { id: 'e1' }, global: { plugins }, attachTo: document.body })
    await flushPromises()
    expect(commands.liaisonsOfEnterprise).toHaveBeenCalledWith('e1')
    expect(byTestId('ent-liaisons')?.textContent).toContain('尚未指派联点干部')

    byTestId('ent-detail-merge')!.click()
    await flushPromises()
    const dialog = wrapper.findComponent(EnterpriseMergeDialog)
    expect(dialog.props()).toMatchObject({ modelValue: true, keep: ENT })
    expect(byTestId('merge-pick')).not.toBeNull()

    // After a merge the page shows the merged record and reloads the moved liaisons.
    dialog.vm.$emit('merged', { ...ENT, name: '湘潭电机股份有限公司' })
    await flushPromises()
    expect(byTestId('ent-detail-name')?.textContent).toBe('湘潭电机股份有限公司')
    expect(commands.liaisonsOfEnterprise).toHaveBeenCalledTimes(2)
  })
})
