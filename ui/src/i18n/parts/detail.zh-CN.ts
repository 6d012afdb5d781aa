// Messages of the detail screens. detail.en.ts must have the same keys.
export default {
  title: '问题详情',
}
