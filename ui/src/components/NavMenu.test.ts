import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { HomeFilled } from '@element-plus/icons-vue'
import NavMenu from './NavMenu.vue'
import { NAV, readyNav, type NavItem } from '@/nav'
import { harness } from '@/test/harness'

describe('nav config', () => {
  it('covers the whole product, in order', () => {
    expect(NAV.map((i) => i.key)).toEqual([
      'home', 'enterprises', 'cadres', 'departments', 'liaison', 'issues', 'engagements',
      'supervision', 'projects', 'print', 'reports', 'sync', 'settings',
    ])
    expect(readyNav().map((i) => i.key)).toEqual(['home', 'enterprises', 'cadres', 'departments', 'liaison', 'issues', 'engagements', 'projects', 'print', 'sync', 'settings'])
  })
})

describe('NavMenu', () => {
  it('renders only the ready entries of the config', async () => {
    const { plugins, router } = harness()
    await router.push('/')
    const w = mount(NavMenu, { global: { plugins } })
    const ids = w.findAll('[data-testid^="nav-"]').map((e) => e.attributes('data-testid'))
    expect(ids).toEqual(['nav-home', 'nav-enterprises', 'nav-cadres', 'nav-departments', 'nav-liaison', 'nav-issues', 'nav-engagements', 'nav-projects', 'nav-print', 'nav-sync', 'nav-settings'])
    expect(w.text()).toContain('企业')
    expect(w.text()).toContain('项目')
    expect(w.text()).not.toContain('督办')
  })

  it('follows the ready flag of whatever config it is given', async () => {
    const { plugins, router } = harness()
    await router.push('/')
    const items: NavItem[] = [
      { key: 'a', path: '/a', label: 'nav.issues', icon: HomeFilled, ready: false },
      { key: 'b', path: '/b', label: 'nav.sync', icon: HomeFilled, ready: true },
    ]
    const w = mount(NavMenu, { props: { items }, global: { plugins } })
    expect(w.find('[data-testid="nav-a"]').exists()).toBe(false)
    expect(w.find('[data-testid="nav-b"]').text()).toContain('同步')
  })
})
