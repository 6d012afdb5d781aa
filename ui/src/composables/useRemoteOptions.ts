import { onMounted, ref, watch, type Ref } from 'vue'
import { ElMessage } from 'element-plus'
import { messageOf } from '@/api/errors'

/**
 * The options of a select that searches the server as the user types (a province has thousands
 * of records), loaded with an empty search on mount. The chosen record stays among them, and a
 * value set from outside (a saved filter, an address) is fetched by `get` so the select shows
 * its name rather than its id.
 */
export function useRemoteOptions<T extends { id: string }>(
  model: Ref<string>,
  list: (text: string) => Promise<T[]>,
  get: (id: string) => Promise<T>,
) {
  const options = ref([]) as Ref<T[]>
  const loading = ref(false)
  let chosen: T | null = null
  let seq = 0

  const withChosen = (rows: T[]) =>
    chosen && chosen.id === model.value && !rows.some((r) => r.id === chosen!.id) ? [chosen, ...rows] : rows

  async function search(text: string) {
    const mine = ++seq
    loading.value = true
    try {
      const rows = await list(text)
      if (mine === seq) options.value = withChosen(rows)
    } catch (e) {
      if (mine === seq) ElMessage.error(messageOf(e))
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  watch(
    model,
    async (id) => {
      if (!id) return
      const known = options.value.find((o) => o.id === id)
      if (known) {
        chosen = known
        return
      }
      try {
        const one = await get(id)
        if (one && model.value === id) {
          chosen = one
          options.value = withChosen(options.value)
        }
      } catch {
        // gone or unreadable: the select shows the id
      }
    },
    { immediate: true },
  )

  onMounted(() => void search(''))
  return { options, loading, search }
}
