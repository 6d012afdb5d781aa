import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { ElSelect } from 'element-plus'
import { harness, byTestId, settle, typeInto } from '@/test/harness'
import CaptureDialog from './CaptureDialog.vue'

const commands = vi.hoisted(() => ({
  issueRules: vi.fn(),
  myCadre: vi.fn(),
  engagementCapture: vi.fn(),
  cadresList: vi.fn(),
  cadreGet: vi.fn(),
  enterprisesList: vi.fn(),
  enterpriseGet: vi.fn(),
}))
vi.mock('@/bindings', async (importOriginal) => ({ ...(await importOriginal<object>()), commands }))

const ME = { id: 'c1', name: '刘思远', department_id: null, position: null, role: 'cadre', mobile: null, active: true, created_at: '', updated_at: '' }
const ENTERPRISE = { id: 'e1', name: '韶山青竹湾茶叶有限公司', uscc: null }
let wrapper: VueWrapper | undefined

async function open(enterpriseId: string | null = 'e1') {
  const h = harness()
  await h.router.push('/')
  wrapper = mount(CaptureDialog, { props: { modelValue: true, enterpriseId }, global: { plugins: h.plugins }, attachTo: document.body })
  await settle()
  return wrapper
}

const content = (i: number) => byTestId(`capture-issue-${i}`)!.querySelector('.capture-content input') as HTMLInputElement
const enter = (el: Element) => el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
async function category(w: VueWrapper, row: number, value: string) {
  const host = byTestId(`capture-issue-${row}`)!
  w.findAllComponents(ElSelect).filter((c) => host.contains(c.element))[0].vm.$emit('update:modelValue', value)
  await flushPromises()
}

beforeEach(() => {
  vi.resetAllMocks()
  commands.issueRules.mockResolvedValue({ categories: ['融资', '用工', '基础设施'] })
  commands.myCadre.mockResolvedValue(ME)
  commands.cadreGet.mockResolvedValue(ME)
  commands.cadresList.mockResolvedValue({ rows: [ME], total: 1, page: 1, page_size: 30 })
  commands.enterprisesList.mockResolvedValue({ rows: [ENTERPRISE], total: 1, page: 1, page_size: 30 })
  commands.enterpriseGet.mockResolvedValue(ENTERPRISE)
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

describe('CaptureDialog', () => {
  it('adds a row on Enter and saves only the rows with text, me as the cadre', async () => {
    const w = await open()
    typeInto(byTestId('capture-summary'), '走访生产车间')
    typeInto(content(0), '招工难')
    await category(w, 0, '用工')
    enter(content(0))
    await settle()
    expect(byTestId('capture-issue-1')).not.toBeNull()
    typeInto(content(1), '希望协调授信')
    await category(w, 1, '融资')
    enter(content(1)) // a third, left empty
    await settle()
    commands.engagementCapture.mockResolvedValue({ engagement: { id: 'g1' }, issues: [{}, {}] })
    byTestId('capture-save')!.click()
    await settle()
    const input = commands.engagementCapture.mock.calls[0][0]
    expect(input.enterprise_id).toBe('e1')
    expect(input.cadre_ids).toEqual(['c1'])
    expect(input.kind).toBe('visit')
    expect(input.issues).toEqual([
      { content: '招工难', category: '用工', tier: 'regular', resolve_on_spot: null },
      { content: '希望协调授信', category: '融资', tier: 'regular', resolve_on_spot: null },
    ])
  })

  it('names the missing fields in Chinese and sends nothing', async () => {
    await open(null)
    byTestId('capture-save')!.click()
    await settle()
    expect(commands.engagementCapture).not.toHaveBeenCalled()
    expect(document.body.textContent).toContain('请选择走访的企业')
    expect(document.body.textContent).toContain('请填写活动内容')
    expect(document.body.textContent).not.toContain('is required')
  })

  it('puts a server error on the issue row it names', async () => {
    await open()
    typeInto(byTestId('capture-summary'), '走访')
    typeInto(content(0), '路灯不亮')
    await flushPromises()
    commands.engagementCapture.mockRejectedValue({ code: 'validation', message: '第1条问题:请填写问题类别', field: 'issues.0.category' })
    byTestId('capture-save')!.click()
    await settle()
    expect(byTestId('capture-issue-0')!.textContent).toContain('第1条问题:请填写问题类别')
  })
})
