import { reactive, watch, type WatchSource } from 'vue'
import { fieldErrors } from '@/api/errors'

/**
 * Server-side field errors for a form: `apply(e)` files a thrown AppError under its field
 * (returning false when it names none the form shows), and editing a field clears its error.
 */
export function useServerErrors(model: Record<string, unknown>, fields: readonly string[]) {
  const errors = reactive<Record<string, string>>({})

  const clear = () => {
    for (const k of Object.keys(errors)) delete errors[k]
  }

  const apply = (e: unknown): boolean => {
    clear()
    const fe = fieldErrors(e)
    const shown = Object.keys(fe).filter((f) => fields.includes(f))
    for (const f of shown) errors[f] = fe[f]
    return shown.length > 0
  }

  for (const f of fields) {
    const src: WatchSource = () => model[f]
    watch(src, () => {
      if (errors[f]) delete errors[f]
    })
  }

  return { errors, apply, clear }
}
