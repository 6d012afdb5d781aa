import { flushPromises } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import { i18n, setLocale } from '@/i18n'
import { makeRouter } from '@/router'

/** Fresh store and router, and the plugins a mounted component of this app expects. */
export function harness() {
  setLocale('zh-CN')
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = makeRouter(createMemoryHistory())
  return { pinia, router, plugins: [pinia, i18n, router, ElementPlus] }
}

/** An element anywhere in the document (dialogs are teleported to body), by test id. */
export function byTestId(id: string): HTMLElement | null {
  return document.body.querySelector(`[data-testid="${id}"]`)
}

/** Types into a native input or textarea the way the user would. */
export function typeInto(el: Element | null, value: string) {
  if (!el) throw new Error('no such input')
  const input = el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? el : el.querySelector('input, textarea')
  if (!input) throw new Error('no input inside element')
  ;(input as HTMLInputElement).value = value
  input.dispatchEvent(new Event('input', { bubbles: true }))
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Lets promises, Vue updates and Element Plus's 100ms-debounced form-item state all settle. */
export async function settle() {
  await flushPromises()
  await sleep(150)
  await flushPromises()
}
