import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { commands, type Department, type Industry } from '@/bindings'
import { currentLocale } from '@/i18n'

/** Departments and industries that pickers and tables look names up in. */
export const useRefdata = defineStore('refdata', () => {
  const departments = ref<Department[]>([])
  const industries = ref<Industry[]>([])
  const loaded = ref(false)

  const byId = computed(() => new Map(departments.value.map((d) => [d.id, d])))
  const streets = computed(() => departments.value.filter((d) => d.kind === 'street'))
  const communities = computed(() => departments.value.filter((d) => d.kind === 'community'))

  async function loadDepartments() {
    departments.value = await commands.departmentsAll()
  }

  async function load(force = false) {
    if (loaded.value && !force) return
    const [deps, inds] = await Promise.all([commands.departmentsAll(), commands.industries()])
    departments.value = deps
    industries.value = inds
    loaded.value = true
  }

  function deptName(id: string | null | undefined): string {
    if (!id) return ''
    return byId.value.get(id)?.name ?? ''
  }

  function communitiesOf(streetId: string | null | undefined): Department[] {
    if (!streetId) return []
    return communities.value.filter((c) => c.parent_id === streetId)
  }

  function industryName(code: string | null | undefined): string {
    if (!code) return ''
    const i = industries.value.find((x) => x.code === code)
    if (!i) return code
    return currentLocale.value === 'en' ? i.en : i.zh
  }

  return {
    departments,
    industries,
    loaded,
    byId,
    streets,
    communities,
    load,
    loadDepartments,
    deptName,
    communitiesOf,
    industryName,
  }
})
