import type { CadreQuery, DepartmentQuery, EnterpriseQuery } from '@/bindings'

// Queries with every filter off, first page. The bindings want each key present.
export const DEFAULT_PAGE_SIZE = 50
export const PAGE_SIZES = [20, 50, 100]

export const emptyEnterpriseQuery = (): EnterpriseQuery => ({
  text: null,
  street_id: null,
  community_id: null,
  industry: null,
  scale: null,
  stat_class: null,
  four_above: false,
  ownership: null,
  status: null,
  tag: null,
  sort: null,
  desc: false,
  page: 1,
  page_size: DEFAULT_PAGE_SIZE,
})

export const emptyCadreQuery = (): CadreQuery => ({
  text: null,
  department_id: null,
  role: null,
  active: null,
  missing_mobile: false,
  sort: null,
  desc: false,
  page: 1,
  page_size: DEFAULT_PAGE_SIZE,
})

export const emptyDepartmentQuery = (): DepartmentQuery => ({
  text: null,
  kind: null,
  parent_id: null,
  page: 1,
  page_size: DEFAULT_PAGE_SIZE,
})
