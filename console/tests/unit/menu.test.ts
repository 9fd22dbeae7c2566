import { describe, expect, it } from 'vitest'
import { flattenSidebar, mapMenu, type MenuNode } from '@/router/menu'
import { PAGES } from '@/pages'

const node = (code: string, name: string, kind: MenuNode['kind'], path = '', children: MenuNode[] = []): MenuNode =>
  ({ code, name, kind, path, children })

const tree: MenuNode[] = [
  node('crm', '客户管理', 'directory', '', [
    node('crm:customer:list', '客户管理', 'menu', '/crm/customers', [node('crm:customer:create', '新增', 'button')]),
    node('crm:pool:list', '公海管理', 'menu', '/crm/pool', [
      node('crm:pool_rule:list', '公海规则', 'menu', '/crm/pool-rules'),
    ]),
    node('crm:x:list', '客户管理扩展', 'menu', '/crm/customers-extra'),
  ]),
  node('empty', '空目录', 'directory', '', [node('a:b:c', '按钮', 'button')]),
]

describe('mapMenu', () => {
  const known = (path: string) => ['/crm/customers', '/crm/pool', '/crm/pool-rules'].includes(path)

  it('routes each menu page whose path the console knows exactly, with its breadcrumb trail', () => {
    const mapped = mapMenu(tree, known)
    expect(mapped.routes.map((r) => r.path)).toEqual(['/crm/customers', '/crm/pool', '/crm/pool-rules'])
    expect(mapped.routes[2].trail).toEqual(['客户管理', '公海管理'])
  })

  it('never matches a path by prefix: an unknown path is missing, not a neighbour\'s page', () => {
    const mapped = mapMenu(tree, known)
    expect(mapped.missing).toEqual(['/crm/customers-extra'])
    const extra = mapped.sidebar[0].children.find((c) => c.path === '/crm/customers-extra')
    expect(extra?.available).toBe(false)
  })

  it('leaves buttons and directories without pages out of the sidebar, and flattens nested pages', () => {
    const mapped = mapMenu(tree, known)
    expect(mapped.sidebar.map((d) => d.code)).toEqual(['crm'])
    const flat = flattenSidebar(mapped.sidebar)
    expect(flat[0].children.map((c) => c.title)).toEqual(['客户管理', '公海管理', '公海规则', '客户管理扩展'])
  })

  it('the page registry knows the paths of the gateway menu it was built for', () => {
    for (const path of ['/crm/customers', '/cards/making-batches', '/health/orders', '/reports/sales', '/system/roles']) {
      expect(path in PAGES).toBe(true)
    }
  })
})

describe('tabs', async () => {
  const { createPinia, setActivePinia } = await import('pinia')
  const { useTabs } = await import('@/stores/tabs')
  it('opens each page once, closes to a neighbour, never closes home, and closes the others', () => {
    setActivePinia(createPinia())
    const tabs = useTabs()
    tabs.open({ path: '/a', title: 'A', name: 'A' })
    tabs.open({ path: '/b', title: 'B', name: 'B' })
    tabs.open({ path: '/a', title: 'A', name: 'A' })
    expect(tabs.tabs.map((t) => t.path)).toEqual(['/', '/a', '/b'])
    expect(tabs.close('/')).toBeNull()
    expect(tabs.close('/b')).toBe('/a')
    tabs.open({ path: '/c', title: 'C', name: 'C' })
    tabs.closeOthers('/c')
    expect(tabs.tabs.map((t) => t.path)).toEqual(['/', '/c'])
  })
})
