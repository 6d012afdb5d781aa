import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { ElPagination, ElSelect, ElTable } from 'element-plus'
import { harness, byTestId, sleep, typeInto } from '@/test/harness'
import { emptyEnterpriseQuery } from '@/api/queries'
import EnterpriseListView from './EnterpriseListView.vue'

const commands = vi.hoisted(() => ({
  enterprisesList: vi.fn(),
  enterprisesStatCounts: vi.fn(),
  departmentsAll: vi.fn(),
  industries: vi.fn(),
  usccCheck: vi.fn(),
  enterpriseDelete: vi.fn(),
}))
vi.mock('@/bindings', async (importOriginal) => ({ ...(await importOriginal<object>()), commands }))

const ROW = {
  id: 'e1',
  name: '连心精密制造有限公司',
  short_name: '连心精密',
  uscc: null,
  industry: 'C',
  scale: 'medium',
  stat_class: 'industry',
  ownership: 'private',
  address: null,
  street_id: 's1',
  community_id: null,
  legal_rep: null,
  contact_name: '王经理',
  contact_phone: '13800000000',
  tags: [],
  status: 'operating',
  notes: null,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-02T03:04:00.000Z',
}

let wrapper: VueWrapper | undefined

async function mountList() {
  const { plugins, router } = harness()
  await router.push('/enterprises')
  wrapper = mount(EnterpriseListView, { global: { plugins }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

const lastQuery = () => commands.enterprisesList.mock.calls.at(-1)![0]

beforeEach(() => {
  vi.resetAllMocks()
  commands.enterprisesList.mockResolvedValue({ rows: [ROW], total: 120, page: 1, page_size: 50 })
  commands.departmentsAll.mockResolvedValue([
    { id: 's1', name: '东湖街道', kind: 'street', parent_id: null, phone: null, sort_order: 0, active: true, created_at: '', updated_at: '' },
  ])
  commands.industries.mockResolvedValue([{ code: 'C', zh: '制造业', en: 'Manufacturing' }])
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

describe('EnterpriseListView', () => {
  it('loads the first page with every filter off', async () => {
    await mountList()
    expect(commands.enterprisesList).toHaveBeenCalledTimes(1)
    expect(lastQuery()).toEqual(emptyEnterpriseQuery())
    expect(lastQuery().page_size).toBe(50)
    expect(byTestId('ent-table')?.textContent).toContain('连心精密制造有限公司')
  })

  it('asks the server to sort when a sortable column is sorted', async () => {
    const w = await mountList()
    w.findComponent(ElTable).vm.$emit('sort-change', { column: {}, prop: 'street_id', order: 'descending' })
    await flushPromises()
    expect(lastQuery()).toMatchObject({ sort: 'street', desc: true, page: 1 })

    w.findComponent(ElTable).vm.$emit('sort-change', { column: {}, prop: 'updated_at', order: 'ascending' })
    await flushPromises()
    expect(lastQuery()).toMatchObject({ sort: 'updated_at', desc: false })

    w.findComponent(ElTable).vm.$emit('sort-change', { column: {}, prop: 'updated_at', order: null })
    await flushPromises()
    expect(lastQuery()).toMatchObject({ sort: null, desc: false })
  })

  it('fetches the page asked for, and goes back to page 1 when a filter changes', async () => {
    const w = await mountList()
    w.findComponent(ElPagination).vm.$emit('update:current-page', 3)
    await flushPromises()
    expect(lastQuery()).toMatchObject({ page: 3, page_size: 50 })

    const scale = w.findAllComponents(ElSelect).find((s) => s.vm.$attrs['data-testid'] === 'ent-filter-scale')!
    scale.vm.$emit('update:modelValue', 'large')
    scale.vm.$emit('change', 'large')
    await flushPromises()
    expect(lastQuery()).toEqual({ ...emptyEnterpriseQuery(), scale: 'large', page: 1 })
  })

  it('searches by keyword after a 300ms pause, once', async () => {
    await mountList()
    commands.enterprisesList.mockClear()
    typeInto(byTestId('ent-search'), '连')
    typeInto(byTestId('ent-search'), '连心')
    await sleep(100)
    expect(commands.enterprisesList).not.toHaveBeenCalled()
    await sleep(300)
    await flushPromises()
    expect(commands.enterprisesList).toHaveBeenCalledTimes(1)
    expect(lastQuery()).toMatchObject({ text: '连心', page: 1 })
  })

  it('shows the counts by 统计分类 beside the filters, and a click on 四上 lists those', async () => {
    commands.enterprisesStatCounts.mockResolvedValue({
      total: 120,
      four_above: 30,
      by_class: [
        { stat_class: 'industry', count: 25 },
        { stat_class: 'trade', count: 5 },
        { stat_class: 'below', count: 60 },
        { stat_class: null, count: 30 },
      ],
    })
    await mountList()
    const counts = byTestId('ent-stat-counts')!.textContent!.replace(/\s+/g, ' ')
    expect(counts).toContain('四上 30')
    expect(counts).toContain('规上工业 25')
    expect(counts).toContain('规下 60')
    expect(counts).toContain('未分类 30')
    expect(byTestId('ent-table')?.textContent).toContain('规上工业')
    byTestId('ent-stat-four-above')!.click()
    await flushPromises()
    expect(lastQuery()).toEqual({ ...emptyEnterpriseQuery(), four_above: true, page: 1 })
    expect(commands.enterprisesStatCounts).toHaveBeenCalledTimes(1)
  })

  it('changes page size back on page 1', async () => {
    const w = await mountList()
    const pager = w.findComponent(ElPagination)
    pager.vm.$emit('update:current-page', 2)
    await flushPromises()
    pager.vm.$emit('update:page-size', 100)
    pager.vm.$emit('size-change', 100)
    await flushPromises()
    expect(lastQuery()).toMatchObject({ page: 1, page_size: 100 })
  })
})
