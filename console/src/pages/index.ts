// The page registry: each menu path of the gateway's tree (gateway/gateway/permissions/menu.py) -> its page.
// Matched exactly: a menu path absent here is shown as not available, never routed to a neighbour.
import { defineComponent, h, type Component } from 'vue'
import * as cards from './cards'
import * as crm from './crm'
import * as escort from './escort'
import * as health from './health'
import * as mall from './mall'
import * as ops from './ops'
import * as reports from './reports'
import * as system from './system'
import type { ListConfig, PageEntry } from './types'

const list = (config: ListConfig): PageEntry => ({ kind: 'list', config })

export const PAGES: Record<string, PageEntry> = {
  '/crm/customers': list(crm.customers),
  '/crm/pool': list(crm.pool),
  '/crm/pool-rules': list(crm.poolRules),
  '/crm/follow-ups': list(crm.followUps),
  '/crm/owner-changes': list(crm.ownerChanges),
  '/crm/contracts': list(crm.contracts),
  '/crm/payments': list(crm.payments),
  '/cards/cards': list(cards.cards),
  '/cards/making-batches': list(cards.makingBatches),
  '/cards/issues': list(cards.issues),
  '/cards/activations': list(cards.activations),
  '/cards/entitlements': list(cards.entitlements),
  '/cards/red-packets': { kind: 'component', load: async () => (await import('@/views/RedPacketsView.vue')).default },
  '/health/brands': list(health.brands),
  '/health/items': list(health.items),
  '/health/hospitals': list(health.hospitals),
  '/health/hospital-staff': list(health.hospitalStaff),
  '/health/packages': list(health.packages),
  '/health/categories': list(health.categories),
  '/health/diseases': list(health.diseases),
  '/health/orders': list(health.orders),
  '/health/schedules': { kind: 'component', load: async () => (await import('@/views/ScheduleView.vue')).default },
  '/mall/brands': list(mall.brands),
  '/mall/goods': list(mall.goods),
  '/mall/categories': list(mall.categories),
  '/mall/orders': list(mall.orders),
  '/escort/products': list(escort.products),
  '/escort/hospitals': list(escort.hospitals),
  '/escort/withdrawal-items': list(escort.withdrawalItems),
  '/escort/questions': list(escort.questions),
  '/escort/escorts': list(escort.escorts),
  '/escort/withdrawals': list(escort.withdrawals),
  '/escort/orders': list(escort.orders),
  '/ops/service-contacts': list(ops.serviceContacts),
  '/ops/tickets': list(ops.tickets),
  '/ops/configs': list(ops.configs),
  '/ops/modules': list(ops.modules),
  '/ops/services': list(ops.services),
  '/ops/campaigns': list(ops.campaigns),
  '/ops/aier-campaigns': list(ops.aierCampaigns),
  '/reports/sales': list(reports.sales),
  '/reports/card-consumption': list(reports.cardConsumption),
  '/reports/goods': list(reports.goods),
  '/reports/goods-brands': list(reports.goodsBrands),
  '/reports/hospital-settlement': list(reports.hospitalSettlement),
  '/reports/escort-settlement': list(reports.escortSettlement),
  '/system/members': list(system.members),
  '/system/users': list(system.users),
  '/system/departments': list(system.departments),
  '/system/permissions': list(system.permissions),
  '/system/roles': list(system.roles),
  '/system/operation-logs': list(system.operationLogs),
  '/system/login-logs': list(system.loginLogs),
  '/system/api-keys': list(system.apiKeys),
}

/** List pages reached from the page they belong to rather than from the menu (售后申请 from 订单管理). */
export const SUB_LISTS: Record<string, ListConfig> = {
  '/mall/after-sales': mall.afterSales,
  '/ops/configs/history': ops.configHistory,
}

/** Lists shown inside a page with its own component (the tabs of 红包管理): checked against the OpenAPI too. */
export const EMBEDDED_LISTS: Record<string, ListConfig> = {
  '/cards/red-packets#grants': cards.redPacketGrants,
  '/cards/red-packets#packets': cards.grantedPackets,
  '/cards/red-packets#cards': cards.redPackets,
}

const subList = (config: ListConfig) => async (): Promise<Component> => {
  const ListPage = (await import('@/components/ListPage.vue')).default
  return defineComponent({ setup: () => () => h(ListPage, { config }) })
}

export interface DetailPage {
  path: string
  title: string
  /** The menu page it belongs to: the user must have it, and it is highlighted in the sidebar. */
  parent: string
  load: () => Promise<Component | { default: Component }>
}

export const DETAIL_PAGES: DetailPage[] = [
  { path: '/crm/customers/:id', title: '客户详情', parent: '/crm/customers', load: () => import('@/views/CustomerDetail.vue') },
  { path: '/crm/contracts/:id', title: '合同详情', parent: '/crm/contracts', load: () => import('@/views/ContractDetail.vue') },
  { path: '/cards/cards/:id', title: '卡片详情', parent: '/cards/cards', load: () => import('@/views/CardDetail.vue') },
  { path: '/health/orders/:id', title: '订单详情', parent: '/health/orders', load: () => import('@/views/OrderDetail.vue') },
  { path: '/escort/escorts/:id', title: '陪诊师详情', parent: '/escort/escorts', load: () => import('@/views/EscortDetail.vue') },
  { path: '/mall/goods/:id', title: '商品详情', parent: '/mall/goods', load: () => import('@/views/GoodsDetail.vue') },
  { path: '/ops/tickets/:id', title: '工单详情', parent: '/ops/tickets', load: () => import('@/views/TicketDetail.vue') },
  { path: '/mall/after-sales', title: '售后申请', parent: '/mall/orders', load: subList(SUB_LISTS['/mall/after-sales']) },
  { path: '/ops/configs/history', title: '配置项变更记录', parent: '/ops/configs', load: subList(SUB_LISTS['/ops/configs/history']) },
  { path: '/system/members/:id', title: '用户详情', parent: '/system/members', load: () => import('@/views/MemberDetail.vue') },
  { path: '/system/roles/:id/permissions', title: '角色权限', parent: '/system/roles', load: () => import('@/views/RolePermissions.vue') },
  { path: '/health/hospitals/:id/schedule', title: '医院排班', parent: '/health/hospitals', load: () => import('@/views/ScheduleView.vue') },
]
