import { onBeforeUnmount, onMounted } from 'vue'

export interface Shortcut {
  /** `KeyboardEvent.key`, compared case-insensitively ('n', 'Enter'). */
  key: string
  /** Ctrl on Windows/Linux or ⌘ on macOS. */
  ctrl?: boolean
  alt?: boolean
  /** Checked at the time of the key press; the shortcut does nothing when false. */
  when?: () => boolean
  run: (e: KeyboardEvent) => void
}

export function matches(s: Shortcut, e: KeyboardEvent): boolean {
  if (e.key.toLowerCase() !== s.key.toLowerCase()) return false
  if (!!s.ctrl !== (e.ctrlKey || e.metaKey)) return false
  if (!!s.alt !== e.altKey) return false
  return s.when ? s.when() : true
}

/** Window-wide shortcuts for as long as the calling component is mounted. */
export function useShortcuts(shortcuts: Shortcut[]) {
  const onKey = (e: KeyboardEvent) => {
    for (const s of shortcuts) {
      if (matches(s, e)) {
        e.preventDefault()
        s.run(e)
        return
      }
    }
  }
  onMounted(() => window.addEventListener('keydown', onKey))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey))
}

/** Ctrl+N or Alt+N: the lists' "new record" shortcut. */
export function useNewShortcut(run: () => void, when?: () => boolean) {
  useShortcuts([
    { key: 'n', ctrl: true, when, run },
    { key: 'n', alt: true, when, run },
  ])
}
