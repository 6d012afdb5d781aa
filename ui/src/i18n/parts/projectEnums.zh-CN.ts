// The project vocabularies' Chinese words, generated from core's enums (PROJECT_LABELS_ZH).
import { PROJECT_LABELS_ZH } from '@/bindings'

type Labels<T> = { [V in keyof T]: { [K in keyof T[V]]: string } }

const zh: Labels<typeof PROJECT_LABELS_ZH> = { ...PROJECT_LABELS_ZH }

export default zh
