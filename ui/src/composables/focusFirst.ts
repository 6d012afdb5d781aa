/**
 * Puts the cursor in the first field of a dialog that has just opened (its `@opened`), so a
 * dialog reached by its shortcut is typed into at once. The register form's first field that
 * takes text is its enterprise; radio groups are skipped.
 */
export function focusFirst(e?: Event | HTMLElement | null) {
  const root = e instanceof HTMLElement ? e : document.querySelector<HTMLElement>('.el-overlay-dialog:last-of-type .el-dialog')
  const field = root?.querySelector<HTMLElement>(
    '.el-dialog__body input:not([type=radio]):not([type=checkbox]):not([disabled]):not([readonly]), .el-dialog__body textarea:not([disabled])',
  )
  field?.focus()
}
