import { ref, watch, type Ref } from 'vue'

/**
 * A ref kept in this computer's localStorage as JSON: read once (through `normalize`, which
 * turns whatever is stored, perhaps by an older version, into a good value) and written on
 * every change. Without storage it still works for the session.
 */
export function useStored<T>(key: string, normalize: (raw: unknown) => T): Ref<T> {
  let raw: unknown = undefined
  try {
    const s = localStorage.getItem(key)
    if (s !== null) raw = JSON.parse(s)
  } catch {
    // unreadable or unavailable: start from the default
  }
  const value = ref(normalize(raw)) as Ref<T>
  watch(
    value,
    (v) => {
      try {
        localStorage.setItem(key, JSON.stringify(v))
      } catch {
        // not persisted; kept for this session
      }
    },
    { deep: true },
  )
  return value
}
