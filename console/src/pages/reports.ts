// 报表管理: the reports, each with filters, a chart, the totals row, export and the freshness figure. They
// share one shape (date range first, keyword last, `/export` beside the list, `reports:<entity>` codes), so
// each is declared by what differs: its filters, its columns and what its chart draws.
import type { Column, Filter, ListConfig } from './types'

interface ReportSpec {
  title: string
  /** `/api/reports/<slug>`; its export is `<api>/export`. */
  slug: string
  /** `reports:<entity>` (gateway/gateway/permissions/menu.py). */
  entity: string
  /** Filters between the date range and the keyword. */
  filters: Filter[]
  columns: Column[]
  /** The chart: rows summed per `x`, one bar series per column named. */
  chart: { x: string; series: string[] }
}

export function report(spec: ReportSpec): ListConfig {
  const api = `/api/reports/${spec.slug}`
  const label = (prop: string) => spec.columns.find((c) => c.prop === prop)?.label ?? prop
  return {
    title: spec.title,
    api,
    permission: `reports:${spec.entity}`,
    exportPath: `${api}/export`,
    filters: [{ name: 'date', label: '日期', kind: 'daterange' }, ...spec.filters, { name: 'keyword', label: '关键词' }],
    columns: spec.columns,
    report: { chart: { x: spec.chart.x, series: spec.chart.series.map((prop) => ({ prop, label: label(prop) })) } },
  }
}

const select = (name: string, label: string, options: string): Filter => ({ name, label, kind: 'select', options })
const text = (prop: string, label: string, minWidth = 200): Column => ({ prop, label, minWidth })
const money = (prop: string, label: string): Column => ({ prop, label, kind: 'money', width: 135 })
const count = (prop: string, label: string): Column => ({ prop, label, kind: 'count', width: 90 })
const period: Column = { prop: 'period', label: '期间', width: 110 }
const granularity = select('granularity', '粒度', 'granularity_list')
const brand = select('brand_id', '品牌', 'brand_list')
const hospital = select('hospital_id', '医院', 'hospital_list')
const customer = select('customer_id', '客户', 'customer_list')
const margin = money('margin', '毛利')
/** What the mall and hospital reports count and sum for each of their rows. */
const sold = [count('orders', '订单数'), count('quantity', '数量'), money('sale_amount', '销售额'), money('settlement_amount', '结算额')]

export const sales = report({
  title: '销售报表',
  slug: 'sales',
  entity: 'sales',
  filters: [
    granularity,
    select('owner_id', '跟进人', 'owner_list'),
    select('dept_id', '部门', 'dept_list'),
    customer,
  ],
  columns: [
    period,
    { prop: 'owner_name', label: '跟进人', width: 100 },
    { prop: 'dept_name', label: '部门', width: 110 },
    text('customer_name', '客户'),
    count('contract_count', '合同数'),
    money('contract_amount', '合同金额'),
    count('payment_count', '回款笔数'),
    money('payment_amount', '回款金额'),
    money('outstanding', '未回款'),
  ],
  chart: { x: 'period', series: ['contract_amount', 'payment_amount'] },
})

export const cardConsumption = report({
  title: '卡片消费报表',
  slug: 'card-consumption',
  entity: 'card_consumption',
  filters: [
    select('group_by', '汇总方式', 'group_by_list'),
    customer,
    select('contract_id', '合同', 'contract_list'),
    select('activation_id', '激活批次', 'activation_list'),
  ],
  columns: [
    text('customer_name', '客户'),
    text('contract_name', '合同'),
    { prop: 'activation_batch_no', label: '激活批次', width: 150 },
    count('cards_issued', '领卡数'),
    count('cards_charged', '充值数'),
    count('cards_activated', '激活数'),
    money('face_value', '面值'),
    money('consumed', '已消费'),
    money('balance_left', '余额'),
    money('balance_expired', '过期余额'),
    money('red_packet_granted', '红包发放'),
    money('red_packet_used', '红包使用'),
    { prop: 'activation_rate', label: '激活率', kind: 'percent', width: 90 },
  ],
  chart: { x: 'customer_name', series: ['face_value', 'consumed'] },
})

export const goods = report({
  title: '商品报表',
  slug: 'goods',
  entity: 'goods',
  filters: [select('goods_id', '商品', 'goods_list'), brand, select('category_id', '分类', 'category_list')],
  columns: [
    text('goods_name', '商品'),
    text('brand_name', '品牌', 140),
    { prop: 'category_name', label: '分类', width: 120 },
    ...sold,
    margin,
  ],
  chart: { x: 'goods_name', series: ['sale_amount', 'margin'] },
})

export const goodsBrands = report({
  title: '商品品牌报表',
  slug: 'goods-brands',
  entity: 'goods_brand',
  filters: [brand],
  columns: [text('brand_name', '品牌'), ...sold, margin],
  chart: { x: 'brand_name', series: ['sale_amount', 'margin'] },
})

export const hospitalSettlement = report({
  title: '医院结算报表',
  slug: 'hospital-settlement',
  entity: 'hospital_settlement',
  filters: [granularity, hospital, brand],
  columns: [
    period,
    text('hospital_name', '医院'),
    text('brand_name', '品牌', 140),
    ...sold.map((c) => (c.prop === 'quantity' ? { ...c, label: '人次' } : c)),
  ],
  chart: { x: 'hospital_name', series: ['settlement_amount'] },
})

export const escortSettlement = report({
  title: '陪诊结算报表',
  slug: 'escort-settlement',
  entity: 'escort_settlement',
  filters: [granularity, hospital, select('escort_id', '陪诊师', 'escort_list')],
  columns: [
    period,
    text('hospital_name', '医院'),
    { prop: 'escort_name', label: '陪诊师', width: 110 },
    count('orders', '结算订单数'),
    count('quantity', '服务次数'),
    money('sale_amount', '销售金额'),
    money('escort_share', '陪诊师分成'),
    money('platform_share', '平台留存'),
  ],
  chart: { x: 'escort_name', series: ['sale_amount', 'escort_share', 'platform_share'] },
})
