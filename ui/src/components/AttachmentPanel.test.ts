// 照片与附件: the project's 施工前/施工后 sections side by side, adding through the open dialog
// with the chosen role (a refused file shows core's message and the others still go in), the
// large copy on click, caption edit, delete after the confirmation, documents with their size.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { ElMessage, ElMessageBox } from 'element-plus'
import { harness, byTestId, settle } from '@/test/harness'
import type { AttachmentView, OwnerKind } from '@/bindings'
import AttachmentPanel from './AttachmentPanel.vue'

const commands = vi.hoisted(() => ({
  attachmentsOf: vi.fn(),
  attachmentAdd: vi.fn(),
  attachmentUpdate: vi.fn(),
  attachmentDelete: vi.fn(),
  attachmentPreview: vi.fn(),
  attachmentOpen: vi.fn(),
}))
vi.mock('@/bindings', async (importOriginal) => ({ ...(await importOriginal<object>()), commands }))
const dialog = vi.hoisted(() => ({ open: vi.fn() }))
vi.mock('@tauri-apps/plugin-dialog', () => dialog)

function view(id: string, over: Partial<AttachmentView['attachment']> = {}, thumb: string | null = 'data:image/jpeg;base64,AAAA'): AttachmentView {
  return {
    attachment: {
      id,
      owner_kind: 'project',
      owner_id: 'p1',
      sha256: id.padEnd(64, '0'),
      file_name: `${id}.jpg`,
      mime: 'image/jpeg',
      byte_size: 2_400_000,
      kind: 'photo',
      role: 'other',
      caption: null,
      width: 1600,
      height: 1200,
      created_at: '',
      updated_at: '',
      ...over,
    },
    thumb,
    has_original: true,
  }
}
const BEFORE = view('b1', { role: 'before', caption: '路口东侧' })
const AFTER = view('a1', { role: 'after' })
const REPORT = view('d1', { kind: 'document', role: null, file_name: '验收报告.pdf', mime: 'application/pdf', byte_size: 1_572_864, width: null, height: null }, null)

let wrapper: VueWrapper | undefined
async function mountPanel(ownerKind: OwnerKind = 'project') {
  const { plugins } = harness()
  wrapper = mount(AttachmentPanel, { props: { ownerKind, ownerId: 'p1' }, global: { plugins }, attachTo: document.body })
  await settle()
}
const within = (testid: string) => byTestId(testid)!.textContent!

beforeEach(() => {
  vi.resetAllMocks()
  commands.attachmentsOf.mockResolvedValue([BEFORE, AFTER, REPORT])
})
afterEach(() => {
  wrapper?.unmount()
  vi.restoreAllMocks()
})

describe('AttachmentPanel', () => {
  it('puts a project photo in its section and lists documents with their size', async () => {
    await mountPanel()
    expect(commands.attachmentsOf).toHaveBeenCalledWith('project', 'p1')
    expect(within('attachment-section-before')).toContain('施工前')
    expect(within('attachment-section-before')).toContain('路口东侧')
    expect(within('attachment-section-after')).toContain('施工后')
    expect(within('attachment-section-after')).toContain('a1.jpg')
    expect(within('attachment-section-other')).toContain('暂无照片')
    expect(byTestId('attachment-section-before')!.querySelector('img')!.getAttribute('src')).toBe(BEFORE.thumb)
    expect(within('attachment-documents')).toContain('验收报告.pdf')
    expect(within('attachment-documents')).toContain('1.5 MB')
  })

  it("adds the dialog's files with the section's role, saying why one was refused", async () => {
    await mountPanel()
    dialog.open.mockResolvedValue(['/home/u/后1.jpg', '/home/u/大.jpg'])
    commands.attachmentAdd.mockResolvedValueOnce(view('a2', { role: 'after' }))
    commands.attachmentAdd.mockRejectedValueOnce({ code: 'attachment', message: '文件「大.jpg」有 31 MB,超过了附件大小上限 20 MB', field: null })
    const error = vi.spyOn(ElMessage, 'error')
    byTestId('attachment-add-after')!.click()
    await settle()
    expect(dialog.open.mock.calls[0][0].filters[0].extensions).toContain('jpg')
    expect(commands.attachmentAdd).toHaveBeenNthCalledWith(1, 'project', 'p1', '/home/u/后1.jpg', 'after')
    expect(commands.attachmentAdd).toHaveBeenNthCalledWith(2, 'project', 'p1', '/home/u/大.jpg', 'after')
    expect(String((error.mock.calls[0][0] as { message: string }).message)).toContain('超过了附件大小上限')
    expect(byTestId('attachment-section-after')!.querySelectorAll('[data-testid=attachment-photo]')).toHaveLength(2)
  })

  it('does nothing when the dialog is cancelled, and adds a document without a role', async () => {
    await mountPanel('issue')
    dialog.open.mockResolvedValueOnce(null)
    byTestId('attachment-add')!.click()
    await settle()
    expect(commands.attachmentAdd).not.toHaveBeenCalled()
    dialog.open.mockResolvedValueOnce('/home/u/情况说明.docx')
    commands.attachmentAdd.mockResolvedValueOnce(view('d2', { kind: 'document', role: null, file_name: '情况说明.docx' }, null))
    byTestId('attachment-add')!.click()
    await settle()
    expect(commands.attachmentAdd).toHaveBeenCalledWith('issue', 'p1', '/home/u/情况说明.docx', null)
    expect(within('attachment-documents')).toContain('情况说明.docx')
  })

  it('shows the large copy on click and edits a caption', async () => {
    commands.attachmentPreview.mockResolvedValue('data:image/jpeg;base64,BIG')
    await mountPanel()
    byTestId('attachment-section-after')!.querySelector<HTMLElement>('.att-thumb')!.click()
    await settle()
    expect(commands.attachmentPreview).toHaveBeenCalledWith('a1')
    expect(document.querySelector('.el-image-viewer__wrapper img')!.getAttribute('src')).toBe('data:image/jpeg;base64,BIG')

    vi.spyOn(ElMessageBox, 'prompt').mockResolvedValue({ value: '路面铺设完成', action: 'confirm' } as never)
    commands.attachmentUpdate.mockResolvedValue({ ...AFTER.attachment, caption: '路面铺设完成' })
    byTestId('attachment-section-after')!.querySelector<HTMLElement>('[data-testid=attachment-caption-edit]')!.click()
    await settle()
    expect(commands.attachmentUpdate).toHaveBeenCalledWith('a1', { caption: '路面铺设完成', role: 'after' })
    expect(within('attachment-section-after')).toContain('路面铺设完成')
  })

  it('deletes only after the confirmation', async () => {
    await mountPanel()
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockRejectedValueOnce('cancel')
    byTestId('attachment-section-before')!.querySelector<HTMLElement>('[data-testid=attachment-delete]')!.click()
    await settle()
    expect(commands.attachmentDelete).not.toHaveBeenCalled()
    confirm.mockResolvedValueOnce('confirm' as never)
    commands.attachmentDelete.mockResolvedValue(null)
    commands.attachmentsOf.mockResolvedValue([AFTER, REPORT])
    byTestId('attachment-section-before')!.querySelector<HTMLElement>('[data-testid=attachment-delete]')!.click()
    await settle()
    expect(commands.attachmentDelete).toHaveBeenCalledWith('b1')
    expect(within('attachment-section-before')).toContain('暂无照片')
  })
})
