// 设置 · 问题规则: load, edit, save, and the server's refusals under their fields.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { harness, byTestId, settle, typeInto } from '@/test/harness'
import { RULES } from '@/test/issueFixtures'
import SettingsView from './SettingsView.vue'

const commands = vi.hoisted(() => ({
  issueRules: vi.fn(),
  issueRulesSave: vi.fn(),
  calendarYear: vi.fn(),
  calendarSetDay: vi.fn(),
}))
vi.mock('@/bindings', async (importOriginal) => ({ ...(await importOriginal<object>()), commands }))

let wrapper: VueWrapper | undefined

async function open() {
  const { plugins, router } = harness()
  await router.push('/settings')
  wrapper = mount(SettingsView, { global: { plugins }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

function setNumber(testid: string, value: string) {
  const input = byTestId(testid)!.querySelector('input')!
  input.value = value
  input.dispatchEvent(new Event('input', { bubbles: true }))
  input.dispatchEvent(new Event('change', { bubbles: true }))
}

const tags = () => [...byTestId('rules-categories')!.querySelectorAll('.el-tag')].map((t) => t.textContent?.trim())

beforeEach(() => {
  vi.resetAllMocks()
  commands.issueRules.mockResolvedValue({ ...RULES, categories: ['融资', '用工'] })
  commands.issueRulesSave.mockImplementation(async (r) => r)
  commands.calendarYear.mockResolvedValue([])
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

describe('settings: issue rules', () => {
  it('adds a category, changes a time limit and a threshold, and saves them all', async () => {
    await open()
    expect(commands.calendarYear).not.toHaveBeenCalled()
    expect(tags()).toEqual(['融资', '用工'])
    expect(document.body.textContent).toContain('期限前')
    expect(document.body.textContent).toContain('个工作日亮黄灯')

    byTestId('rules-category-add')!.click()
    await flushPromises()
    typeInto(byTestId('rules-category-input'), '用工')
    byTestId('rules-category-input')!.querySelector('input')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    await flushPromises()
    expect(byTestId('rules-category-error')?.textContent).toContain('类别“用工”已存在')
    typeInto(byTestId('rules-category-input'), '科技创新')
    byTestId('rules-category-input')!.querySelector('input')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    await flushPromises()
    expect(tags()).toEqual(['融资', '用工', '科技创新'])

    setNumber('rules-days_regular', '10')
    setNumber('rules-yellow_days', '3')
    await flushPromises()
    byTestId('settings-save')!.click()
    await settle()
    expect(commands.issueRulesSave).toHaveBeenCalledWith({ ...RULES, categories: ['融资', '用工', '科技创新'], days_regular: 10, yellow_days: 3 })
    expect(document.body.textContent).toContain('已保存')
  })

  it('keeps at least one category before calling the server', async () => {
    await open()
    for (const close of [...byTestId('rules-categories')!.querySelectorAll('.el-tag__close')]) (close as HTMLElement).click()
    await settle()
    expect(tags()).toEqual([])
    byTestId('settings-save')!.click()
    await settle()
    expect(commands.issueRulesSave).not.toHaveBeenCalled()
    expect(byTestId('err-categories')?.textContent).toContain('至少保留一个问题类别')
  })

  it('shows the server refusal under its field', async () => {
    commands.issueRulesSave.mockRejectedValue({ code: 'validation', message: '反复次数至少为1', field: 'black_reopens' })
    await open()
    byTestId('settings-save')!.click()
    await settle()
    expect(byTestId('err-black_reopens')?.textContent).toContain('反复次数至少为1')
    expect(byTestId('err-categories')).toBeNull()
  })

  it('saves on Ctrl+S', async () => {
    await open()
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 's', ctrlKey: true }))
    await settle()
    expect(commands.issueRulesSave).toHaveBeenCalledTimes(1)
  })
})
