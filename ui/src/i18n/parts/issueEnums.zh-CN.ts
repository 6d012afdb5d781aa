// The issue vocabularies' Chinese words, generated from core's enums (the bindings'
// ISSUE_LABELS_ZH), shared by the ledger, the issue page, the forms and the settings.
import { ISSUE_LABELS_ZH } from '@/bindings'

/** Each vocabulary's values (keys) with their words: the English file must name the same. */
type Labels<T> = { [V in keyof T]: { [K in keyof T[V]]: string } }

const zh: Labels<typeof ISSUE_LABELS_ZH> & { day_kind: Record<'workday' | 'weekend' | 'holiday' | 'makeup_workday', string> } = {
  ...ISSUE_LABELS_ZH,
  day_kind: { workday: '工作日', weekend: '休息日', holiday: '法定节假日', makeup_workday: '调休上班' },
}

export default zh
