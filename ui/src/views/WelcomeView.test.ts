import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { harness, byTestId, settle, typeInto } from '@/test/harness'
import WelcomeView from './WelcomeView.vue'

const commands = vi.hoisted(() => ({ onboard: vi.fn() }))
vi.mock('@/bindings', async (importOriginal) => ({ ...(await importOriginal<object>()), commands }))

let wrapper: VueWrapper | undefined
beforeEach(() => vi.resetAllMocks())
afterEach(() => {
  wrapper?.unmount()
  document.body.innerHTML = ''
})

async function mountWelcome() {
  const { plugins, router } = harness()
  await router.push('/welcome')
  wrapper = mount(WelcomeView, { global: { plugins }, attachTo: document.body })
  await settle()
  return router
}

describe('WelcomeView', () => {
  it('onboards with demo data by default, then goes home', async () => {
    commands.onboard.mockResolvedValue({
      onboarded: true,
      zone_name: '湘潭高新区',
      operator_name: '张明艳',
      db_path: '/tmp/x.db',
      device_id: 'd',
      schema_version: 1,
    })
    const router = await mountWelcome()
    typeInto(byTestId('onb-zone'), ' 湘潭高新区 ')
    typeInto(byTestId('onb-operator'), '张明艳')
    byTestId('onb-submit')!.click()
    await settle()
    expect(commands.onboard).toHaveBeenCalledWith({ zone_name: '湘潭高新区', operator_name: '张明艳', demo: true })
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('home'))
  })

  it('shows a server error beside the field it names', async () => {
    commands.onboard.mockRejectedValue({ code: 'validation', message: '您的姓名不能超过 20 个字', field: 'operator_name' })
    await mountWelcome()
    typeInto(byTestId('onb-zone'), '某园区')
    typeInto(byTestId('onb-operator'), '某人')
    byTestId('onb-submit')!.click()
    await settle()
    expect(byTestId('err-operator_name')?.textContent).toContain('不能超过 20 个字')
    expect(byTestId('err-zone_name')).toBeNull()
  })
})
