// 报表管理: the five reports, each with filters, a chart, the totals row, export and the freshness figure.
import type { ListConfig } from './types'

const period = { prop: 'period', label: '期间', width: 110 }
const dates = { name: 'date', label: '日期', kind: 'daterange' as const }

export const sales: ListConfig = {
  title: '销售报表',
  api: '/api/reports/sales',
  permission: 'reports:sales',
  exportPath: '/api/reports/sales/export',
  filters: [
    dates,
    { name: 'granularity', label: '粒度', kind: 'select', options: 'granularity_list' },
    { name: 'owner_id', label: '跟进人', kind: 'select', options: 'owner_list' },
    { name: 'dept_id', label: '部门', kind: 'select', options: 'dept_list' },
    { name: 'customer_id', label: '客户', kind: 'select', options: 'customer_list' },
    { name: 'keyword', label: '关键词' },
  ],
  columns: [
    period,
    { prop: 'owner_name', label: '跟进人', width: 100 },
    { prop: 'dept_name', label: '部门', width: 110 },
    { prop: 'customer_name', label: '客户', minWidth: 200 },
    { prop: 'contract_count', label: '合同数', kind: 'count', width: 90 },
    { prop: 'contract_amount', label: '合同金额', kind: 'money', width: 140 },
    { prop: 'payment_count', label: '回款笔数', kind: 'count', width: 90 },
    { prop: 'payment_amount', label: '回款金额', kind: 'money', width: 140 },
    { prop: 'outstanding', label: '未回款', kind: 'money', width: 140 },
  ],
  report: {
    chart: {
      x: 'period',
      series: [
        { prop: 'contract_amount', label: '合同金额' },
        { prop: 'payment_amount', label: '回款金额' },
      ],
    },
  },
}

export const cardConsumption: ListConfig = {
  title: '卡片消费报表',
  api: '/api/reports/card-consumption',
  permission: 'reports:card_consumption',
  exportPath: '/api/reports/card-consumption/export',
  filters: [
    dates,
    { name: 'group_by', label: '汇总方式', kind: 'select', options: 'group_by_list' },
    { name: 'customer_id', label: '客户', kind: 'select', options: 'customer_list' },
    { name: 'contract_id', label: '合同', kind: 'select', options: 'contract_list' },
    { name: 'activation_id', label: '激活批次', kind: 'select', options: 'activation_list' },
    { name: 'keyword', label: '关键词' },
  ],
  columns: [
    { prop: 'customer_name', label: '客户', minWidth: 200 },
    { prop: 'contract_name', label: '合同', minWidth: 200 },
    { prop: 'activation_batch_no', label: '激活批次', width: 150 },
    { prop: 'cards_issued', label: '领卡数', kind: 'count', width: 90 },
    { prop: 'cards_charged', label: '充值数', kind: 'count', width: 90 },
    { prop: 'cards_activated', label: '激活数', kind: 'count', width: 90 },
    { prop: 'face_value', label: '面值', kind: 'money', width: 130 },
    { prop: 'consumed', label: '已消费', kind: 'money', width: 130 },
    { prop: 'balance_left', label: '余额', kind: 'money', width: 130 },
    { prop: 'balance_expired', label: '过期余额', kind: 'money', width: 130 },
    { prop: 'red_packet_granted', label: '红包发放', kind: 'money', width: 130 },
    { prop: 'red_packet_used', label: '红包使用', kind: 'money', width: 130 },
    { prop: 'activation_rate', label: '激活率', kind: 'percent', width: 90 },
  ],
  report: {
    chart: {
      x: 'customer_name',
      series: [
        { prop: 'face_value', label: '面值' },
        { prop: 'consumed', label: '已消费' },
      ],
    },
  },
}

export const goods: ListConfig = {
  title: '商品报表',
  api: '/api/reports/goods',
  permission: 'reports:goods',
  exportPath: '/api/reports/goods/export',
  filters: [
    dates,
    { name: 'goods_id', label: '商品', kind: 'select', options: 'goods_list' },
    { name: 'brand_id', label: '品牌', kind: 'select', options: 'brand_list' },
    { name: 'category_id', label: '分类', kind: 'select', options: 'category_list' },
    { name: 'keyword', label: '关键词' },
  ],
  columns: [
    { prop: 'goods_name', label: '商品', minWidth: 200 },
    { prop: 'brand_name', label: '品牌', minWidth: 140 },
    { prop: 'category_name', label: '分类', width: 120 },
    { prop: 'orders', label: '订单数', kind: 'count', width: 90 },
    { prop: 'quantity', label: '数量', kind: 'count', width: 90 },
    { prop: 'sale_amount', label: '销售额', kind: 'money', width: 130 },
    { prop: 'settlement_amount', label: '结算额', kind: 'money', width: 130 },
    { prop: 'margin', label: '毛利', kind: 'money', width: 130 },
  ],
  report: { chart: { x: 'goods_name', series: [{ prop: 'sale_amount', label: '销售额' }, { prop: 'margin', label: '毛利' }] } },
}

export const goodsBrands: ListConfig = {
  title: '商品品牌报表',
  api: '/api/reports/goods-brands',
  permission: 'reports:goods_brand',
  exportPath: '/api/reports/goods-brands/export',
  filters: [dates, { name: 'brand_id', label: '品牌', kind: 'select', options: 'brand_list' }, { name: 'keyword', label: '关键词' }],
  columns: [
    { prop: 'brand_name', label: '品牌', minWidth: 200 },
    { prop: 'orders', label: '订单数', kind: 'count', width: 90 },
    { prop: 'quantity', label: '数量', kind: 'count', width: 90 },
    { prop: 'sale_amount', label: '销售额', kind: 'money', width: 130 },
    { prop: 'settlement_amount', label: '结算额', kind: 'money', width: 130 },
    { prop: 'margin', label: '毛利', kind: 'money', width: 130 },
  ],
  report: { chart: { x: 'brand_name', series: [{ prop: 'sale_amount', label: '销售额' }, { prop: 'margin', label: '毛利' }] } },
}

export const hospitalSettlement: ListConfig = {
  title: '医院结算报表',
  api: '/api/reports/hospital-settlement',
  permission: 'reports:hospital_settlement',
  exportPath: '/api/reports/hospital-settlement/export',
  filters: [
    dates,
    { name: 'granularity', label: '粒度', kind: 'select', options: 'granularity_list' },
    { name: 'hospital_id', label: '医院', kind: 'select', options: 'hospital_list' },
    { name: 'brand_id', label: '品牌', kind: 'select', options: 'brand_list' },
    { name: 'keyword', label: '关键词' },
  ],
  columns: [
    period,
    { prop: 'hospital_name', label: '医院', minWidth: 200 },
    { prop: 'brand_name', label: '品牌', minWidth: 140 },
    { prop: 'orders', label: '订单数', kind: 'count', width: 90 },
    { prop: 'quantity', label: '人次', kind: 'count', width: 90 },
    { prop: 'sale_amount', label: '销售额', kind: 'money', width: 130 },
    { prop: 'settlement_amount', label: '结算额', kind: 'money', width: 130 },
  ],
  report: { chart: { x: 'hospital_name', series: [{ prop: 'settlement_amount', label: '结算额' }] } },
}
