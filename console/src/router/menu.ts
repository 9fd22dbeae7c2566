// From the gateway's menu tree (`/api/auth/me`) to the console's routes and sidebar. A menu page is matched to
// the page registry by its exact path, never by a prefix or substring: a path the console does not know yet is
// listed as missing (shown in the sidebar as not available) instead of landing on a neighbour's page.
import type { components } from '@/api/schema'

export type MenuNode = components['schemas']['MenuNode']

export interface SidebarItem {
  code: string
  title: string
  path: string
  /** The console has a page for it. */
  available: boolean
  children: SidebarItem[]
}

export interface MenuRoute {
  path: string
  code: string
  title: string
  /** Directory and parent page titles, for the breadcrumb. */
  trail: string[]
}

export interface MappedMenu {
  sidebar: SidebarItem[]
  routes: MenuRoute[]
  /** Menu pages whose path has no page in the registry. */
  missing: string[]
}

export function mapMenu(tree: MenuNode[], known: (path: string) => boolean): MappedMenu {
  const routes: MenuRoute[] = []
  const missing: string[] = []

  function visit(node: MenuNode, trail: string[]): SidebarItem | null {
    if (node.kind === 'button') return null
    const children: SidebarItem[] = []
    const childTrail = [...trail, node.name]
    let available = false
    if (node.kind === 'menu' && node.path) {
      available = known(node.path)
      if (available) routes.push({ path: node.path, code: node.code, title: node.name, trail })
      else missing.push(node.path)
    }
    for (const child of node.children ?? []) {
      const item = visit(child, childTrail)
      if (item) children.push(item)
    }
    if (node.kind === 'directory' && children.length === 0) return null
    return { code: node.code, title: node.name, path: node.path ?? '', available, children }
  }

  const sidebar = tree.map((node) => visit(node, [])).filter((item): item is SidebarItem => item !== null)
  return { sidebar, routes, missing }
}

/** A page nested under another (公海规则 under 公海管理) is shown as a sibling entry in the sidebar. */
export function flattenSidebar(items: SidebarItem[]): SidebarItem[] {
  return items.map((dir) => ({
    ...dir,
    children: dir.children.flatMap(function flat(item: SidebarItem): SidebarItem[] {
      return [{ ...item, children: [] }, ...item.children.flatMap(flat)]
    }),
  }))
}
