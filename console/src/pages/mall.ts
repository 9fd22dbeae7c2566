// 商城管理: brands, categories, goods, orders and their after-sales (退货/退款).
import { api } from '@/api/client'
import { createdTime, id, idColumn, rowPath, sortColumn } from './common'
import type { Column, ListConfig, Row } from './types'

export const brands: ListConfig = {
  title: '商城品牌',
  api: '/api/mall/brands',
  permission: 'mall:brand',
  exportPath: '/api/mall/brands/export',
  filters: [
    { name: 'keyword', label: '品牌名称' },
    { name: 'shown', label: '显示', kind: 'select', options: 'shown_list' },
  ],
  columns: [
    idColumn(),
    { prop: 'name', label: '品牌名称', minWidth: 160 },
    { prop: 'first_letter', label: '首字母', width: 80 },
    { prop: 'goods_count', label: '商品数', kind: 'count', width: 90 },
    sortColumn(),
    { prop: 'shown_label', label: '显示', width: 80 },
    { prop: 'description', label: '介绍', minWidth: 180 },
    createdTime,
  ],
  form: {
    createPath: '/api/mall/brands',
    updatePath: rowPath('/api/mall/brands'),
    fields: [
      { name: 'name', label: '品牌名称', required: true },
      { name: 'first_letter', label: '首字母' },
      { name: 'description', label: '介绍', kind: 'textarea' },
      { name: 'sort', label: '排序', kind: 'number' },
      { name: 'shown', label: '显示', kind: 'switch' },
    ],
  },
  deletePath: rowPath('/api/mall/brands'),
}

export const categories: ListConfig = {
  title: '商城分类',
  api: '/api/mall/categories',
  permission: 'mall:category',
  exportPath: '/api/mall/categories/export',
  filters: [
    { name: 'keyword', label: '分类名称' },
    { name: 'parent_id', label: '上级分类', kind: 'select', options: 'parent_list' },
    { name: 'shown', label: '显示', kind: 'select', options: 'shown_list' },
  ],
  columns: [
    idColumn(),
    { prop: 'name', label: '分类名称', minWidth: 160 },
    { prop: 'parent_name', label: '上级分类', minWidth: 140 },
    { prop: 'level', label: '级别', width: 70 },
    { prop: 'children_count', label: '子分类', kind: 'count', width: 80 },
    { prop: 'goods_count', label: '商品数', kind: 'count', width: 80 },
    sortColumn(),
    { prop: 'shown_label', label: '显示', width: 80 },
    createdTime,
  ],
  form: {
    createPath: '/api/mall/categories',
    updatePath: rowPath('/api/mall/categories'),
    fields: [
      { name: 'name', label: '分类名称', required: true },
      { name: 'parent_id', label: '上级分类', kind: 'select', options: 'parent_list' },
      { name: 'sort', label: '排序', kind: 'number' },
      { name: 'shown', label: '显示', kind: 'switch' },
    ],
  },
  deletePath: rowPath('/api/mall/categories'),
}

const shelf = (on: boolean) => (rows: Row[]) => api.post('/api/mall/goods/shelf', { ids: rows.map((r) => r.id), on_shelf: on })

export const goods: ListConfig = {
  title: '商品',
  api: '/api/mall/goods',
  permission: 'mall:goods',
  exportPath: '/api/mall/goods/export',
  filters: [
    { name: 'keyword', label: '商品名称' },
    { name: 'brand_id', label: '品牌', kind: 'select', options: 'brand_list' },
    { name: 'category_id', label: '分类', kind: 'select', options: 'category_list' },
    { name: 'on_shelf', label: '上架', kind: 'select', options: 'shelf_list' },
  ],
  columns: [
    idColumn(),
    { prop: 'name', label: '商品名称', minWidth: 200, link: rowPath('/mall/goods') },
    { prop: 'subtitle', label: '副标题', minWidth: 160, hidden: true },
    { prop: 'brand_name', label: '品牌', width: 110 },
    { prop: 'category_name', label: '分类', width: 110 },
    { prop: 'price_min', label: '最低价', kind: 'money', width: 100 },
    { prop: 'price_max', label: '最高价', kind: 'money', width: 100 },
    { prop: 'stock', label: '库存', kind: 'count', width: 80 },
    { prop: 'sales_count', label: '销量', kind: 'count', width: 80 },
    { prop: 'shelf_label', label: '上架', width: 80 },
    { prop: 'recommended', label: '推荐', kind: 'bool', width: 70 },
    createdTime,
  ],
  form: {
    createPath: '/api/mall/goods',
    updatePath: rowPath('/api/mall/goods'),
    width: '760px',
    fields: [
      { name: 'name', label: '商品名称', required: true },
      { name: 'subtitle', label: '副标题' },
      { name: 'brand_id', label: '品牌', kind: 'select', options: 'brand_list', required: true },
      { name: 'category_id', label: '分类', kind: 'select', options: 'category_list', required: true },
      {
        name: 'skus', label: '规格', kind: 'rows', required: true,
        rows: [
          { name: 'id', label: 'ID', kind: 'number', hidden: true },
          { name: 'sku_code', label: '规格编码' },
          { name: 'price', label: '售价', kind: 'money' },
          { name: 'market_price', label: '市场价', kind: 'money' },
          { name: 'settlement_price', label: '结算价', kind: 'money' },
          { name: 'stock', label: '库存', kind: 'number' },
          { name: 'low_stock_threshold', label: '预警值', kind: 'number' },
        ],
      },
      { name: 'on_shelf', label: '上架', kind: 'switch' },
      { name: 'recommended', label: '推荐', kind: 'switch' },
      { name: 'sort', label: '排序', kind: 'number' },
    ],
    defaults: { on_shelf: false, recommended: false, skus: [{}] },
  },
  batchActions: [
    { label: '批量上架', permission: 'mall:goods:update', done: '已上架', run: shelf(true) },
    { label: '批量下架', permission: 'mall:goods:update', type: 'warning', done: '已下架', run: shelf(false) },
  ],
  deletePath: rowPath('/api/mall/goods'),
}

/** An order and who placed it: the first columns of orders and of their after-sales requests. */
const orderAndMember: Column[] = [
  { prop: 'order_no', label: '订单号', width: 170 },
  { prop: 'member_name', label: '会员', width: 100 },
  { prop: 'member_phone', label: '会员手机', width: 130 },
]

export const orders: ListConfig = {
  title: '商城订单',
  api: '/api/mall/orders',
  permission: 'mall:order',
  exportPath: '/api/mall/orders/export',
  importPath: '/api/mall/orders/ship/import',
  links: [{ label: '售后申请', path: '/mall/after-sales' }],
  filters: [
    { name: 'keyword', label: '关键词' },
    { name: 'status', label: '状态', kind: 'select', options: 'status_list' },
    { name: 'order_no', label: '订单号' },
    { name: 'card_no', label: '卡号' },
    { name: 'phone', label: '手机' },
    { name: 'date', label: '下单时间', kind: 'daterange' },
  ],
  columns: [
    ...orderAndMember,
    { prop: 'card_no', label: '卡号', width: 150 },
    { prop: 'quantity', label: '件数', kind: 'count', width: 70 },
    { prop: 'sale_amount', label: '金额', kind: 'money', width: 110 },
    { prop: 'consignee_name', label: '收货人', width: 100 },
    { prop: 'address', label: '地址', minWidth: 200, hidden: true },
    { prop: 'carrier_label', label: '物流', width: 100 },
    { prop: 'tracking_no', label: '物流单号', width: 150 },
    { prop: 'status_label', label: '状态', width: 90 },
    createdTime,
  ],
  rowActions: [
    {
      label: '发货',
      permission: 'mall:order:update',
      visible: (row) => row.status === 'to_ship',
      done: '已发货',
      run: async (row, ctx) => {
        const carrier = await ctx.choose('发货', '物流公司', 'carrier_list')
        if (carrier === null) return null
        const tracking = await ctx.prompt('发货', '物流单号')
        if (tracking === null) return null
        return api.post(`/api/mall/orders/${id(row)}/ship`, { carrier, tracking_no: tracking })
      },
    },
    {
      label: '取消',
      permission: 'mall:order:update',
      type: 'danger',
      visible: (row) => row.status === 'to_ship',
      done: '已取消并退款',
      run: async (row, ctx) => {
        const reason = await ctx.prompt('取消订单', '取消原因', false)
        return reason === null ? null : api.post(`/api/mall/orders/${id(row)}/cancel`, { reason })
      },
    },
  ],
}

const refundable = (row: Row) => row.status === 'pending'

/** 售后申请 (退货/退款, docs/domains/mall.md): a member asks; staff accept with the refund (at most what was
 * paid) or reject with a reason; once the goods are back, completing refunds the card, restocking or not. */
export const afterSales: ListConfig = {
  title: '售后申请',
  api: '/api/mall/after-sales',
  permission: 'mall:order',
  exportPath: '/api/mall/after-sales/export',
  filters: [
    { name: 'order_no', label: '订单号' },
    { name: 'status', label: '状态', kind: 'select', options: 'status_list' },
    { name: 'date', label: '申请时间', kind: 'daterange' },
  ],
  columns: [
    idColumn(),
    ...orderAndMember,
    { prop: 'reason_label', label: '原因', width: 110 },
    { prop: 'description', label: '说明', minWidth: 180 },
    { prop: 'paid_amount', label: '实付', kind: 'money', width: 110 },
    { prop: 'refund_amount', label: '退款', kind: 'money', width: 110 },
    { prop: 'status_label', label: '状态', width: 90 },
    { prop: 'reject_reason', label: '拒绝原因', minWidth: 140, hidden: true },
    { prop: 'restore_stock', label: '重新入库', kind: 'bool', width: 90, hidden: true },
    { prop: 'handled_by_name', label: '处理人', width: 100 },
    { prop: 'created_at', label: '申请时间', kind: 'datetime', width: 170 },
    { prop: 'completed_at', label: '完成时间', kind: 'datetime', width: 170, hidden: true },
  ],
  rowActions: [
    {
      label: '同意退货',
      permission: 'mall:order:update',
      type: 'success',
      visible: refundable,
      done: '已同意退货',
      run: async (row, ctx) => {
        const amount = await ctx.amount('同意退货', `退款金额（不超过实付 ${String(row.paid_amount)}）`, String(row.paid_amount ?? ''))
        return amount === null ? null : api.post(`/api/mall/after-sales/${id(row)}/accept`, { refund_amount: amount })
      },
    },
    {
      label: '拒绝',
      permission: 'mall:order:update',
      type: 'warning',
      visible: refundable,
      done: '已拒绝',
      run: async (row, ctx) => {
        const reason = await ctx.prompt('拒绝售后', '拒绝原因')
        return reason === null ? null : api.post(`/api/mall/after-sales/${id(row)}/reject`, { reason })
      },
    },
    {
      label: '收货退款',
      permission: 'mall:order:update',
      visible: (row) => row.status === 'returning',
      done: '已退款到卡',
      run: async (row, ctx) => {
        const restock = await ctx.choose('收到退货，退款到卡', '退回商品', [
          { label: '重新入库', value: 'true' },
          { label: '不入库（损坏等）', value: 'false' },
        ])
        return restock === null ? null : api.post(`/api/mall/after-sales/${id(row)}/complete`, { restore_stock: restock === 'true' })
      },
    },
  ],
}
