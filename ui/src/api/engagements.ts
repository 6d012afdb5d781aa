import { ENGAGEMENT_VALUES, type EngagementKind, type SupportKind, type SupportStatus } from '@/bindings'
import { i18n } from '@/i18n'

// The engagement and support vocabularies in picker order, generated from core's enums; their
// zh-CN words are generated too (i18n `engagement.enums`), the English ones are written there.
export const ENGAGEMENT_KINDS: readonly EngagementKind[] = ENGAGEMENT_VALUES.engagement_kind
export const SUPPORT_KINDS: readonly SupportKind[] = ENGAGEMENT_VALUES.support_kind
export const SUPPORT_STATUSES: readonly SupportStatus[] = ENGAGEMENT_VALUES.support_status

type Vocab = keyof typeof ENGAGEMENT_VALUES

export function engagementLabel(name: Vocab, value: string | null | undefined): string {
  if (!value) return ''
  const key = `engagement.enums.${name}.${value}`
  return i18n.global.te(key) ? i18n.global.t(key) : value
}

export function engagementOptions<T extends string>(name: Vocab, values: readonly T[]): { value: T; label: string }[] {
  return values.map((value) => ({ value, label: engagementLabel(name, value) }))
}

/** Fen as 万元 with up to two decimals ("1800", "70.3"); '' for none. */
export function wan(fen: number | null | undefined): string {
  if (fen == null) return ''
  return String(Math.round(fen / 10_000) / 100)
}

/** 万元 typed in a form, as fen; null when empty or not a number. */
export function fenOf(wanText: string): number | null {
  const v = Number(String(wanText).trim())
  return String(wanText).trim() === '' || !Number.isFinite(v) ? null : Math.round(v * 1_000_000)
}

/** The window event sent after a visit is logged, so open lists reload. */
export const CAPTURED = 'lianxin:captured'
