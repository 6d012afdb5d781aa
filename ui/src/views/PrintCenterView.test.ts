import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { byTestId, harness, settle } from '@/test/harness'
import type { PrintPreview } from '@/bindings'
import { channels } from '@/components/progressChannelMock'
import { choicesFromQuery, jobOf, printLink, queryOf } from '@/api/print'
import PrintCenterView from './PrintCenterView.vue'

const commands = vi.hoisted(() => ({
  printMake: vi.fn(),
  printPage: vi.fn(),
  printOpen: vi.fn(),
  printSave: vi.fn(),
  printCancel: vi.fn(),
  printSettings: vi.fn(),
  printSettingsSave: vi.fn(),
  issueBatches: vi.fn(),
  departmentsAll: vi.fn(),
  industries: vi.fn(),
  cadreGet: vi.fn(),
  cadresList: vi.fn(),
}))
vi.mock('@/bindings', async (importOriginal) => ({ ...(await importOriginal<object>()), commands }))
vi.mock('@tauri-apps/api/core', () => import('@/components/progressChannelMock'))
const dialog = vi.hoisted(() => ({ save: vi.fn() }))
vi.mock('@tauri-apps/plugin-dialog', () => dialog)
vi.setConfig({ testTimeout: 20000 })

const PREVIEW: PrintPreview = {
  file_name: '连心卡.pdf',
  report: { pages: 4, count: 12, missing: [{ record: '干部「赵」', character: '\u{E123}' }], notes: ['3 家企业没有在任的联点干部，未制卡'] },
}

beforeEach(() => {
  vi.clearAllMocks()
  channels.length = 0
  commands.issueBatches.mockResolvedValue([{ id: 'b1', no: '2026年第3批', assigned_on: '2026-03-02', note: null, created_at: '', updated_at: '' }])
  commands.departmentsAll.mockResolvedValue([])
  commands.industries.mockResolvedValue([])
  commands.cadreGet.mockResolvedValue({ id: 'c1', name: '王堃' })
  commands.cadresList.mockResolvedValue({ rows: [], total: 0, page: 1, page_size: 30 })
  commands.printMake.mockResolvedValue(PREVIEW)
  commands.printPage.mockResolvedValue('<svg xmlns="http://www.w3.org/2000/svg"></svg>')
})

describe('print choices', () => {
  it('go to and from the address, and make a job only when complete', () => {
    const c = choicesFromQuery({ kind: 'cards', by: 'cadre', id: 'c1' })
    expect(jobOf(c)).toEqual({ kind: 'cards', scope: { by: 'cadre', id: 'c1' } })
    expect(queryOf(c)).toEqual({ kind: 'cards', by: 'cadre', id: 'c1' })
    expect(jobOf(choicesFromQuery({ kind: 'cards', by: 'cadre' }))).toBeNull()
    expect(jobOf(choicesFromQuery({ kind: 'supervision', issues: '2026-00001, 2026-00002' }))).toEqual({
      kind: 'supervision',
      issue_ids: ['2026-00001', '2026-00002'],
    })
    expect(jobOf(choicesFromQuery({ kind: 'assignment' }))).toBeNull()
    expect(jobOf(choicesFromQuery({ kind: 'wall', paper: 'a3' }))).toEqual({ kind: 'wall', paper: 'a3' })
    expect(jobOf(choicesFromQuery({ kind: 'bulletin', from: '2026-11-01', to: '2026-11-30' }))).toEqual({
      kind: 'bulletin',
      from: '2026-11-01',
      to: '2026-11-30',
    })
    expect(printLink({ kind: 'assignment', batch: '2026年第3批' })).toEqual({
      path: '/print',
      query: { kind: 'assignment', batch: '2026年第3批', auto: '1' },
    })
  })
})

async function open(query: Record<string, string>) {
  const { plugins, router } = harness()
  await router.push({ path: '/print', query })
  const w = mount(PrintCenterView, { global: { plugins }, attachTo: document.body })
  await settle()
  return { w, router }
}

describe('PrintCenterView', () => {
  it('lays out a cadre’s cards on arrival, shows the first page, what is missing and what was left out', async () => {
    const { w } = await open({ kind: 'cards', by: 'cadre', id: 'c1', auto: '1' })
    expect(commands.printMake).toHaveBeenCalledWith({ kind: 'cards', scope: { by: 'cadre', id: 'c1' } }, expect.anything())
    expect(commands.printPage).toHaveBeenCalledWith(0)
    expect(byTestId('print-page')?.getAttribute('src')).toContain('data:image/svg+xml')
    expect(w.text()).toContain('共 4 页')
    expect(w.text()).toContain('12 张卡片')
    expect(byTestId('print-missing')?.textContent).toContain('干部「赵」')
    expect(w.text()).toContain('没有在任的联点干部')
    w.unmount()
  })

  it('opens the PDF in the system viewer with 打印, and saves it where the user says', async () => {
    commands.printOpen.mockResolvedValue('/data/prints/连心卡.pdf')
    const { w } = await open({ kind: 'wall', paper: 'a4', auto: '1' })
    ;(byTestId('print-open') as HTMLButtonElement).click()
    await flushPromises()
    expect(commands.printOpen).toHaveBeenCalledWith('连心卡.pdf')
    dialog.save.mockResolvedValue('/home/u/墙.pdf')
    ;(byTestId('print-save') as HTMLButtonElement).click()
    await settle()
    expect(dialog.save).toHaveBeenCalledWith(expect.objectContaining({ defaultPath: '连心卡.pdf' }))
    expect(commands.printSave).toHaveBeenCalledWith('/home/u/墙.pdf')
    w.unmount()
  })

  it('shows progress while laying out and drops the result when cancelled', async () => {
    let finish: (p: PrintPreview) => void = () => {}
    commands.printMake.mockImplementation(() => new Promise((r) => (finish = r)))
    const { w } = await open({ kind: 'cards', by: 'all' })
    expect(commands.printMake).not.toHaveBeenCalled()
    ;(byTestId('print-make') as HTMLButtonElement).click()
    await flushPromises()
    channels[0].onmessage({ done: 200, total: 800 })
    await flushPromises()
    expect(byTestId('print-progress')?.textContent).toContain('200/800')
    ;(byTestId('print-cancel') as HTMLButtonElement).click()
    await flushPromises()
    expect(commands.printCancel).toHaveBeenCalled()
    finish(PREVIEW)
    await settle()
    expect(byTestId('print-progress')).toBeNull()
    expect(byTestId('print-summary')).toBeNull()
    w.unmount()
  })

  it('keeps the choices in the address and waits for a complete choice', async () => {
    const { w, router } = await open({ kind: 'supervision' })
    expect((byTestId('print-make') as HTMLButtonElement).disabled).toBe(true)
    ;(byTestId('print-kind-bulletin')?.querySelector('input') as HTMLInputElement).click()
    await settle()
    expect(router.currentRoute.value.query.kind).toBe('bulletin')
    expect(router.currentRoute.value.query.from).toMatch(/^\d{4}-\d{2}-01$/)
    expect((byTestId('print-make') as HTMLButtonElement).disabled).toBe(false)
    w.unmount()
  })
})
