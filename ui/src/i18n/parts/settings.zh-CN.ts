// Messages of the settings screens. settings.en.ts must have the same keys.
export default {
  title: '设置',
}
