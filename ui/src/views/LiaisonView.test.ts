import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { ElSelect, ElTable, ElTabs } from 'element-plus'
import { harness, byTestId, sleep, typeInto } from '@/test/harness'
import { emptyLiaisonQuery, emptyWorkloadQuery } from '@/api/liaison'
import LiaisonView from './LiaisonView.vue'
import CadreLiaisonsDrawer from '@/components/CadreLiaisonsDrawer.vue'

const commands = vi.hoisted(() => ({
  liaisonsList: vi.fn(),
  liaisonWorkload: vi.fn(),
  liaisonLeaders: vi.fn(),
  liaisonsOfCadre: vi.fn(),
  cadresList: vi.fn(),
  departmentsAll: vi.fn(),
  industries: vi.fn(),
}))
vi.mock('@/bindings', async (importOriginal) => ({ ...(await importOriginal<object>()), commands }))

const LIAISON = {
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
}
const WORK = {
  cadre_id: 'c1',
  name: '游志华',
  department_id: null,
  position: '科长',
  role: 'cadre',
  active: true,
  lead: 6,
  leader: 0,
  specialist: 1,
  total: 7,
}
const LEADER = {
  cadre_id: 'c9',
  name: '王书记',
  department_id: null,
  position: '主任',
  mobile: null,
  enterprises: [
    { liaison_id: 'x', enterprise_id: 'e1', name: '湘潭电机股份有限公司', scale: 'large', street_id: null, role: 'leader', start_date: '2024-01-01' },
    { liaison_id: 'y', enterprise_id: 'e2', name: '湘潭钢铁', scale: 'large', street_id: null, role: 'leader', start_date: '2024-01-01' },
  ],
}

let wrapper: VueWrapper | undefined

async function mountView(path = '/liaison') {
  const { plugins, router } = harness()
  await router.push(path)
  wrapper = mount(LiaisonView, { global: { plugins }, attachTo: document.body })
  await flushPromises()
  return { w: wrapper, router }
}

const lastList = () => commands.liaisonsList.mock.calls.at(-1)![0]

beforeEach(() => {
  vi.resetAllMocks()
  commands.liaisonsList.mockResolvedValue({ rows: [LIAISON], total: 1, page: 1, page_size: 50 })
  commands.liaisonWorkload.mockResolvedValue({ rows: [WORK], total: 1, page: 1, page_size: 50 })
  commands.liaisonLeaders.mockResolvedValue([LEADER])
  commands.liaisonsOfCadre.mockResolvedValue([LIAISON])
  commands.cadresList.mockResolvedValue({ rows: [], total: 0, page: 1, page_size: 30 })
  commands.departmentsAll.mockResolvedValue([])
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

describe('LiaisonView', () => {
  it('opens on the liaison table showing current liaisons, newest first', async () => {
    await mountView()
    expect(commands.liaisonsList).toHaveBeenCalledTimes(1)
    expect(lastList()).toEqual({ ...emptyLiaisonQuery(), status: 'current' })
    expect(byTestId('liaison-table')?.textContent).toContain('湘潭电机股份有限公司')
    expect(byTestId('liaison-table')?.textContent).toContain('联点干部')
    expect(commands.liaisonWorkload).not.toHaveBeenCalled()
  })

  it('filters by role, status and text, and sorts on the server', async () => {
    const { w } = await mountView()
    const select = (id: string) => w.findAllComponents(ElSelect).find((s) => s.vm.$attrs['data-testid'] === id)!
    select('liaison-filter-role').vm.$emit('update:modelValue', 'leader')
    select('liaison-filter-role').vm.$emit('change', 'leader')
    select('liaison-filter-status').vm.$emit('update:modelValue', '')
    await flushPromises()
    expect(lastList()).toMatchObject({ role: 'leader', status: null, page: 1 })

    typeInto(byTestId('liaison-search'), '电机')
    await sleep(350)
    await flushPromises()
    expect(lastList()).toMatchObject({ text: '电机' })

    w.findComponent(ElTable).vm.$emit('sort-change', { column: {}, prop: 'cadre_name', order: 'descending' })
    await flushPromises()
    expect(lastList()).toMatchObject({ sort: 'cadre', desc: true })
  })

  it('shows the cadre workload, busiest first, and a cadre’s enterprises on click', async () => {
    const { w, router } = await mountView()
    w.findComponent(ElTabs).vm.$emit('update:modelValue', 'workload')
    await flushPromises()
    expect(commands.liaisonWorkload).toHaveBeenCalledWith({ ...emptyWorkloadQuery(), active: true })
    expect(byTestId('workload-table')?.textContent).toContain('游志华')
    expect(byTestId('workload-table')?.textContent).toContain('7')
    expect(router.currentRoute.value.query.tab).toBe('workload')

    byTestId('workload-cadre')!.click()
    await flushPromises()
    expect(w.findComponent(CadreLiaisonsDrawer).props()).toMatchObject({ modelValue: true, cadreId: 'c1' })
    expect(commands.liaisonsOfCadre).toHaveBeenCalledWith('c1')
  })

  it('shows each leader with the enterprises they look after', async () => {
    await mountView('/liaison?tab=leaders')
    expect(commands.liaisonLeaders).toHaveBeenCalledWith({ text: null, department_id: null })
    const text = byTestId('leaders-table')!.textContent!
    expect(text).toContain('王书记')
    expect(byTestId('leader-count')?.textContent).toContain('2 家')
    expect(text).toContain('湘潭电机股份有限公司、湘潭钢铁')
  })
})
