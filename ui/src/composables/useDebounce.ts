import { onBeforeUnmount } from 'vue'

/** A debounced call of `fn`, cancelled when the calling component unmounts. */
export function useDebounced<A extends unknown[]>(fn: (...args: A) => void, ms = 300) {
  let timer: ReturnType<typeof setTimeout> | undefined
  const cancel = () => {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
  }
  const call = (...args: A) => {
    cancel()
    timer = setTimeout(() => {
      timer = undefined
      fn(...args)
    }, ms)
  }
  onBeforeUnmount(cancel)
  return Object.assign(call, { cancel })
}
