// The list screens' shared page (ListPage.vue with useListPage): what every list does the same.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { defineComponent, h, onMounted } from 'vue'
import { ElPagination, ElTable, ElTableColumn } from 'element-plus'
import type { Page } from '@/bindings'
import { harness, byTestId, sleep, typeInto } from '@/test/harness'
import { useListPage } from '@/composables/useListPage'
import ListPage from './ListPage.vue'

type Row = { id: string; name: string }
const ROWS: Row[] = [{ id: 'r1', name: '甲' }]

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

async function mountList() {
  const fetch = vi.fn<(q: object) => Promise<Page<Row>>>().mockResolvedValue({ rows: ROWS, total: 120, page: 1, page_size: 50 })
  const events = { new: vi.fn(), edit: vi.fn(), remove: vi.fn() }
  let state!: { filters: { role: string; status: string } }
  const Host = defineComponent(() => {
    const list = useListPage({
      filters: { role: '', status: 'current' },
      sortKeys: { name: 'by_name' },
      query: (q) => q,
      fetch,
    })
    state = list
    onMounted(list.load)
    return () =>
      h(
        ListPage<Row>,
        { list, testid: 'x', placeholder: '搜索', newLabel: '新建', editable: true, onNew: events.new, onEdit: events.edit, onRemove: events.remove },
        { default: () => h(ElTableColumn, { prop: 'name', label: '名称', sortable: 'custom' }) },
      )
  })
  const { plugins } = harness()
  wrapper = mount(Host, { global: { plugins }, attachTo: document.body })
  await flushPromises()
  return { w: wrapper, fetch, events, state, list: () => fetch.mock.calls.at(-1)![0] }
}

describe('ListPage', () => {
  it('starts again at page 1, in one load, when the filter, the text or the sort changes', async () => {
    const { w, fetch, state, list } = await mountList()
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(list()).toEqual({ text: null, sort: null, desc: false, page: 1, page_size: 50, role: null, status: 'current' })

    w.findComponent(ElPagination).vm.$emit('update:current-page', 3)
    await flushPromises()
    expect(list()).toMatchObject({ page: 3 })

    fetch.mockClear()
    state.filters.role = 'lead'
    await flushPromises()
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(list()).toMatchObject({ role: 'lead', page: 1 })

    w.findComponent(ElPagination).vm.$emit('update:current-page', 2)
    w.findComponent(ElTable).vm.$emit('sort-change', { column: {}, prop: 'name', order: 'descending' })
    await flushPromises()
    expect(list()).toMatchObject({ sort: 'by_name', desc: true, page: 1 })

    w.findComponent(ElPagination).vm.$emit('update:current-page', 2)
    typeInto(byTestId('x-search'), '甲')
    await sleep(350)
    await flushPromises()
    expect(list()).toMatchObject({ text: '甲', page: 1 })
  })

  it('重置 clears the text and puts every filter back to its first value', async () => {
    const { state, list } = await mountList()
    state.filters.role = 'lead'
    state.filters.status = ''
    typeInto(byTestId('x-search'), '甲')
    byTestId('x-reset')!.click()
    await sleep(350)
    await flushPromises()
    expect(list()).toMatchObject({ text: null, role: null, status: 'current', page: 1 })
    expect((byTestId('x-search')!.querySelector('input') as HTMLInputElement).value).toBe('')
  })

  it('has 新建, and 编辑 and 删除 on each row', async () => {
    const { events } = await mountList()
    expect(byTestId('x-table')?.textContent).toContain('甲')
    expect(byTestId('x-pager')).not.toBeNull()
    byTestId('x-new')!.click()
    byTestId('x-edit')!.click()
    byTestId('x-delete')!.click()
    expect(events.new).toHaveBeenCalledTimes(1)
    expect(events.edit).toHaveBeenCalledWith(ROWS[0])
    expect(events.remove).toHaveBeenCalledWith(ROWS[0])
  })
})
