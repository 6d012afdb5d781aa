import { afterEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { harness, byTestId, settle, typeInto } from '@/test/harness'
import GlobalSearch from './GlobalSearch.vue'

const commands = vi.hoisted(() => ({ search: vi.fn() }))
vi.mock('@/bindings', async (importOriginal) => ({ ...(await importOriginal<object>()), commands }))

const RESULTS = {
  query: 'lfyc',
  groups: [
    {
      kind: 'enterprise',
      total: 2,
      capped: false,
      hits: [
        { kind: 'enterprise', id: 'e1', title: '湘潭立发釉彩有限公司', subtitle: '91430300MA4L16JQ9A' },
        { kind: 'enterprise', id: 'e2', title: '立发新材料有限公司', subtitle: null },
      ],
    },
    { kind: 'cadre', total: 1, capped: false, hits: [{ kind: 'cadre', id: 'c1', title: '李芳', subtitle: '科长' }] },
  ],
}

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  vi.clearAllMocks()
})

async function typed(text: string) {
  const h = harness()
  await h.router.push('/enterprises')
  wrapper = mount(GlobalSearch, { global: { plugins: h.plugins }, attachTo: document.body })
  const input = byTestId('global-search')!.querySelector('input')!
  input.dispatchEvent(new Event('focus'))
  typeInto(input, text)
  await settle()
  await settle()
  return { h, input }
}

describe('GlobalSearch', () => {
  it('searches as one types and shows hits grouped by kind with counts', async () => {
    commands.search.mockResolvedValue(RESULTS)
    await typed('lfyc')
    expect(commands.search).toHaveBeenCalledWith('lfyc', null, 8)
    const panel = byTestId('search-results')!
    expect(panel.textContent).toContain('企业')
    expect(panel.textContent).toContain('共 2 条')
    expect(panel.querySelectorAll('[data-testid="search-hit"]').length).toBe(3)
    expect(panel.textContent).toContain('湘潭立发釉彩有限公司')
  })

  it('arrow keys move through every group and Enter opens the chosen record', async () => {
    commands.search.mockResolvedValue(RESULTS)
    const { h, input } = await typed('lfyc')
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }))
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }))
    await settle()
    expect(document.querySelector('.search-hit.active')?.textContent).toContain('李芳')
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    // The route's view loads lazily, so navigation can take a moment.
    await vi.waitFor(() => expect(h.router.currentRoute.value.name).toBe('cadres'), { timeout: 10000 })
    expect(h.router.currentRoute.value.query.text).toBe('李芳')
  })

  it('Enter on the first hit opens the enterprise page', async () => {
    commands.search.mockResolvedValue(RESULTS)
    const { h, input } = await typed('lfyc')
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    await vi.waitFor(() => expect(h.router.currentRoute.value.path).toBe('/enterprises/e1'), { timeout: 10000 })
  })

  it('shows issue hits as 问题 and opens the issue page', async () => {
    commands.search.mockResolvedValue({
      query: '路灯损坏',
      groups: [
        {
          kind: 'issue',
          total: 1,
          capped: false,
          hits: [{ kind: 'issue', id: 'i1', title: '园区周边路灯损坏,夜间员工下班出行不便', subtitle: '2026-00001 · 民生 · 办理中' }],
        },
      ],
    })
    const { h, input } = await typed('路灯损坏')
    const panel = byTestId('search-results')!
    expect(panel.querySelector('.search-group')?.textContent).toContain('问题')
    expect(panel.textContent).toContain('2026-00001 · 民生 · 办理中')
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    await vi.waitFor(() => expect(h.router.currentRoute.value.path).toBe('/issues/i1'), { timeout: 10000 })
  })

  it('says so when nothing matches', async () => {
    commands.search.mockResolvedValue({ query: 'zzz', groups: [] })
    await typed('zzz')
    expect(byTestId('search-results')!.textContent).toContain('没有找到匹配的记录')
  })
})
