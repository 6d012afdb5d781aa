import type { Component } from 'vue'
import {
  Bell,
  Connection,
  DataAnalysis,
  HomeFilled,
  OfficeBuilding,
  Printer,
  Refresh,
  School,
  Setting,
  Sunny,
  Tickets,
  User,
  Van,
} from '@element-plus/icons-vue'

export interface NavItem {
  /** Also the route name and the `nav-<key>` test id. */
  key: string
  path: string
  /** i18n key of the label. */
  label: string
  icon: Component
  /** Shown only once the screen exists. */
  ready: boolean
}

/** The whole product's navigation, in menu order. */
export const NAV: NavItem[] = [
  { key: 'home', path: '/', label: 'nav.home', icon: HomeFilled, ready: true },
  { key: 'enterprises', path: '/enterprises', label: 'nav.enterprises', icon: OfficeBuilding, ready: true },
  { key: 'cadres', path: '/cadres', label: 'nav.cadres', icon: User, ready: true },
  { key: 'departments', path: '/departments', label: 'nav.departments', icon: School, ready: true },
  { key: 'liaison', path: '/liaison', label: 'nav.liaison', icon: Connection, ready: true },
  { key: 'issues', path: '/issues', label: 'nav.issues', icon: Tickets, ready: true },
  { key: 'engagements', path: '/engagements', label: 'nav.engagements', icon: Van, ready: true },
  { key: 'supervision', path: '/supervision', label: 'nav.supervision', icon: Bell, ready: false },
  { key: 'projects', path: '/projects', label: 'nav.projects', icon: Sunny, ready: true },
  { key: 'print', path: '/print', label: 'nav.print', icon: Printer, ready: true },
  { key: 'reports', path: '/reports', label: 'nav.reports', icon: DataAnalysis, ready: false },
  { key: 'sync', path: '/sync', label: 'nav.sync', icon: Refresh, ready: true },
  { key: 'settings', path: '/settings', label: 'nav.settings', icon: Setting, ready: true },
]

export const readyNav = (items: NavItem[] = NAV) => items.filter((i) => i.ready)
