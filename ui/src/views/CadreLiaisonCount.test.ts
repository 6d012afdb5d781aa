// The cadre list's 联点企业数 column and the cadre's enterprises drawer.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { harness, byTestId } from '@/test/harness'
import CadreListView from './CadreListView.vue'

const commands = vi.hoisted(() => ({
  cadresList: vi.fn(),
  departmentsAll: vi.fn(),
  industries: vi.fn(),
  liaisonCounts: vi.fn(),
  liaisonsOfCadre: vi.fn(),
}))
vi.mock('@/bindings', async (importOriginal) => ({ ...(await importOriginal<object>()), commands }))

const cadre = (id: string, name: string) => ({
  id,
  name,
  department_id: null,
  position: null,
  role: 'cadre',
  mobile: null,
  active: true,
  created_at: '',
  updated_at: '',
})

let wrapper: VueWrapper | undefined

beforeEach(() => {
  vi.resetAllMocks()
  commands.cadresList.mockResolvedValue({ rows: [cadre('c1', '游志华'), cadre('c2', '李四')], total: 2, page: 1, page_size: 50 })
  commands.departmentsAll.mockResolvedValue([])
  commands.liaisonCounts.mockResolvedValue([{ cadre_id: 'c1', current: 5 }])
  commands.liaisonsOfCadre.mockResolvedValue([
    {
      id: 'l1',
      cadre_id: 'c1',
      cadre_name: '游志华',
      cadre_department_id: null,
      cadre_mobile: null,
      enterprise_id: 'e1',
      enterprise_name: '湘潭电机股份有限公司',
      project_id: null,
      role: 'lead',
      start_date: '2024-03-01',
      end_date: null,
      note: null,
      current: true,
    },
  ])
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

describe('cadre list liaison counts', () => {
  it('counts the page’s current liaisons in one call and lists a cadre’s enterprises on click', async () => {
    const { plugins, router } = harness()
    await router.push('/cadres')
    wrapper = mount(CadreListView, { global: { plugins }, attachTo: document.body })
    await flushPromises()
    expect(commands.liaisonCounts).toHaveBeenCalledWith(['c1', 'c2'])
    const counts = [...document.querySelectorAll('[data-testid="cadre-liaison-count"]')].map((e) => e.textContent!.trim())
    expect(counts).toEqual(['5', '0'])

    ;(document.querySelector('[data-testid="cadre-liaison-count"]') as HTMLElement).click()
    await flushPromises()
    expect(commands.liaisonsOfCadre).toHaveBeenCalledWith('c1')
    expect(byTestId('cadre-liaisons')?.textContent).toContain('湘潭电机股份有限公司')
    expect(document.body.textContent).toContain('游志华的联点企业')
  })
})
