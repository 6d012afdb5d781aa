import type zhCN from './settings.zh-CN'

const en: typeof zhCN = {
  title: 'Settings',
}
export default en
