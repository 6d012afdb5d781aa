const pad = (n: number) => String(n).padStart(2, '0')

/** An ISO timestamp as local time, `yyyy-MM-dd HH:mm`; '' for empty, the text itself if unparsable. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** Trimmed text, or null when blank: what the commands expect for optional fields. */
export function orNull(v: string | null | undefined): string | null {
  if (v === null || v === undefined) return null
  const t = String(v).trim()
  return t === '' ? null : t
}

/** A select's value, or null when cleared. */
export function pick<T>(v: T | '' | null | undefined): T | null {
  return v === '' || v === undefined || v === null ? null : v
}
