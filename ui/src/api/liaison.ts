import type { LiaisonQuery, LiaisonRole, WorkloadQuery } from '@/bindings'
import { i18n } from '@/i18n'
import { DEFAULT_PAGE_SIZE } from '@/api/queries'

// Liaison roles in the order pickers list them; labels under liaison.roles in the locale files.
export const LIAISON_ROLES: LiaisonRole[] = ['lead', 'leader', 'specialist']

export function liaisonRoleLabel(v: string | null | undefined): string {
  if (!v) return ''
  const key = `liaison.roles.${v}`
  return i18n.global.te(key) ? i18n.global.t(key) : v
}

export const liaisonRoleOptions = () => LIAISON_ROLES.map((value) => ({ value, label: liaisonRoleLabel(value) }))

/** Today as YYYY-MM-DD in local time, the default of every liaison date. */
export function today(): string {
  const d = new Date()
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

export const emptyLiaisonQuery = (): LiaisonQuery => ({
  cadre_id: null,
  enterprise_id: null,
  text: null,
  role: null,
  department_id: null,
  status: null,
  sort: null,
  desc: false,
  page: 1,
  page_size: DEFAULT_PAGE_SIZE,
})

export const emptyWorkloadQuery = (): WorkloadQuery => ({
  text: null,
  department_id: null,
  role: null,
  active: null,
  sort: null,
  desc: false,
  page: 1,
  page_size: DEFAULT_PAGE_SIZE,
})
