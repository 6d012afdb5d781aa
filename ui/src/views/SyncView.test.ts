// 同步: the header in plain words, the token never shown, the form checked before anything is
// asked, 立即同步 (and Ctrl+Enter) saving a changed form first and showing progress, a conflict
// restored by id, and a duplicate opening the existing merge.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { byTestId, harness, settle, typeInto } from '@/test/harness'
import { channels } from '@/components/progressChannelMock'
import type { ConflictRow, DuplicateGroup, SyncStatus } from '@/bindings'
import SyncView from './SyncView.vue'

const commands = vi.hoisted(() => ({
  syncStatus: vi.fn(),
  syncSettingsSave: vi.fn(),
  syncTest: vi.fn(),
  syncNow: vi.fn(),
  syncConflicts: vi.fn(),
  syncConflictRestore: vi.fn(),
  syncConflictDismiss: vi.fn(),
  syncDuplicates: vi.fn(),
  cadreGet: vi.fn(),
  cadreMerge: vi.fn(),
}))
vi.mock('@/bindings', async (importOriginal) => ({ ...(await importOriginal<object>()), commands }))
vi.mock('@tauri-apps/api/core', () => import('@/components/progressChannelMock'))
vi.setConfig({ testTimeout: 20000 })

const NEW: SyncStatus = {
  server: null,
  token_saved: false,
  token_hint: null,
  auto_minutes: 0,
  last_at: null,
  last_ok: null,
  last_line: null,
  pending: 3,
  clock_warning: null,
}
const SET: SyncStatus = {
  ...NEW,
  server: 'http://127.0.0.1:8080',
  token_saved: true,
  token_hint: 'beef',
  auto_minutes: 15,
  last_at: '2026-12-08T01:00:00Z',
  last_ok: false,
  last_line: '同步未完成:连不上同步服务器 http://127.0.0.1:8080,请检查网络和服务器地址',
  clock_warning: '本机时钟比服务器快约 5 分钟',
}
const CONFLICT: ConflictRow = {
  id: 7,
  entity: 'enterprises',
  row_id: 'e1',
  record: '湘电股份',
  field: 'contact_phone',
  lost: '13807312345',
  lost_here: true,
  won_here: false,
  lost_actor: '甲',
  lost_at: '2026-12-07T09:00:00.000Z',
  won: '13907319999',
  won_actor: '乙',
  won_at: '2026-12-07T10:00:00.000Z',
}
const DUP: DuplicateGroup = {
  entity: 'enterprises',
  key: '91430300MA4L16JQ9B',
  records: [
    { id: 'e2', name: '江麓机电' },
    { id: 'e3', name: '江麓机电集团' },
  ],
}

let wrapper: VueWrapper | undefined
async function open(status: SyncStatus) {
  commands.syncStatus.mockResolvedValue(status)
  const { plugins, router } = harness()
  await router.push('/sync')
  wrapper = mount(SyncView, { global: { plugins }, attachTo: document.body })
  await settle()
  return router
}
const click = async (id: string) => {
  byTestId(id)!.click()
  await settle()
}

beforeEach(() => {
  vi.resetAllMocks()
  channels.length = 0
  commands.syncConflicts.mockResolvedValue([])
  commands.syncDuplicates.mockResolvedValue([])
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

describe('SyncView', () => {
  it('shows what waits, the last result in words, the clock warning, and only the token’s last four characters', async () => {
    await open(SET)
    expect(byTestId('sync-pending')!.textContent).toContain('待上传 3 条')
    expect(byTestId('sync-last')!.textContent).toContain('未完成')
    expect(byTestId('sync-last-line')!.textContent).toContain('连不上同步服务器')
    expect(byTestId('sync-clock')!.textContent).toContain('快约 5 分钟')
    const token = byTestId('sync-token')!.querySelector('input')!
    expect(token.value).toBe('')
    expect(token.placeholder).toContain('beef')
    expect((byTestId('sync-server')!.querySelector('input') as HTMLInputElement).value).toBe('http://127.0.0.1:8080')
  })

  it('asks for a token before asking core anything', async () => {
    await open(NEW)
    typeInto(byTestId('sync-server'), '127.0.0.1:8080')
    await click('sync-now')
    expect(byTestId('err-token')!.textContent).toContain('请填写令牌')
    expect(commands.syncSettingsSave).not.toHaveBeenCalled()
    expect(commands.syncNow).not.toHaveBeenCalled()
  })

  it("shows core's verdict on the address beside the field and does not sync", async () => {
    await open(NEW)
    commands.syncSettingsSave.mockRejectedValue({
      code: 'validation',
      message: '请填写同步服务器地址,以 http:// 或 https:// 开头,如 https://sync.example.cn',
      field: 'server',
    })
    typeInto(byTestId('sync-server'), '127.0.0.1:8080')
    typeInto(byTestId('sync-token'), 'lx1_0123456789abcdefbeef')
    await click('sync-now')
    expect(commands.syncSettingsSave).toHaveBeenCalled()
    expect(byTestId('err-server')!.textContent).toContain('http://')
    expect(commands.syncNow).not.toHaveBeenCalled()
  })

  it('saves a changed form, then syncs with progress, and Ctrl+Enter does the same', async () => {
    await open(NEW)
    commands.syncSettingsSave.mockResolvedValue({ ...NEW, server: 'http://127.0.0.1:8080', token_saved: true, token_hint: 'beef' })
    let finish: (line: string) => void = () => {}
    commands.syncNow.mockImplementation(() => new Promise((r) => (finish = r)))
    typeInto(byTestId('sync-server'), 'http://127.0.0.1:8080')
    typeInto(byTestId('sync-token'), 'lx1_0123456789abcdefbeef')
    await click('sync-now')
    expect(commands.syncSettingsSave).toHaveBeenCalledWith({ server: 'http://127.0.0.1:8080', token: 'lx1_0123456789abcdefbeef', auto_minutes: 0 })
    expect(commands.syncNow).toHaveBeenCalledOnce()
    channels[0].onmessage({ pushed: 2, to_push: 3, pulled: 0 })
    await settle()
    expect(byTestId('sync-progress')!.textContent).toContain('已上传 2/3 条')
    commands.syncStatus.mockResolvedValue({ ...SET, auto_minutes: 0, clock_warning: null, pending: 0, last_ok: true, last_line: '同步完成:上传 3 条更改' })
    finish('同步完成:上传 3 条更改')
    await settle()
    expect(byTestId('sync-progress')).toBeNull()
    expect(byTestId('sync-last-line')!.textContent).toContain('同步完成')

    // The form now matches what is saved: Ctrl+Enter syncs without saving again.
    commands.syncNow.mockResolvedValue('同步完成:上传 0 条更改')
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true }))
    await settle()
    expect(commands.syncNow).toHaveBeenCalledTimes(2)
    expect(commands.syncSettingsSave).toHaveBeenCalledOnce()
  })

  it('tests the connection with the saved token when none is typed', async () => {
    await open(SET)
    commands.syncTest.mockResolvedValue('连接成功:服务器在线,令牌有效')
    await click('sync-test')
    expect(commands.syncTest).toHaveBeenCalledWith('http://127.0.0.1:8080', null)
  })

  it('lists an overwritten value by record and field and restores it by id', async () => {
    commands.syncConflicts.mockResolvedValue([CONFLICT])
    await open(SET)
    const text = byTestId('sync-conflicts')!.textContent!
    for (const s of ['湘电股份', '联系电话', '13807312345', '13907319999', '本机', '甲', '对方', '乙']) expect(text).toContain(s)
    commands.syncConflicts.mockResolvedValue([])
    await click('conflict-restore')
    expect(commands.syncConflictRestore).toHaveBeenCalledWith(7)
    expect(byTestId('sync-conflicts')!.textContent).toContain('没有被覆盖的修改')
  })

  it('opens the existing merge on the first of a duplicate pair with the second chosen', async () => {
    commands.syncDuplicates.mockResolvedValue([DUP])
    const router = await open(SET)
    expect(byTestId('sync-duplicates')!.textContent).toContain('江麓机电、江麓机电集团')
    await click('duplicate-merge')
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('enterprise'), { timeout: 10000 })
    expect(router.currentRoute.value.params.id).toBe('e2')
    expect(router.currentRoute.value.query.merge).toBe('e3')
  })

  it('opens the cadre merge on a pair sharing a mobile', async () => {
    commands.syncDuplicates.mockResolvedValue([
      { entity: 'cadres', key: '13907321234', records: [{ id: 'c1', name: '游志华' }, { id: 'c2', name: '游志华' }] },
    ])
    const cadre = (id: string, position: string | null) => ({
      id, name: '游志华', department_id: null, position, role: 'cadre', mobile: '13907321234', active: true, created_at: '', updated_at: '',
    })
    commands.cadreGet.mockImplementation(async (id: string) => cadre(id, id === 'c1' ? '副主任' : null))
    await open(SET)
    await click('duplicate-merge')
    await vi.waitFor(() => expect(byTestId('cadre-merge-table')).not.toBeNull())
    expect(commands.cadreGet).toHaveBeenCalledWith('c2')
    expect(byTestId('cadre-merge-table')!.textContent).toContain('副主任')
  })
})
