import { ref, watch, type Ref } from 'vue'
import { ElMessage } from 'element-plus'
import type { Page } from '@/bindings'
import { messageOf } from '@/api/errors'

/**
 * A server-paged table's rows and total for `query`: loaded again once per change of the query
 * (however many of its parts changed together), the newest answer winning when several are
 * under way; a failure is shown as a message. The caller makes the first `load()`.
 */
export function usePagedList<Q, T>(query: Ref<Q>, fetch: (q: Q) => Promise<Page<T>>) {
  const rows = ref([]) as Ref<T[]>
  const total = ref(0)
  const loading = ref(false)
  let seq = 0

  async function load() {
    const mine = ++seq
    loading.value = true
    try {
      const res = await fetch(query.value)
      if (mine !== seq) return
      rows.value = res.rows
      total.value = res.total
    } catch (e) {
      if (mine === seq) ElMessage.error(messageOf(e))
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  watch(() => JSON.stringify(query.value), () => void load())
  return { rows, total, loading, load }
}
