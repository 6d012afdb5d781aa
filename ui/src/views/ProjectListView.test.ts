import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { ElSelect, ElTable } from 'element-plus'
import { harness, byTestId, settle } from '@/test/harness'
import { emptyProjectQuery } from '@/api/projects'
import { chooseFile, importReport } from '@/components/importTesting'
import ExportMenu from '@/components/ExportMenu.vue'
import ProjectListView from './ProjectListView.vue'

const commands = vi.hoisted(() => ({
  projectList: vi.fn(),
  projectCreate: vi.fn(),
  departmentsAll: vi.fn(),
  industries: vi.fn(),
  importPreview: vi.fn(),
  exportProjects: vi.fn(),
}))
vi.mock('@/bindings', async (importOriginal) => ({ ...(await importOriginal<object>()), commands }))
const dialog = vi.hoisted(() => ({ save: vi.fn() }))
vi.mock('@tauri-apps/plugin-dialog', () => dialog)

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

  it('导入 opens the wizard for a project ledger, with its columns in the ledger\'s words; 导出 sends the filters', async () => {
    commands.importPreview.mockResolvedValue(
      importReport({
        kind: 'projects',
        mapping: { header_row: 4, columns: [null, 'name', 'budget', 'liaison', 'department'] },
        columns: [
          { index: 0, header: '序号', field: null },
          { index: 1, header: '项目名称', field: 'name' },
          { index: 2, header: '投资情况(万元) 总投资', field: 'budget' },
          { index: 3, header: '联系领导', field: 'liaison' },
          { index: 4, header: '牵头单位', field: 'department' },
        ],
        fields: ['name', 'budget', 'liaison', 'department'],
        problems: [{ row: 6, column: '牵头单位', field: 'department', message: '未找到单位“火星局”', warning: false }],
        missing: [{ kind: 'function', name: '火星局', parent: null, rows: 1 }],
      }),
    )
    const { w } = await mountList()
    byTestId('project-import')!.click()
    await settle()
    expect(document.body.textContent).toContain('导入项目台账')
    expect(byTestId('import-kind')).toBeNull()
    await chooseFile('import-file', '2026年民生实事台账.xlsx', 'x')
    await settle()
    expect(commands.importPreview.mock.calls[0][0]).toBe('projects')
    const mapping = byTestId('import-mapping')!.textContent!
    expect(mapping).toContain('投资情况(万元) 总投资')
    // The fields are named as a project ledger names them, not as the registry does.
    const select = w.findAllComponents(ElSelect).find((s) => s.vm.$attrs['data-testid'] === 'import-map-3')!
    const labels = select.findAllComponents({ name: 'ElOption' }).map((o) => o.props('label'))
    expect(labels).toEqual(['项目名称', '总投资(万元)', '挂钩联系人', '责任单位'])
    expect(document.body.textContent).toContain('未找到单位“火星局”')
    expect((byTestId('import-start') as HTMLButtonElement).disabled).toBe(true)

    dialog.save.mockResolvedValue('/tmp/p.xlsx')
    commands.exportProjects.mockResolvedValue({ rows: 1, path: '/tmp/p.xlsx' })
    await (w.findComponent(ExportMenu).vm as unknown as { run: (f: string) => Promise<void> }).run('xlsx')
    expect(commands.exportProjects).toHaveBeenCalledWith(emptyProjectQuery(), '/tmp/p.xlsx', 'xlsx')
  })
})
