import type zhCN from './detail.zh-CN'

const en: typeof zhCN = {
  title: 'Issue',
}
export default en
