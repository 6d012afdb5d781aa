import {
  PROJECT_CATEGORY_KIND,
  PROJECT_VALUES,
  type ProjectCategory,
  type ProjectKind,
  type ProjectQuery,
  type ProjectStatus,
} from '@/bindings'
import { i18n } from '@/i18n'

// The project vocabularies in picker order and each category's kind, generated from core's
// enums; the zh-CN labels are generated too (i18n `projectEnums`), the English ones written there.
export const PROJECT_KINDS: readonly ProjectKind[] = PROJECT_VALUES.project_kind
export const PROJECT_CATEGORIES: readonly ProjectCategory[] = PROJECT_VALUES.project_category
export const PROJECT_STATUSES: readonly ProjectStatus[] = PROJECT_VALUES.project_status

type ProjectEnum = 'project_kind' | 'project_category' | 'project_status'

export function projectLabel(name: ProjectEnum, value: string | null | undefined): string {
  if (!value) return ''
  const key = `projectEnums.${name}.${value}`
  return i18n.global.te(key) ? i18n.global.t(key) : value
}

export function projectOptions<T extends string>(name: ProjectEnum, values: readonly T[]): { value: T; label: string }[] {
  return values.map((value) => ({ value, label: projectLabel(name, value) }))
}

/** The categories core allows for a kind (all of them when none is chosen). */
export function categoriesOf(kind: ProjectKind | '' | null): ProjectCategory[] {
  return PROJECT_CATEGORIES.filter((c) => !kind || PROJECT_CATEGORY_KIND[c] === kind)
}

/** Tag colour of a status. */
export function projectStatusType(s: ProjectStatus): 'primary' | 'success' | 'warning' | 'info' {
  return s === 'building' ? 'primary' : s === 'finished' || s === 'accepted' ? 'success' : s === 'paused' ? 'warning' : 'info'
}

/** The list as it opens: every filter off, the most urgent first. */
export function emptyProjectQuery(): ProjectQuery {
  return {
    text: null, kind: null, category: null, status: null, street_id: null, department_id: null, year: null,
    flag: null, sort: null, desc: false, page: 1, page_size: 50, today: null,
  }
}

/** 万元 typed into a form as fen (whole fen, no float residue). */
export function wanToFen(wan: number | null | undefined): number | null {
  return wan == null || Number.isNaN(wan) ? null : Math.round(wan * 1_000_000)
}
