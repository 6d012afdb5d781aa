import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { harness, byTestId } from '@/test/harness'
import App from './App.vue'

const commands = vi.hoisted(() => ({
  zoneInfo: vi.fn(),
  departmentsAll: vi.fn(),
  industries: vi.fn(),
  enterprisesList: vi.fn(),
  enterprisesStatCounts: vi.fn(),
  cadresList: vi.fn(),
  departmentsList: vi.fn(),
}))
vi.mock('@/bindings', async (importOriginal) => ({ ...(await importOriginal<object>()), commands }))

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  document.body.innerHTML = ''
})
beforeEach(() => vi.resetAllMocks())

async function start() {
  const { plugins, router } = harness()
  await router.push('/')
  wrapper = mount(App, { global: { plugins }, attachTo: document.body })
  await flushPromises()
  return router
}

describe('App start-up', () => {
  it('shows the error page when the database cannot be opened', async () => {
    commands.zoneInfo.mockRejectedValue({ code: 'database_too_new', message: '数据库由更新版本的连心创建', field: null })
    await start()
    expect(byTestId('startup-error')?.textContent).toContain('数据库由更新版本的连心创建')
  })

  it('sends a first run to the welcome page', async () => {
    commands.zoneInfo.mockResolvedValue({
      onboarded: false,
      zone_name: null,
      operator_name: null,
      db_path: '/tmp/x.db',
      device_id: 'd',
      schema_version: 1,
    })
    const router = await start()
    await vi.waitFor(() => {
      expect(router.currentRoute.value.name).toBe('welcome')
      expect(byTestId('onb-submit')).not.toBeNull()
    })
  })
})
