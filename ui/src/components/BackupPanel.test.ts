// 设置 · 备份: the list with Chinese kinds, 立即备份, and 恢复 only after the confirmation.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { ElMessageBox } from 'element-plus'
import { harness, byTestId, settle } from '@/test/harness'
import BackupPanel from './BackupPanel.vue'

const commands = vi.hoisted(() => ({ backupList: vi.fn(), backupNow: vi.fn(), backupRestore: vi.fn() }))
vi.mock('@/bindings', async (importOriginal) => ({ ...(await importOriginal<object>()), commands }))

const DAILY = { path: '/d/backups/lianxin-20261203-080000-daily.db', file_name: 'lianxin-20261203-080000-daily.db', kind: 'daily', taken_at: '2026-12-03 08:00:00', bytes: 2_500_000 }
const IMPORT = { ...DAILY, file_name: 'lianxin-20261203-090000-before-import.db', kind: 'before_import', taken_at: '2026-12-03 09:00:00' }

let wrapper: VueWrapper | undefined
async function open() {
  const { plugins } = harness()
  wrapper = mount(BackupPanel, { global: { plugins }, attachTo: document.body })
  await settle()
}

beforeEach(() => {
  vi.resetAllMocks()
  commands.backupList.mockResolvedValue([IMPORT, DAILY])
})
afterEach(() => {
  wrapper?.unmount()
  vi.restoreAllMocks()
})

describe('BackupPanel', () => {
  it('lists the copies newest first with their kinds in Chinese and their sizes', async () => {
    await open()
    const text = byTestId('backup-table')!.textContent!
    expect(text).toContain('导入前')
    expect(text).toContain('每日自动')
    expect(text).toContain('2.5 MB')
    expect(text.indexOf('09:00:00')).toBeLessThan(text.indexOf('08:00:00'))
  })

  it('backs up now and lists again', async () => {
    commands.backupNow.mockResolvedValue({ ...DAILY, kind: 'manual', file_name: 'm.db' })
    await open()
    byTestId('backup-now')!.click()
    await settle()
    expect(commands.backupNow).toHaveBeenCalledOnce()
    expect(commands.backupList).toHaveBeenCalledTimes(2)
  })

  it('restores a copy by its file name after the confirmation, and not when cancelled', async () => {
    await open()
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockRejectedValueOnce('cancel')
    document.querySelectorAll<HTMLElement>('[data-testid="backup-restore"]')[1].click()
    await settle()
    expect(commands.backupRestore).not.toHaveBeenCalled()
    confirm.mockResolvedValueOnce('confirm' as never)
    commands.backupRestore.mockResolvedValue(null)
    document.querySelectorAll<HTMLElement>('[data-testid="backup-restore"]')[1].click()
    await settle()
    expect(confirm.mock.calls[1][0]).toContain('2026-12-03 08:00:00')
    expect(commands.backupRestore).toHaveBeenCalledWith(DAILY.file_name)
  })
})
