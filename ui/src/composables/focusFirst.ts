/**
 * Puts the cursor in the first field of a dialog that has just opened (its `@opened`), so a
 * dialog reached by its shortcut is typed into at once; radio groups are skipped. A field the
 * user (or a test) already went into during the opening animation keeps the focus.
 */
export function focusFirst(e?: Event | HTMLElement | null) {
  const root = e instanceof HTMLElement ? e : document.querySelector<HTMLElement>('.el-overlay-dialog:last-of-type .el-dialog')
  if (!root || root.querySelector('.el-dialog__body')?.contains(document.activeElement)) return
  const field = root.querySelector<HTMLElement>(
    '.el-dialog__body input:not([type=radio]):not([type=checkbox]):not([disabled]):not([readonly]), .el-dialog__body textarea:not([disabled])',
  )
  field?.focus()
}
