import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { ElRadioGroup, ElSelect } from 'element-plus'
import { harness, byTestId, settle, typeInto } from '@/test/harness'
import { today } from '@/api/liaison'
import IssueRegisterDialog from './IssueRegisterDialog.vue'
import EnterprisePicker from './EnterprisePicker.vue'

const commands = vi.hoisted(() => ({
  issueRules: vi.fn(),
  issueRegister: vi.fn(),
  cadresList: vi.fn(),
  cadreGet: vi.fn(),
  enterprisesList: vi.fn(),
  enterpriseGet: vi.fn(),
}))
vi.mock('@/bindings', async (importOriginal) => ({ ...(await importOriginal<object>()), commands }))

const ENTERPRISE = { id: 'e1', name: '湘潭立发釉彩有限公司', uscc: null }
let wrapper: VueWrapper | undefined
let router: ReturnType<typeof harness>['router']

async function open() {
  const h = harness()
  router = h.router
  await router.push('/issues')
  wrapper = mount(IssueRegisterDialog, { props: { modelValue: true }, global: { plugins: h.plugins }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

/** Sets the radio group or select that is, or is inside, the element with this test id. */
async function set(w: VueWrapper, kind: typeof ElSelect | typeof ElRadioGroup, id: string, value: unknown) {
  const host = byTestId(id)
  w.findAllComponents(kind).find((c) => host?.contains(c.element))!.vm.$emit('update:modelValue', value)
  await flushPromises()
}
async function fillEnterpriseIssue(w: VueWrapper) {
  w.findComponent(EnterprisePicker).vm.$emit('update:modelValue', 'e1')
  await set(w, ElSelect, 'register-category', '用工')
  typeInto(byTestId('register-content'), '企业招工难,希望对接职业院校')
  await flushPromises()
}
const save = async () => {
  byTestId('register-save')!.click()
  await settle()
}

beforeEach(() => {
  vi.resetAllMocks()
  commands.issueRules.mockResolvedValue({ categories: ['融资', '用工', '民生'], days_general: 1, days_regular: 7, days_major: 30 })
  commands.cadresList.mockResolvedValue({ rows: [], total: 0, page: 1, page_size: 30 })
  commands.enterprisesList.mockResolvedValue({ rows: [ENTERPRISE], total: 1, page: 1, page_size: 30 })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

describe('IssueRegisterDialog', () => {
  it('asks for the enterprise, category and content before calling the server', async () => {
    await open()
    expect(byTestId('register-dialog')).not.toBeNull()
    await save()
    expect(commands.issueRegister).not.toHaveBeenCalled()
    expect(byTestId('err-enterprise_id')?.textContent).toContain('请选择企业')
    expect(byTestId('err-category')?.textContent).toContain('请选择问题类别')
    expect(byTestId('err-content')?.textContent).toContain('请填写问题内容')
  })

  it('registers an enterprise issue as 常规, from a visit, today', async () => {
    commands.issueRegister.mockResolvedValue({ id: 'i9', no: '2026-00012' })
    const w = await open()
    await fillEnterpriseIssue(w)
    await save()
    expect(commands.issueRegister).toHaveBeenCalledWith({
      project_id: null,
      source: 'visit',
      enterprise_id: 'e1',
      reporter_name: null,
      reporter_phone: null,
      street_id: null,
      category: '用工',
      tier: 'regular',
      disposition: null,
      content: '企业招工难,希望对接职业院校',
      taken_by: null,
      registered_on: today(),
      resolve_on_spot: null,
      result_kind: null,
    })
    expect(document.body.textContent).toContain('已登记 编号 2026-00012')
    expect(w.emitted('saved')?.[0]).toEqual([{ id: 'i9', no: '2026-00012' }])
    expect(w.emitted('update:modelValue')?.[0]).toEqual([false])

    byTestId('register-open')!.click()
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/issues/i9'), { timeout: 10000 })
  })

  it('shows a server field error under its field, the date one under 登记日期', async () => {
    commands.issueRegister
      .mockRejectedValueOnce({ code: 'validation', message: '类别“用工”不在问题类别列表中,可在设置中添加', field: 'category' })
      .mockRejectedValueOnce({ code: 'validation', message: '日期“2026-02-30”格式不对', field: 'date' })
    const w = await open()
    await fillEnterpriseIssue(w)
    await save()
    expect(byTestId('err-category')?.textContent).toContain('不在问题类别列表中')
    expect(w.emitted('saved')).toBeUndefined()
    await save()
    expect(byTestId('err-registered_on')?.textContent).toContain('格式不对')
    expect(byTestId('err-category')).toBeNull()
  })

  it('requires 办理结果 when a 一般 issue is resolved on the spot, then sends it', async () => {
    commands.issueRegister.mockResolvedValue({ id: 'i10', no: '2026-00013' })
    const w = await open()
    await fillEnterpriseIssue(w)
    expect(byTestId('register-on-spot')).toBeNull()
    await set(w, ElRadioGroup, 'register-tier', 'general')
    byTestId('register-on-spot')!.querySelector('input')!.click()
    await flushPromises()
    await save()
    expect(commands.issueRegister).not.toHaveBeenCalled()
    expect(byTestId('err-result')?.textContent).toContain('当场办结须填写办理结果')

    typeInto(byTestId('register-result'), '已协调人社局当场对接招聘会')
    await set(w, ElSelect, 'register-result-kind', 'partly')
    await save()
    expect(commands.issueRegister.mock.calls[0][0]).toMatchObject({
      tier: 'general',
      resolve_on_spot: '已协调人社局当场对接招聘会',
      result_kind: 'partly',
    })
  })

  it('registers a resident issue with the reporter and keeps the form for the next one', async () => {
    commands.issueRegister.mockResolvedValue({ id: 'i11', no: '2026-00014' })
    const w = await open()
    await set(w, ElRadioGroup, 'register-kind', 'resident')
    expect(byTestId('register-enterprise')).toBeNull()
    await set(w, ElRadioGroup, 'register-source', 'hotline')
    typeInto(byTestId('register-reporter'), '王大爷')
    typeInto(byTestId('register-phone'), '13800000000')
    await set(w, ElSelect, 'register-category', '民生')
    typeInto(byTestId('register-content'), '小区路灯不亮')
    await flushPromises()
    byTestId('register-save-next')!.click()
    await settle()
    expect(commands.issueRegister.mock.calls[0][0]).toMatchObject({
      source: 'hotline',
      enterprise_id: null,
      reporter_name: '王大爷',
      reporter_phone: '13800000000',
      category: '民生',
    })
    // Still open, the content cleared, the kind, source and category kept.
    expect(w.emitted('update:modelValue')).toBeUndefined()
    expect((byTestId('register-content')!.querySelector('textarea') as HTMLTextAreaElement).value).toBe('')
    expect((byTestId('register-reporter')!.querySelector('input') as HTMLInputElement).value).toBe('')
    await save()
    expect(commands.issueRegister).toHaveBeenCalledTimes(1)
    expect(byTestId('err-content')).not.toBeNull()
    expect(byTestId('err-category')).toBeNull()
  })
})
