import type zhCN from './projectEnums.zh-CN'

const en: typeof zhCN = {
  project_kind: { livelihood: 'Livelihood project', key: 'Key project' },
  project_category: {
    roads: 'Roads',
    lights: 'Street lights',
    drainage: 'Drainage and sewers',
    education: 'Education',
    elderly_care: 'Elderly care',
    health: 'Health',
    insurance: 'Social insurance',
    housing: 'Housing renewal',
    other: 'Other',
    investment: 'Industrial investment',
    construction: 'Infrastructure construction',
  },
  project_status: { planning: 'Planning', building: 'Under construction', finished: 'Finished', accepted: 'Accepted', paused: 'Paused' },
}
export default en
