import { defineStore } from 'pinia'
import { ref } from 'vue'
import { commands, type Onboarding, type ZoneInfo } from '@/bindings'

/** What the shell knows about this zone's database and its operator. */
export const useZone = defineStore('zone', () => {
  const info = ref<ZoneInfo | null>(null)

  async function load() {
    info.value = await commands.zoneInfo()
    return info.value
  }

  async function onboard(input: Onboarding) {
    info.value = await commands.onboard(input)
    return info.value
  }

  return { info, load, onboard }
})
