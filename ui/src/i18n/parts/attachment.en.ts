import type zhCN from './attachment.zh-CN'

const en: typeof zhCN = {
  title: 'Photos and files',
  photos: 'Photos',
  documents: 'Files',
  add: 'Add photos/files',
  addPhoto: 'Add photos',
  adding: 'Adding {done}/{total}…',
  added: '{n} attachment(s) added',
  empty: 'No photos or files yet',
  emptyRole: 'No photos yet',
  filterAll: 'Photos and files',
  filterPhotos: 'Photos',
  caption: 'Caption',
  captionEdit: 'Edit caption',
  captionPrompt: 'Caption of the photo or file (may be empty)',
  moveTo: 'Move to',
  open: 'Open',
  notHere: 'The original is not on this computer',
  count: '{n}',
  role: {
    before: 'Before',
    after: 'After',
    other: 'During work',
  },
}
export default en
