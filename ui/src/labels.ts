import type { CadreRole, DepartmentKind, EnterpriseStatus, Ownership, Scale, StatClass } from '@/bindings'
import { i18n } from '@/i18n'

// The enums' values in the order pickers list them; their labels live in the locale files.
export const SCALES: Scale[] = ['large', 'medium', 'small', 'micro']
export const STAT_CLASSES: StatClass[] = ['industry', 'construction', 'trade', 'services', 'four_above', 'below']
export const OWNERSHIPS: Ownership[] = ['state', 'private', 'foreign', 'hmt', 'collective', 'other']
export const STATUSES: EnterpriseStatus[] = ['operating', 'moved_out', 'closed']
export const ROLES: CadreRole[] = ['leader', 'cadre', 'specialist']
export const KINDS: DepartmentKind[] = ['function', 'street', 'community', 'company']

type EnumName = 'scale' | 'statClass' | 'ownership' | 'status' | 'role' | 'kind'

/** The label of an enum value in the current locale; '' for none. */
export function enumLabel(name: EnumName, value: string | null | undefined): string {
  if (!value) return ''
  const key = `enums.${name}.${value}`
  return i18n.global.te(key) ? i18n.global.t(key) : value
}

/** `{value, label}` pairs for a select. */
export function enumOptions<T extends string>(name: EnumName, values: T[]): { value: T; label: string }[] {
  return values.map((value) => ({ value, label: enumLabel(name, value) }))
}

export const scaleLabel = (v: string | null | undefined) => enumLabel('scale', v)
export const statClassLabel = (v: string | null | undefined) => enumLabel('statClass', v)
export const ownershipLabel = (v: string | null | undefined) => enumLabel('ownership', v)
export const statusLabel = (v: string | null | undefined) => enumLabel('status', v)
export const roleLabel = (v: string | null | undefined) => enumLabel('role', v)
export const kindLabel = (v: string | null | undefined) => enumLabel('kind', v)

/** Tag colour for an enterprise status in tables. */
export function statusType(v: EnterpriseStatus): 'success' | 'warning' | 'info' {
  return v === 'operating' ? 'success' : v === 'moved_out' ? 'warning' : 'info'
}
