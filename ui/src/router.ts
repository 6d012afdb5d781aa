import { createRouter, createWebHashHistory, type RouteRecordRaw, type RouterHistory } from 'vue-router'
import ShellLayout from '@/components/ShellLayout.vue'
import { useZone } from '@/stores/zone'

export const routes: RouteRecordRaw[] = [
  { path: '/welcome', name: 'welcome', component: () => import('@/views/WelcomeView.vue') },
  {
    path: '/',
    component: ShellLayout,
    children: [
      { path: '', name: 'home', component: () => import('@/views/HomeView.vue') },
      { path: 'enterprises', name: 'enterprises', component: () => import('@/views/EnterpriseListView.vue') },
      {
        path: 'enterprises/:id',
        name: 'enterprise',
        component: () => import('@/views/EnterpriseDetailView.vue'),
        props: true,
      },
      { path: 'cadres', name: 'cadres', component: () => import('@/views/CadreListView.vue') },
      { path: 'departments', name: 'departments', component: () => import('@/views/DepartmentListView.vue') },
      { path: 'liaison', name: 'liaison', component: () => import('@/views/LiaisonView.vue') },
      { path: 'issues', name: 'issues', component: () => import('@/views/IssueLedgerView.vue') },
      { path: 'issues/figures', name: 'issue-figures', component: () => import('@/views/IssueFiguresView.vue') },
      { path: 'issues/:id', name: 'issue', component: () => import('@/views/IssueDetailView.vue'), props: true },
      { path: 'engagements', name: 'engagements', component: () => import('@/views/EngagementListView.vue') },
      { path: 'projects', name: 'projects', component: () => import('@/views/ProjectListView.vue') },
      { path: 'projects/:id', name: 'project', component: () => import('@/views/ProjectDetailView.vue'), props: true },
      { path: 'print', name: 'print', component: () => import('@/views/PrintCenterView.vue') },
      { path: 'sync', name: 'sync', component: () => import('@/views/SyncView.vue') },
      { path: 'settings', name: 'settings', component: () => import('@/views/SettingsView.vue') },
    ],
  },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

// Hash history: in the app the page is served from a custom protocol.
export function makeRouter(history: RouterHistory = createWebHashHistory()) {
  const router = createRouter({ history, routes })
  // Until the first-run questions are answered only the welcome page is reachable.
  router.beforeEach((to) => {
    const zone = useZone()
    if (!zone.info) return true
    if (!zone.info.onboarded && to.name !== 'welcome') return { name: 'welcome' }
    if (zone.info.onboarded && to.name === 'welcome') return { name: 'home' }
    return true
  })
  return router
}
