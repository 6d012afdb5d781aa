import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { harness, byTestId, settle } from '@/test/harness'
import EnterpriseLiaisons from './EnterpriseLiaisons.vue'
import LiaisonAssignDialog from './LiaisonAssignDialog.vue'

const commands = vi.hoisted(() => ({
  liaisonsOfEnterprise: vi.fn(),
  liaisonEnd: vi.fn(),
  cadresList: vi.fn(),
  departmentsAll: vi.fn(),
  industries: vi.fn(),
}))
vi.mock('@/bindings', async (importOriginal) => ({ ...(await importOriginal<object>()), commands }))

const row = (id: string, cadre: string, role: string, current: boolean) => ({
  id,
  cadre_id: `c-${id}`,
  cadre_name: cadre,
  cadre_department_id: null,
  cadre_mobile: '13807312345',
  enterprise_id: 'e1',
  enterprise_name: '甲公司',
  project_id: null,
  role,
  start_date: '2024-01-01',
  end_date: current ? null : '2024-06-30',
  note: current ? null : '更换为李四',
  current,
})

let wrapper: VueWrapper | undefined

async function mountSection() {
  const { plugins } = harness()
  wrapper = mount(EnterpriseLiaisons, {
    props: { enterpriseId: 'e1', enterpriseName: '甲公司' },
    global: { plugins },
    attachTo: document.body,
  })
  await flushPromises()
  return wrapper
}

beforeEach(() => {
  vi.resetAllMocks()
  commands.cadresList.mockResolvedValue({ rows: [], total: 0, page: 1, page_size: 30 })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

describe('EnterpriseLiaisons', () => {
  it('lists current and past liaisons with their roles and dates', async () => {
    commands.liaisonsOfEnterprise.mockResolvedValue([
      row('l2', '李四', 'lead', true),
      row('l3', '王书记', 'leader', true),
      row('l1', '游志华', 'lead', false),
    ])
    await mountSection()
    expect(commands.liaisonsOfEnterprise).toHaveBeenCalledWith('e1')
    const text = byTestId('ent-liaisons-table')!.textContent!
    for (const s of ['李四', '王书记', '游志华', '联点干部', '包联领导', '在联', '已结束', '2024-06-30', '更换为李四']) {
      expect(text).toContain(s)
    }
    // Only current rows can be changed or ended.
    expect(document.querySelectorAll('[data-testid="liaison-row-end"]').length).toBe(2)
    expect(byTestId('liaison-reassign')!.hasAttribute('disabled')).toBe(false)
  })

  it('offers no change without a current lead, and assigning opens the dialog as lead', async () => {
    commands.liaisonsOfEnterprise.mockResolvedValue([row('l1', '游志华', 'lead', false)])
    const w = await mountSection()
    expect(byTestId('liaison-reassign')!.hasAttribute('disabled')).toBe(true)
    byTestId('liaison-assign')!.click()
    await flushPromises()
    const dialog = w.findComponent(LiaisonAssignDialog)
    expect(dialog.props()).toMatchObject({ modelValue: true, mode: 'assign', defaultRole: 'lead', enterpriseIds: ['e1'] })
  })

  it('changes one row: the dialog replaces exactly that liaison', async () => {
    commands.liaisonsOfEnterprise.mockResolvedValue([row('l2', '李四', 'lead', true)])
    const w = await mountSection()
    ;(document.querySelector('[data-testid="liaison-row-reassign"]') as HTMLElement).click()
    await flushPromises()
    expect(w.findComponent(LiaisonAssignDialog).props()).toMatchObject({
      modelValue: true,
      mode: 'reassign',
      replaceId: 'l2',
      replacing: '李四',
    })
  })

  it('ends a liaison with a date and reason, then reloads', async () => {
    commands.liaisonsOfEnterprise.mockResolvedValue([row('l2', '李四', 'lead', true)])
    commands.liaisonEnd.mockResolvedValue({})
    await mountSection()
    ;(document.querySelector('[data-testid="liaison-row-end"]') as HTMLElement).click()
    await flushPromises()
    expect(byTestId('liaison-end-text')?.textContent).toContain('结束李四与“甲公司”的联点关系')
    byTestId('liaison-end-save')!.click()
    await settle()
    expect(commands.liaisonEnd).toHaveBeenCalledWith(expect.objectContaining({ id: 'l2', note: null }))
    expect(commands.liaisonEnd.mock.calls[0][0].end_date).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(commands.liaisonsOfEnterprise).toHaveBeenCalledTimes(2)
  })
})
