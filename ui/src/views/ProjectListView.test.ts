import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { ElSelect, ElTable } from 'element-plus'
import { harness, byTestId } from '@/test/harness'
import { emptyProjectQuery } from '@/api/projects'
import ProjectListView from './ProjectListView.vue'

const commands = vi.hoisted(() => ({
  projectList: vi.fn(),
  projectCreate: vi.fn(),
  departmentsAll: vi.fn(),
  industries: vi.fn(),
}))
vi.mock('@/bindings', async (importOriginal) => ({ ...(await importOriginal<object>()), commands }))

const PROJECT = {
  id: 'p1',
  name: '双马路段路灯安装',
  kind: 'livelihood',
  category: 'lights',
  year: 2026,
  location: null,
  street_id: 's1',
  community_id: null,
  department_id: null,
  content: null,
  budget_fen: 8_000_000,
  spent_fen: null,
  quantity: 132,
  unit: '盏',
  beneficiaries: 15,
  beneficiary_unit: '户',
  planned_start: '2026-03-01',
  planned_finish: '2026-09-30',
  actual_start: '2026-03-02',
  actual_finish: null,
  status: 'building',
  progress: 65,
  due_on: '2026-05-29',
  note: null,
  created_at: '',
  updated_at: '',
}

let wrapper: VueWrapper | undefined

async function mountList() {
  const { plugins, router } = harness()
  await router.push('/projects')
  wrapper = mount(ProjectListView, { global: { plugins }, attachTo: document.body })
  await flushPromises()
  return { w: wrapper, router }
}

const lastQuery = () => commands.projectList.mock.calls.at(-1)![0]

beforeEach(() => {
  vi.resetAllMocks()
  commands.projectList.mockResolvedValue({
    rows: [{ project: PROJECT, flag: 'red', contacts: ['王建军'], photos: null }],
    total: 1,
    page: 1,
    page_size: 50,
  })
  commands.departmentsAll.mockResolvedValue([
    { id: 's1', name: '双马街道', kind: 'street', parent_id: null, phone: null, sort_order: 0, active: true, created_at: '', updated_at: '' },
  ])
  commands.industries.mockResolvedValue([])
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

describe('ProjectListView', () => {
  it('loads the first page with every filter off and shows flag, progress, budget in 万元 and contacts', async () => {
    await mountList()
    expect(commands.projectList).toHaveBeenCalledTimes(1)
    expect(lastQuery()).toEqual(emptyProjectQuery())
    const text = byTestId('project-table')!.textContent!
    expect(text).toContain('双马路段路灯安装')
    expect(text).toContain('红灯')
    expect(text).toContain('民生实事 · 路灯亮化')
    expect(text).toContain('在建')
    expect(text).toContain('65%')
    expect(text).toContain('8')
    expect(text).toContain('132盏')
    expect(text).toContain('双马街道')
    expect(text).toContain('王建军')
  })

  it('filters by kind and flag, and sorts on the server', async () => {
    const { w } = await mountList()
    const select = (id: string) => w.findAllComponents(ElSelect).find((s) => s.vm.$attrs['data-testid'] === id)!
    select('project-filter-kind').vm.$emit('update:modelValue', 'key')
    await flushPromises()
    select('project-filter-flag').vm.$emit('update:modelValue', 'red')
    await flushPromises()
    expect(lastQuery()).toEqual({ ...emptyProjectQuery(), kind: 'key', flag: 'red' })
    w.findComponent(ElTable).vm.$emit('sort-change', { column: {}, prop: 'budget_fen', order: 'descending' })
    await flushPromises()
    expect(lastQuery()).toMatchObject({ sort: 'budget', desc: true, page: 1 })
  })

  it("shows a project's photo thumbnail with the count, and nothing for one without photos", async () => {
    commands.projectList.mockResolvedValue({
      rows: [
        { project: PROJECT, flag: 'red', contacts: [], photos: { count: 3, thumb: 'data:image/jpeg;base64,AAAA' } },
        { project: { ...PROJECT, id: 'p2', name: '无照片项目' }, flag: null, contacts: [], photos: null },
      ],
      total: 2,
      page: 1,
      page_size: 50,
    })
    await mountList()
    const cells = document.querySelectorAll('[data-testid="project-photos"]')
    expect(cells).toHaveLength(1)
    expect(cells[0].textContent!.trim()).toBe('3')
    expect(cells[0].querySelector('img')!.getAttribute('src')).toBe('data:image/jpeg;base64,AAAA')
  })

  it('opens the project page from its name', async () => {
    const { router } = await mountList()
    byTestId('project-open')!.click()
    // The project page is loaded lazily before the route changes.
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/projects/p1'), { timeout: 5000 })
  })
})
