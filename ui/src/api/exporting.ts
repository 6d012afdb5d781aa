import { save } from '@tauri-apps/plugin-dialog'
import {
  commands,
  type CadreQuery,
  type EngagementQuery,
  type EnterpriseQuery,
  type ExportFormat,
  type ExportResult,
  type ProjectQuery,
  type SupportQuery,
} from '@/bindings'
import { i18n } from '@/i18n'

export type ExportWhat = 'enterprises' | 'cadres' | 'engagements' | 'supports' | 'projects'
export type ExportQuery = EnterpriseQuery | CadreQuery | EngagementQuery | SupportQuery | ProjectQuery

const pad = (n: number) => String(n).padStart(2, '0')

/** 企业名录_2026-11-21.xlsx: what offices name such files. */
export function defaultExportName(what: ExportWhat, format: ExportFormat, now = new Date()): string {
  const day = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
  return `${i18n.global.t(`io.defaultName.${what}`)}_${day}.${format}`
}

/**
 * Asks where to save, then exports every row the list's filters match (all pages, in the list's
 * order). Null when the user closes the save dialog.
 */
export async function exportList(
  what: ExportWhat,
  query: ExportQuery,
  format: ExportFormat,
): Promise<ExportResult | null> {
  const path = await save({
    defaultPath: defaultExportName(what, format),
    filters: [format === 'xlsx' ? { name: 'Excel', extensions: ['xlsx'] } : { name: 'CSV', extensions: ['csv'] }],
  })
  if (!path) return null
  const all = { ...query, page: 1 }
  switch (what) {
    case 'enterprises':
      return commands.exportEnterprises(all as EnterpriseQuery, path, format)
    case 'cadres':
      return commands.exportCadres(all as CadreQuery, path, format)
    case 'engagements':
      return commands.exportEngagements(all as EngagementQuery, path, format)
    case 'supports':
      return commands.exportSupports(all as SupportQuery, path, format)
    case 'projects':
      return commands.exportProjects(all as ProjectQuery, path, format)
  }
}
