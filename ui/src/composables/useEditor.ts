import { ref, type Ref } from 'vue'
import { useNewShortcut } from './useShortcut'

/**
 * A list's record form: opened empty by 新建 (and Ctrl+N / Alt+N while it is closed), or on a
 * row by 编辑. `editing` is null for a new record.
 */
export function useEditor<T>() {
  const open = ref(false)
  const editing = ref(null) as Ref<T | null>
  function openNew() {
    editing.value = null
    open.value = true
  }
  function openEdit(row: T) {
    editing.value = row
    open.value = true
  }
  useNewShortcut(openNew, () => !open.value)
  return { open, editing, openNew, openEdit }
}
