import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { harness, byTestId, settle, typeInto } from '@/test/harness'
import EnterpriseForm from './EnterpriseForm.vue'

const commands = vi.hoisted(() => ({
  departmentsAll: vi.fn(),
  industries: vi.fn(),
  usccCheck: vi.fn(),
  enterpriseCreate: vi.fn(),
  enterpriseUpdate: vi.fn(),
}))
vi.mock('@/bindings', async (importOriginal) => ({ ...(await importOriginal<object>()), commands }))

let wrapper: VueWrapper | undefined

async function open() {
  const { plugins } = harness()
  wrapper = mount(EnterpriseForm, {
    props: { modelValue: true, enterprise: null },
    global: { plugins },
    attachTo: document.body,
  })
  await flushPromises()
  return wrapper
}

beforeEach(() => {
  vi.resetAllMocks()
  commands.departmentsAll.mockResolvedValue([])
  commands.industries.mockResolvedValue([])
  commands.usccCheck.mockResolvedValue(null)
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

describe('EnterpriseForm', () => {
  it('shows a server field error under that field, and clears it on edit', async () => {
    commands.enterpriseCreate.mockRejectedValue({ code: 'validation', message: '请填写企业名称', field: 'name' })
    await open()
    // The test ids sit on elements that contain the native inputs (the e2e test relies on it).
    for (const id of ['ent-form-name', 'ent-form-uscc', 'ent-form-phone']) {
      expect(document.querySelector(`[data-testid="${id}"] input`)).not.toBeNull()
    }
    expect(byTestId('ent-form')?.tagName).toBe('FORM')
    typeInto(byTestId('ent-form-name'), '某某科技')
    await flushPromises()
    byTestId('ent-form-save')!.click()
    await settle()

    expect(commands.enterpriseCreate).toHaveBeenCalledTimes(1)
    expect(commands.enterpriseCreate.mock.calls[0][0]).toMatchObject({ name: '某某科技', uscc: null, tags: [] })
    expect(byTestId('err-name')?.textContent).toContain('请填写企业名称')

    typeInto(byTestId('ent-form-name'), '某某科技有限公司')
    await settle()
    expect(byTestId('err-name')).toBeNull()
  })

  it('puts a conflict on the uscc field under that field', async () => {
    commands.enterpriseCreate.mockRejectedValue({
      code: 'conflict',
      message: '统一社会信用代码已登记在“甲公司”名下',
      field: 'uscc',
    })
    await open()
    typeInto(byTestId('ent-form-name'), '乙公司')
    typeInto(byTestId('ent-form-uscc'), '91350100M000100Y43')
    await flushPromises()
    byTestId('ent-form-save')!.click()
    await settle()
    expect(byTestId('err-uscc')?.textContent).toContain('已登记在“甲公司”名下')
    expect(byTestId('err-name')).toBeNull()
  })

  it('checks the name before calling the server', async () => {
    await open()
    byTestId('ent-form-save')!.click()
    await settle()
    expect(commands.enterpriseCreate).not.toHaveBeenCalled()
    expect(byTestId('err-name')?.textContent).toContain('请填写企业名称')
  })

  it('shows the uscc warning from usccCheck, which does not block saving', async () => {
    commands.usccCheck.mockResolvedValue({ field: 'uscc', message: '校验码不符,应为 3' })
    commands.enterpriseCreate.mockResolvedValue({
      record: { id: 'e1', name: '丙公司' },
      warnings: [{ field: 'uscc', message: '校验码不符,应为 3' }],
    })
    const w = await open()
    typeInto(byTestId('ent-form-name'), '丙公司')
    const uscc = byTestId('ent-form-uscc')!
    typeInto(uscc, '91350100M000100Y4X')
    uscc.querySelector('input')!.dispatchEvent(new FocusEvent('blur'))
    await flushPromises()

    expect(commands.usccCheck).toHaveBeenCalledWith('91350100M000100Y4X')
    expect(byTestId('uscc-warning')?.textContent).toContain('校验码不符')

    byTestId('ent-form-save')!.click()
    await settle()
    expect(commands.enterpriseCreate).toHaveBeenCalledTimes(1)
    expect(w.emitted('saved')?.[0]).toEqual([{ id: 'e1', name: '丙公司' }])
    expect(w.emitted('update:modelValue')?.[0]).toEqual([false])
  })
})
