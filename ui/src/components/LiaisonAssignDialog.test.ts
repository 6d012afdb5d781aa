import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { harness, byTestId, settle } from '@/test/harness'
import { today } from '@/api/liaison'
import LiaisonAssignDialog from './LiaisonAssignDialog.vue'
import CadrePicker from './CadrePicker.vue'

const commands = vi.hoisted(() => ({
  cadresList: vi.fn(),
  departmentsAll: vi.fn(),
  industries: vi.fn(),
  liaisonAssign: vi.fn(),
  liaisonReassign: vi.fn(),
  liaisonBulkAssign: vi.fn(),
}))
vi.mock('@/bindings', async (importOriginal) => ({ ...(await importOriginal<object>()), commands }))

const CADRE = {
  id: 'c1',
  name: '游志华',
  department_id: null,
  position: '科长',
  role: 'cadre',
  mobile: null,
  active: true,
  created_at: '',
  updated_at: '',
}

let wrapper: VueWrapper | undefined

async function open(props: { mode: 'assign' | 'reassign' | 'bulk'; enterpriseIds: string[] } & Record<string, unknown>) {
  const { plugins } = harness()
  wrapper = mount(LiaisonAssignDialog, {
    props: { modelValue: true, ...props },
    global: { plugins },
    attachTo: document.body,
  })
  await flushPromises()
  return wrapper
}

async function pickCadre(w: VueWrapper, id: string) {
  w.findComponent(CadrePicker).vm.$emit('update:modelValue', id)
  await flushPromises()
}

beforeEach(() => {
  vi.resetAllMocks()
  commands.cadresList.mockResolvedValue({ rows: [CADRE], total: 1, page: 1, page_size: 30 })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

describe('LiaisonAssignDialog', () => {
  it('searches active cadres and assigns one to the enterprise as lead from today', async () => {
    commands.liaisonAssign.mockResolvedValue({ id: 'l1' })
    const w = await open({ mode: 'assign', enterpriseIds: ['e1'], enterpriseName: '甲公司' })
    expect(commands.cadresList).toHaveBeenCalledWith(expect.objectContaining({ active: true, text: null }))
    expect(document.body.textContent).toContain('指派联点干部 · 甲公司')
    await pickCadre(w, 'c1')
    byTestId('liaison-form-save')!.click()
    await settle()
    expect(commands.liaisonAssign).toHaveBeenCalledWith({
      cadre_id: 'c1',
      role: 'lead',
      note: null,
      enterprise_id: 'e1',
      start_date: today(),
    })
    expect(w.emitted('done')).toHaveLength(1)
    expect(w.emitted('update:modelValue')?.[0]).toEqual([false])
  })

  it('asks for a cadre before calling the server', async () => {
    await open({ mode: 'assign', enterpriseIds: ['e1'] })
    byTestId('liaison-form-save')!.click()
    await settle()
    expect(commands.liaisonAssign).not.toHaveBeenCalled()
    expect(byTestId('err-cadre_id')?.textContent).toContain('请选择干部')
  })

  it('shows a duplicate refusal under the cadre field', async () => {
    commands.liaisonAssign.mockRejectedValue({
      code: 'conflict',
      message: '游志华已是“甲公司”的联点干部(自 2024-03-01 起),无需重复指派',
      field: 'cadre_id',
    })
    const w = await open({ mode: 'assign', enterpriseIds: ['e1'] })
    await pickCadre(w, 'c1')
    byTestId('liaison-form-save')!.click()
    await settle()
    expect(byTestId('err-cadre_id')?.textContent).toContain('无需重复指派')
    expect(w.emitted('done')).toBeUndefined()
  })

  it('reassigns with the date and the liaison to replace, showing a date error in the date field', async () => {
    commands.liaisonReassign.mockRejectedValueOnce({ code: 'validation', message: '结束日期不能早于开始日期(2024-03-01)', field: 'date' })
    commands.liaisonReassign.mockResolvedValueOnce({ ended: [], started: { id: 'l2' } })
    const w = await open({ mode: 'reassign', enterpriseIds: ['e1'], replaceId: 'l1', replacing: '李四' })
    expect(byTestId('liaison-form-replacing')?.textContent).toContain('将结束:李四')
    await pickCadre(w, 'c1')
    byTestId('liaison-form-save')!.click()
    await settle()
    expect(commands.liaisonReassign).toHaveBeenCalledWith({
      cadre_id: 'c1',
      role: 'lead',
      note: null,
      enterprise_id: 'e1',
      date: today(),
      replace_id: 'l1',
    })
    expect(byTestId('err-start_date')?.textContent).toContain('不能早于开始日期')
    byTestId('liaison-form-save')!.click()
    await settle()
    expect(w.emitted('done')).toHaveLength(1)
  })

  it('assigns one cadre to every selected enterprise in one call', async () => {
    commands.liaisonBulkAssign.mockResolvedValue({ assigned: 2, skipped: 1 })
    const w = await open({ mode: 'bulk', enterpriseIds: ['e1', 'e2', 'e3'], defaultRole: 'leader' })
    expect(document.body.textContent).toContain('已选 3 家企业')
    await pickCadre(w, 'c1')
    byTestId('liaison-form-save')!.click()
    await settle()
    expect(commands.liaisonBulkAssign).toHaveBeenCalledWith({
      cadre_id: 'c1',
      role: 'leader',
      note: null,
      enterprise_ids: ['e1', 'e2', 'e3'],
      start_date: today(),
    })
    expect(document.body.textContent).toContain('已指派 2 家,跳过 1 家')
    expect(w.emitted('done')).toHaveLength(1)
  })
})
