import type { AttachmentView, PhotoRole } from '@/bindings'

/** What the open dialog offers: the photos core decodes and the documents it keeps. */
export const PHOTO_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp', 'gif']
export const DOCUMENT_EXTENSIONS = ['pdf', 'ofd', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'wps', 'et', 'dps', 'txt', 'csv', 'rtf', 'zip', 'rar', '7z']
export const PHOTO_ROLES: PhotoRole[] = ['before', 'after', 'other']

/** "1.5 MB", "820 KB", as core words sizes in its messages. (specta types an f64 as
 * `number | null`, for NaN; a size is never null.) */
export function fileSize(size: number | null): string {
  const bytes = size ?? 0
  const mb = bytes / (1024 * 1024)
  if (mb >= 1) return `${mb >= 10 ? mb.toFixed(0) : mb.toFixed(1)} MB`
  return `${Math.max(1, Math.ceil(bytes / 1024))} KB`
}

/** The photos of one role (a project's section), or every photo when `role` is undefined. */
export function photosOf(rows: AttachmentView[], role?: PhotoRole): AttachmentView[] {
  return rows.filter((r) => r.attachment.kind === 'photo' && (role === undefined || (r.attachment.role ?? 'other') === role))
}
