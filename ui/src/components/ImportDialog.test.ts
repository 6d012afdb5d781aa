import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { ElSelect } from 'element-plus'
import { harness, byTestId, settle } from '@/test/harness'
import { chooseFile as chooseIn, importReport } from './importTesting'
import { channels } from './progressChannelMock'
import type { ImportReport } from '@/bindings'
import ImportDialog from './ImportDialog.vue'
import ExportMenu from './ExportMenu.vue'

const commands = vi.hoisted(() => ({
  importPreview: vi.fn(),
  importRecheck: vi.fn(),
  importCommit: vi.fn(),
  importCancel: vi.fn(),
  importLeftOutExport: vi.fn(),
  exportEnterprises: vi.fn(),
  exportCadres: vi.fn(),
}))
vi.mock('@/bindings', async (importOriginal) => ({ ...(await importOriginal<object>()), commands }))

// The progress channel: the test plays the Rust side through `channels`.
vi.mock('@tauri-apps/api/core', () => import('./progressChannelMock'))
const dialog = vi.hoisted(() => ({ save: vi.fn() }))
vi.mock('@tauri-apps/plugin-dialog', () => dialog)

const report = importReport

let wrapper: VueWrapper | undefined

async function open(kind: 'enterprises' | 'cadres' = 'enterprises') {
  const { plugins } = harness()
  wrapper = mount(ImportDialog, { props: { modelValue: true, kind }, global: { plugins }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

const chooseFile = (name: string, text: string) => chooseIn('import-file', name, text)

const startButton = () => byTestId('import-start') as HTMLButtonElement

beforeEach(() => {
  vi.resetAllMocks()
  channels.length = 0
  commands.importPreview.mockResolvedValue(report())
  commands.importRecheck.mockResolvedValue(report())
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

describe('ImportDialog', () => {
  it('sends the chosen file as bytes and shows the mapping and the problems by row and column', async () => {
    await open()
    expect(byTestId('import-dialog')).not.toBeNull()
    await chooseFile('名单.csv', 'ab')
    expect(commands.importPreview).toHaveBeenCalledWith('enterprises', '名单.csv', [97, 98], {
      mapping: null,
      existing: 'update',
      create_missing: false,
      skip_invalid: false,
      create_cadres: false,
    })
    expect(byTestId('import-mapping')?.textContent).toContain('企业名称')
    const problems = byTestId('import-problems')!.textContent!
    expect(problems).toContain('4')
    expect(problems).toContain('联系电话')
    expect(problems).toContain('联系电话“12345”格式不对')
    expect(byTestId('import-summary')?.textContent).toContain('有问题 1')
    // A problem row blocks the import until the user chooses to skip such rows.
    expect(startButton().disabled).toBe(true)
    expect(byTestId('import-file'), 'the input stays in the DOM').not.toBeNull()
  })

  it('rechecks with the changed mapping, one column per field', async () => {
    const w = await open()
    await chooseFile('名单.xlsx', 'x')
    const select = w.findAllComponents(ElSelect).find((s) => s.vm.$attrs['data-testid'] === 'import-map-0')!
    select.vm.$emit('change', 'name')
    await settle()
    expect(commands.importRecheck).toHaveBeenLastCalledWith(
      'enterprises',
      expect.objectContaining({ mapping: { header_row: 2, columns: ['name', null, 'contact_phone'] } }),
    )
  })

  it('imports with progress, skipping bad rows when asked, and reports the result', async () => {
    const w = await open()
    await chooseFile('名单.csv', 'x')
    commands.importRecheck.mockResolvedValue(report())
    ;(byTestId('import-skip-invalid')!.querySelector('input') as HTMLInputElement).click()
    await settle()
    expect(commands.importRecheck).toHaveBeenLastCalledWith('enterprises', expect.objectContaining({ skip_invalid: true }))
    expect(startButton().disabled).toBe(false)

    let finish!: (r: ImportReport) => void
    commands.importCommit.mockReturnValue(new Promise((r) => (finish = r)))
    startButton().click()
    await flushPromises()
    expect(commands.importCommit).toHaveBeenCalledWith('enterprises', expect.objectContaining({ skip_invalid: true }), channels[0])
    channels[0].onmessage({ done: 1, total: 2 })
    await flushPromises()
    expect(byTestId('import-progress')?.textContent).toContain('50%')
    finish(report({ committed: true, new_rows: 2, invalid_rows: 1 }))
    await settle()
    expect(byTestId('import-result')?.textContent).toContain('新增 2 条')
    byTestId('import-done')!.click()
    await flushPromises()
    expect(w.emitted('done')?.[0]?.[0]).toMatchObject({ committed: true, new_rows: 2 })
    expect(w.emitted('update:modelValue')?.at(-1)).toEqual([false])
  })

  it('cancels a running import and goes back to the preview', async () => {
    commands.importPreview.mockResolvedValue(report({ invalid_rows: 0, problems: [], problems_total: 0 }))
    await open()
    await chooseFile('名单.csv', 'x')
    let fail!: (e: unknown) => void
    commands.importCommit.mockReturnValue(new Promise((_, reject) => (fail = reject)))
    startButton().click()
    await flushPromises()
    byTestId('import-cancel')!.click()
    await flushPromises()
    expect(commands.importCancel).toHaveBeenCalled()
    fail({ code: 'cancelled', message: '已取消,未导入任何数据', field: null })
    await settle()
    expect(byTestId('import-problems')).toBeNull()
    expect(byTestId('import-summary')).not.toBeNull()
    expect(document.body.textContent).toContain('已取消,未导入任何数据')
  })

  it('offers to create streets the file names but the database lacks', async () => {
    commands.importPreview.mockResolvedValue(
      report({ missing: [{ kind: 'street', name: '火星街道', parent: null, rows: 3 }] }),
    )
    await open()
    await chooseFile('名单.csv', 'x')
    expect(document.body.textContent).toContain('火星街道')
    ;(byTestId('import-create-missing')!.querySelector('input') as HTMLInputElement).click()
    await settle()
    expect(commands.importRecheck).toHaveBeenLastCalledWith('enterprises', expect.objectContaining({ create_missing: true }))
  })

  it('offers the rows left out as an .xlsx after the import, where the user saves it', async () => {
    await open()
    await chooseFile('名单.csv', 'x')
    ;(byTestId('import-skip-invalid')!.querySelector('input') as HTMLInputElement).click()
    await settle()
    const left_out = [{ row: 4, reasons: '联系电话:联系电话“12345”格式不对' }]
    commands.importCommit.mockResolvedValue(report({ committed: true, new_rows: 2, left_out }))
    startButton().click()
    await settle()
    dialog.save.mockResolvedValue('/home/u/名单_未导入的行.xlsx')
    commands.importLeftOutExport.mockResolvedValue({ rows: 1, path: '/home/u/名单_未导入的行.xlsx' })
    expect(byTestId('import-left-out')!.textContent).toContain('导出未导入的 1 行')
    byTestId('import-left-out')!.click()
    await settle()
    expect(dialog.save.mock.calls[0][0].defaultPath).toBe('名单_未导入的行.xlsx')
    expect(commands.importLeftOutExport).toHaveBeenCalledWith(2, left_out, '/home/u/名单_未导入的行.xlsx')
    expect(document.body.textContent).toContain('已把 1 行写入')
  })

  it('lists unknown liaison cadres and creates them when the user ticks it', async () => {
    const unknown = [{ name: '王芳', unit: '经发局', rows: 2 }]
    commands.importPreview.mockResolvedValue(report({ unknown_cadres: unknown }))
    commands.importRecheck.mockResolvedValue(report({ unknown_cadres: unknown, new_cadres: 1 }))
    await open()
    await chooseFile('名单.xlsx', 'x')
    expect(byTestId('import-unknown-cadres')?.textContent).toContain('王芳 · 经发局 (2)')
    expect(commands.importPreview).toHaveBeenCalledWith('enterprises', '名单.xlsx', [120], expect.objectContaining({ create_cadres: false }))
    ;(byTestId('import-create-cadres')!.querySelector('input') as HTMLInputElement).click()
    await settle()
    expect(commands.importRecheck).toHaveBeenLastCalledWith('enterprises', expect.objectContaining({ create_cadres: true }))
    expect(byTestId('import-summary')?.textContent).toContain('新建干部 1 名(手机号待补)')
  })
})

describe('ExportMenu', () => {
  it('asks where to save with a dated default name, then exports every page of the filtered list', async () => {
    const { plugins } = harness()
    const query = { text: '湘潭', street_id: 's1', page: 3, page_size: 50, desc: false }
    wrapper = mount(ExportMenu, { props: { what: 'enterprises', query, testid: 'ent-export' }, global: { plugins }, attachTo: document.body })
    dialog.save.mockResolvedValue('/home/u/企业名录.xlsx')
    commands.exportEnterprises.mockResolvedValue({ rows: 120, path: '/home/u/企业名录.xlsx' })
    await (wrapper.vm as unknown as { run: (f: string) => Promise<void> }).run('xlsx')
    await flushPromises()
    const opts = dialog.save.mock.calls[0][0]
    expect(opts.defaultPath).toMatch(/^企业名录_\d{4}-\d{2}-\d{2}\.xlsx$/)
    expect(commands.exportEnterprises).toHaveBeenCalledWith({ ...query, page: 1 }, '/home/u/企业名录.xlsx', 'xlsx')
    expect(document.body.textContent).toContain('已导出 120 行')

    dialog.save.mockResolvedValue(null)
    await (wrapper.vm as unknown as { run: (f: string) => Promise<void> }).run('csv')
    expect(commands.exportEnterprises).toHaveBeenCalledTimes(1)
  })
})
