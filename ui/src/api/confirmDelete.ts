import { ElMessage, ElMessageBox } from 'element-plus'
import { i18n } from '@/i18n'
import { messageOf } from '@/api/errors'

/**
 * The lists' delete flow: ask, delete, say so, then `after` (reload). A cancelled question does
 * nothing; a refused delete (e.g. a street still in use) shows the server's message.
 */
export async function confirmDelete(name: string, del: () => Promise<unknown>, after: () => Promise<unknown> | void) {
  const t = i18n.global.t
  try {
    await ElMessageBox.confirm(t('common.confirmDelete', { name }), t('common.confirmTitle'), {
      type: 'warning',
      confirmButtonText: t('common.delete'),
      cancelButtonText: t('common.cancel'),
    })
  } catch {
    return
  }
  try {
    await del()
    ElMessage.success(t('common.deleted'))
    await after()
  } catch (e) {
    ElMessage.error(messageOf(e))
  }
}
