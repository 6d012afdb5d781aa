import type { AppError } from '@/bindings'

/** Whether a thrown value is the `{code, message, field}` error every command throws. */
export function isAppError(e: unknown): e is AppError {
  if (typeof e !== 'object' || e === null) return false
  const o = e as Record<string, unknown>
  return (
    typeof o.code === 'string' &&
    typeof o.message === 'string' &&
    (o.field === null || o.field === undefined || typeof o.field === 'string')
  )
}

/** The error's message keyed by the form field it belongs to; empty when it names none. */
export function fieldErrors(e: unknown): Record<string, string> {
  if (isAppError(e) && e.field) return { [e.field]: e.message }
  return {}
}

/** Text fit to show the user, whatever was thrown. */
export function messageOf(e: unknown): string {
  if (isAppError(e)) return e.message
  if (e instanceof Error) return e.message
  if (typeof e === 'string') return e
  try {
    return JSON.stringify(e)
  } catch {
    return String(e)
  }
}

/** The error's code, or '' when it is not an AppError. */
export function codeOf(e: unknown): string {
  return isAppError(e) ? e.code : ''
}

/** The error with its field renamed where the form calls it otherwise (`{date: 'registered_on'}`). */
export function renameField(e: unknown, names: Record<string, string>): unknown {
  return isAppError(e) && e.field && names[e.field] ? { ...e, field: names[e.field] } : e
}
