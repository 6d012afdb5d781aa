// 导入 / 导出 in the enterprise and cadre list toolbars.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { ElSelect } from 'element-plus'
import { harness, byTestId, settle } from '@/test/harness'
import { emptyCadreQuery, emptyEnterpriseQuery } from '@/api/queries'
import EnterpriseListView from './EnterpriseListView.vue'
import CadreListView from './CadreListView.vue'
import ExportMenu from '@/components/ExportMenu.vue'

const commands = vi.hoisted(() => ({
  enterprisesList: vi.fn(),
  enterprisesStatCounts: vi.fn(),
  cadresList: vi.fn(),
  departmentsAll: vi.fn(),
  industries: vi.fn(),
  usccCheck: vi.fn(),
  liaisonCounts: vi.fn(),
  importPreview: vi.fn(),
  exportEnterprises: vi.fn(),
  exportCadres: vi.fn(),
}))
vi.mock('@/bindings', async (importOriginal) => ({ ...(await importOriginal<object>()), commands }))
const dialog = vi.hoisted(() => ({ save: vi.fn() }))
vi.mock('@tauri-apps/plugin-dialog', () => dialog)

let wrapper: VueWrapper | undefined

beforeEach(() => {
  vi.resetAllMocks()
  commands.enterprisesList.mockResolvedValue({ rows: [], total: 0, page: 1, page_size: 50 })
  commands.cadresList.mockResolvedValue({ rows: [], total: 0, page: 1, page_size: 50 })
  commands.departmentsAll.mockResolvedValue([])
  commands.industries.mockResolvedValue([])
  commands.liaisonCounts.mockResolvedValue([])
  dialog.save.mockResolvedValue('/tmp/x.xlsx')
  commands.exportEnterprises.mockResolvedValue({ rows: 0, path: '/tmp/x.xlsx' })
  commands.exportCadres.mockResolvedValue({ rows: 0, path: '/tmp/x.xlsx' })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

async function mountView(view: typeof EnterpriseListView, path: string) {
  const { plugins, router } = harness()
  await router.push(path)
  wrapper = mount(view, { global: { plugins }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

describe('list import and export', () => {
  it('enterprises: 导入 opens the wizard for enterprises; 导出 uses the filters on screen', async () => {
    const w = await mountView(EnterpriseListView, '/enterprises')
    expect(byTestId('import-dialog')).toBeNull()
    byTestId('ent-import')!.click()
    await settle()
    expect(byTestId('import-dialog')).not.toBeNull()
    expect(byTestId('import-file')?.getAttribute('type')).toBe('file')

    const scale = w.findAllComponents(ElSelect).find((s) => s.vm.$attrs['data-testid'] === 'ent-filter-scale')!
    scale.vm.$emit('update:modelValue', 'large')
    scale.vm.$emit('change', 'large')
    await flushPromises()
    expect(byTestId('ent-export')).not.toBeNull()
    await (w.findComponent(ExportMenu).vm as unknown as { run: (f: string) => Promise<void> }).run('csv')
    expect(commands.exportEnterprises).toHaveBeenCalledWith({ ...emptyEnterpriseQuery(), scale: 'large' }, '/tmp/x.xlsx', 'csv')
  })

  it('cadres: the same in the cadre list', async () => {
    const w = await mountView(CadreListView, '/cadres')
    byTestId('cadre-import')!.click()
    await settle()
    expect(document.body.textContent).toContain('导入干部')
    expect(byTestId('cadre-export')).not.toBeNull()
    await (w.findComponent(ExportMenu).vm as unknown as { run: (f: string) => Promise<void> }).run('xlsx')
    expect(commands.exportCadres).toHaveBeenCalledWith(emptyCadreQuery(), '/tmp/x.xlsx', 'xlsx')
  })
})
