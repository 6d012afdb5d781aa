import { computed, reactive, ref, watch, type Ref } from 'vue'
import type { Page } from '@/bindings'
import { orNull, pick } from '@/api/format'
import { DEFAULT_PAGE_SIZE } from '@/api/queries'
import { useDebounced } from './useDebounce'
import { usePagedList } from './usePagedList'

/** What every list query has: the search text, the sort, the page. */
export interface ListBase<S> {
  text: string | null
  sort: S | null
  desc: boolean
  page: number
  page_size: number
}

/** The filters as the query wants them: a cleared select ('') is null. */
export type Picked<F> = { [K in keyof F]: Exclude<F[K], ''> | null }

/** el-table's sort-change. */
export interface SortChange {
  prop: string | null
  order: 'ascending' | 'descending' | null
}

/** What ListPage.vue reads and sets of a list. */
export interface ListState<T> {
  keyword: string
  page: number
  pageSize: number
  rows: T[]
  total: number
  loading: boolean
  applyKeyword: () => void
  reset: () => void
  onSort: (e: SortChange) => void
}

/**
 * A list screen's state: the search box (applied after a 300 ms pause), the filters, the
 * server-side sort and the page, the query they make and the rows it loads (usePagedList). A new
 * search, filter or sort starts again at page 1, in the same change, so it is one load. The
 * caller makes the first `load()`.
 *
 * `filters` are the filters' cleared values (what 重置 goes back to); `sortKeys` maps a table
 * column's prop to the server's sort key; `query` makes the command's query from the text, sort,
 * page and the filters with '' as null.
 */
export function useListPage<F extends object, S, Q, T>(opts: {
  filters: F
  sortKeys?: Record<string, S>
  text?: string
  query: (q: ListBase<S> & Picked<F>) => Q
  fetch: (q: Q) => Promise<Page<T>>
}) {
  const keyword = ref(opts.text ?? '')
  const text = ref(opts.text ?? '')
  const filters = reactive({ ...opts.filters }) as F
  const sort = ref(null) as Ref<S | null>
  const desc = ref(false)
  const page = ref(1)
  const pageSize = ref(DEFAULT_PAGE_SIZE)

  // Synchronous, so the query changes once (text or filter and page together): one load.
  watch(
    () => JSON.stringify([text.value, filters, sort.value, desc.value]),
    () => {
      page.value = 1
    },
    { flush: 'sync' },
  )

  const query = computed(() => {
    const picked = Object.fromEntries(Object.entries(filters).map(([k, v]) => [k, pick(v)])) as Picked<F>
    return opts.query({
      text: orNull(text.value),
      sort: sort.value,
      desc: desc.value,
      page: page.value,
      page_size: pageSize.value,
      ...picked,
    })
  })
  const { rows, total, loading, load } = usePagedList(query, opts.fetch)

  const applyKeyword = useDebounced(() => {
    text.value = keyword.value
  }, 300)

  /** Searches for `s` now, as if typed (the global search opens a list this way). */
  function search(s: string) {
    applyKeyword.cancel()
    keyword.value = text.value = s
  }

  function reset() {
    search('')
    Object.assign(filters, opts.filters)
  }

  function onSort({ prop, order }: SortChange) {
    sort.value = order && prop ? (opts.sortKeys?.[prop] ?? null) : null
    desc.value = order === 'descending'
  }

  return reactive({ keyword, text, filters, sort, desc, page, pageSize, query, rows, total, loading, load, applyKeyword, search, reset, onSort })
}
