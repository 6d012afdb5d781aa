import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { ElMessageBox } from 'element-plus'
import { harness, byTestId, settle } from '@/test/harness'
import type { Enterprise } from '@/bindings'
import EnterpriseMergeDialog from './EnterpriseMergeDialog.vue'
import EnterprisePicker from './EnterprisePicker.vue'

const commands = vi.hoisted(() => ({
  enterprisesList: vi.fn(),
  enterpriseGet: vi.fn(),
  enterpriseMerge: vi.fn(),
  departmentsAll: vi.fn(),
  industries: vi.fn(),
}))
vi.mock('@/bindings', async (importOriginal) => ({ ...(await importOriginal<object>()), commands }))

const ent = (id: string, name: string, extra: Partial<Enterprise> = {}): Enterprise => ({
  id,
  name,
  short_name: null,
  uscc: null,
  industry: null,
  scale: null,
  stat_class: null,
  ownership: null,
  address: null,
  street_id: null,
  community_id: null,
  legal_rep: null,
  contact_name: null,
  contact_phone: null,
  tags: [],
  status: 'operating',
  notes: null,
  created_at: '',
  updated_at: '',
  ...extra,
})

const KEEP = ent('a', '湘潭电机', { contact_name: '王经理' })
const OTHER = ent('b', '湘潭电机股份有限公司', { uscc: '91350100M000100Y43', contact_name: '李主任', scale: 'large' })

let wrapper: VueWrapper | undefined

async function open() {
  const { plugins } = harness()
  wrapper = mount(EnterpriseMergeDialog, {
    props: { modelValue: true, keep: KEEP },
    global: { plugins },
    attachTo: document.body,
  })
  await flushPromises()
  return wrapper
}

beforeEach(() => {
  vi.resetAllMocks()
  commands.enterprisesList.mockResolvedValue({ rows: [KEEP, OTHER], total: 2, page: 1, page_size: 30 })
  commands.enterpriseGet.mockResolvedValue(OTHER)
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
  vi.restoreAllMocks()
})

describe('EnterpriseMergeDialog', () => {
  it('opened already with `other` (from 同步, 去合并) shows that duplicate at once', async () => {
    const { plugins } = harness()
    wrapper = mount(EnterpriseMergeDialog, {
      props: { modelValue: true, keep: KEEP, other: 'b' },
      global: { plugins },
      attachTo: document.body,
    })
    await settle()
    expect(commands.enterpriseGet).toHaveBeenCalledWith('b')
    expect(byTestId('merge-fields')!.textContent).toContain('湘潭电机股份有限公司')
  })

  it('searches other enterprises, leaving this one out', async () => {
    const w = await open()
    expect(commands.enterprisesList).toHaveBeenCalledWith(expect.objectContaining({ text: null }))
    const picker = w.findComponent(EnterprisePicker)
    expect(picker.findAllComponents({ name: 'ElOption' }).map((o) => o.props('value'))).toEqual(['b'])
    expect((byTestId('merge-confirm') as HTMLButtonElement).disabled).toBe(true)
  })

  it('shows both side by side, fills empty fields, lets the user pick contested ones, and merges', async () => {
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never)
    commands.enterpriseMerge.mockResolvedValue({
      record: { ...KEEP, name: OTHER.name },
      warnings: [],
      moved_liaisons: 2,
      ended_duplicates: 0,
    })
    const w = await open()
    w.findComponent(EnterprisePicker).vm.$emit('update:modelValue', 'b')
    await flushPromises()
    expect(commands.enterpriseGet).toHaveBeenCalledWith('b')

    const table = byTestId('merge-fields')!
    expect(table.textContent).toContain('湘潭电机股份有限公司')
    // Empty here, so filled in from the duplicate; no choice offered.
    expect(byTestId('merge-result-uscc')?.textContent).toBe('91350100M000100Y43')
    expect(byTestId('merge-result-scale')?.textContent).toBe('大型')
    expect(byTestId('merge-take-uscc')).toBeNull()
    // Both have a name and a contact: the kept one wins until the user picks the other.
    expect(byTestId('merge-result-name')?.textContent).toBe('湘潭电机')
    ;(byTestId('merge-take-name')!.querySelector('input') as HTMLInputElement).click()
    await flushPromises()
    expect(byTestId('merge-result-name')?.textContent).toBe('湘潭电机股份有限公司')
    expect(byTestId('merge-result-contact_name')?.textContent).toBe('王经理')

    byTestId('merge-confirm')!.click()
    await settle()
    expect(confirm).toHaveBeenCalled()
    expect(commands.enterpriseMerge).toHaveBeenCalledWith({ keep_id: 'a', remove_id: 'b', take_from_removed: ['name'] })
    expect(w.emitted('merged')?.[0]).toEqual([{ ...KEEP, name: OTHER.name }])
    expect(w.emitted('update:modelValue')?.[0]).toEqual([false])
  })

  it('does nothing when the confirmation is cancelled', async () => {
    vi.spyOn(ElMessageBox, 'confirm').mockRejectedValue('cancel')
    const w = await open()
    w.findComponent(EnterprisePicker).vm.$emit('update:modelValue', 'b')
    await flushPromises()
    byTestId('merge-confirm')!.click()
    await settle()
    expect(commands.enterpriseMerge).not.toHaveBeenCalled()
    expect(w.emitted('merged')).toBeUndefined()
  })
})
