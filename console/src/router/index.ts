// Routes: the login page, then the shell (Layout) with one route per menu page this user has (built from
// `/api/auth/me`'s menu tree, matched exactly against the page registry), detail pages, 403 and 404.
import { defineComponent, h, markRaw, type Component } from 'vue'
import {
  createRouter,
  createWebHistory,
  type RouteLocationNormalized,
  type Router,
  type RouteRecordRaw,
} from 'vue-router'
import { hasSession } from '@/api/client'
import { DETAIL_PAGES, PAGES } from '@/pages'
import type { PageEntry } from '@/pages/types'
import { useSession } from '@/stores/session'
import { mapMenu, type MenuNode } from './menu'

const Layout = () => import('@/layout/AppLayout.vue')
const ListPage = () => import('@/components/ListPage.vue')

/** keep-alive needs a distinct component name per page: `Page_crm_customers`. */
export function pageName(path: string): string {
  return 'Page' + path.replace(/[^a-zA-Z0-9]+/g, '_')
}

function pageComponent(path: string, entry: PageEntry): () => Promise<Component> {
  return async () => {
    const inner = entry.kind === 'list' ? (await ListPage()).default : await entry.load()
    const props = entry.kind === 'list' ? { config: entry.config } : {}
    return markRaw(defineComponent({ name: pageName(path), setup: () => () => h(inner, props) }))
  }
}

/** A detail page under its own name too, so its tab keeps its state (keep-alive includes open tabs by name). */
function detailComponent(path: string, load: () => Promise<Component | { default: Component }>): () => Promise<Component> {
  return async () => {
    const loaded = await load()
    const inner = 'default' in (loaded as object) ? (loaded as { default: Component }).default : (loaded as Component)
    return markRaw(defineComponent({
      name: pageName(path),
      // A page without an id in its path (a sub-list such as 售后申请) gets none.
      props: { id: { type: String, default: '' } },
      setup: (props) => () => h(inner, props.id ? { id: props.id } : {}),
    }))
  }
}

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', name: 'login', component: () => import('@/views/LoginView.vue'), meta: { public: true } },
    {
      path: '/',
      name: 'shell',
      component: Layout,
      children: [
        { path: '', name: 'home', component: () => import('@/views/HomeView.vue'), meta: { title: '首页' } },
        {
          path: '403',
          name: 'forbidden',
          component: () => import('@/views/ErrorView.vue'),
          props: { code: 403 },
          meta: { title: '无权限' },
        },
        {
          path: ':rest(.*)*',
          name: 'not-found',
          component: () => import('@/views/ErrorView.vue'),
          props: { code: 404 },
          meta: { title: '页面不存在' },
        },
      ],
    },
  ],
})

let installed = false

/** Adds the routes of the pages this user's menu names; returns the menu paths the console has no page for. */
export function installMenuRoutes(target: Router, menu: MenuNode[]): string[] {
  const mapped = mapMenu(menu, (path) => path in PAGES)
  const held = new Set(mapped.routes.map((r) => r.path))
  for (const route of mapped.routes) {
    const record: RouteRecordRaw = {
      path: route.path.slice(1),
      name: route.path,
      component: pageComponent(route.path, PAGES[route.path]),
      meta: { title: route.title, trail: route.trail, code: route.code },
    }
    target.addRoute('shell', record)
  }
  for (const detail of DETAIL_PAGES) {
    if (!held.has(detail.parent)) continue
    const parent = mapped.routes.find((r) => r.path === detail.parent)!
    target.addRoute('shell', {
      path: detail.path.slice(1),
      name: detail.path,
      component: detailComponent(detail.path, detail.load),
      props: true,
      meta: { title: detail.title, trail: [...parent.trail, parent.title], parent: detail.parent },
    })
  }
  installed = true
  return mapped.missing
}

export function resetRoutes(target: Router): void {
  for (const route of target.getRoutes()) {
    const name = route.name
    if (typeof name === 'string' && name.startsWith('/')) target.removeRoute(name)
  }
  installed = false
}

/** A page the console has but this user's menu does not give him: 403, not 404. */
export function isKnownPage(path: string): boolean {
  if (path in PAGES) return true
  return DETAIL_PAGES.some((d) => new RegExp('^' + d.path.replace(/:[a-z_]+/g, '[^/]+') + '$').test(path))
}

router.beforeEach(async (to: RouteLocationNormalized) => {
  if (to.meta.public) return true
  if (!hasSession()) return { path: '/login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  const session = useSession()
  if (!installed || !session.me) {
    try {
      const me = await session.loadMe()
      resetRoutes(router)
      installMenuRoutes(router, me?.menu ?? [])
    } catch {
      session.forget()
      return { path: '/login', query: { redirect: to.fullPath } }
    }
    return to.fullPath // resolve again now that the user's routes exist
  }
  if (to.name === 'not-found' && isKnownPage(to.path)) return { path: '/403', replace: true }
  return true
})
