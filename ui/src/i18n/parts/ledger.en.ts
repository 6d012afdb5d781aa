import type zhCN from './ledger.zh-CN'

const en: typeof zhCN = {
  title: 'Issue ledger',
}
export default en
