// 体检管理: brands, items, hospitals, hospital staff, packages, categories, diseases, orders.
import { api } from '@/api/client'
import { createdAt, createdBy, id, idColumn, patchAt, reasonAction, rowPath, sortColumn } from './common'
import type { ListConfig } from './types'

export const brands: ListConfig = {
  title: '品牌',
  api: '/api/health/brands',
  permission: 'health:brand',
  filters: [
    { name: 'keyword', label: '品牌名称' },
    { name: 'brand_type', label: '品牌类型', kind: 'select', options: 'brand_type_list' },
    { name: 'status', label: '状态', kind: 'select', options: 'status_list' },
  ],
  columns: [
    idColumn(80),
    { prop: 'name', label: '品牌名称', minWidth: 200 },
    { prop: 'brand_type', label: '品牌类型', width: 110 },
    { prop: 'store_count', label: '门店数', kind: 'count', width: 90 },
    { prop: 'prepayment', label: '预付款', kind: 'money', width: 120 },
    sortColumn(),
    { prop: 'status_label', label: '状态', width: 80 },
    createdBy,
    createdAt,
  ],
  form: {
    createPath: '/api/health/brands',
    ...patchAt('/api/health/brands'),
    fields: [
      { name: 'name', label: '品牌名称', required: true },
      { name: 'brand_type', label: '品牌类型', kind: 'select', options: 'brand_type_list', required: true },
      { name: 'prepayment', label: '预付款', kind: 'money' },
      { name: 'sort', label: '排序', kind: 'number' },
      { name: 'status', label: '状态', kind: 'select', options: 'status_list' },
    ],
  },
  deletePath: rowPath('/api/health/brands'),
  rowActions: [
    {
      label: '下线',
      permission: 'health:brand:update',
      type: 'warning',
      visible: (row) => row.status === 'online',
      done: '已下线',
      run: (row) => api.post(`/api/health/brands/${id(row)}/status`, { status: 'offline', version: row.version }),
    },
    {
      label: '上线',
      permission: 'health:brand:update',
      visible: (row) => row.status === 'offline',
      done: '已上线',
      run: (row) => api.post(`/api/health/brands/${id(row)}/status`, { status: 'online', version: row.version }),
    },
  ],
}

export const items: ListConfig = {
  title: '单项',
  api: '/api/health/items',
  permission: 'health:item',
  exportPath: '/api/health/items/export',
  importPath: '/api/health/items/import',
  filters: [
    { name: 'keyword', label: '单项名称' },
    { name: 'brand_id', label: '品牌', kind: 'select', options: 'brand_list' },
    { name: 'disease_id', label: '疾病', kind: 'select', options: 'disease_list' },
  ],
  columns: [
    idColumn(80),
    { prop: 'name', label: '单项名称', minWidth: 220 },
    { prop: 'brand_name', label: '品牌', minWidth: 160 },
    { prop: 'sale_price', label: '售价', kind: 'money', width: 100, sortable: true },
    { prop: 'market_price', label: '市场价', kind: 'money', width: 100 },
    { prop: 'settlement_price', label: '结算价', kind: 'money', width: 100 },
    { prop: 'diseases', label: '相关疾病', minWidth: 140 },
    { prop: 'meaning', label: '检查意义', minWidth: 160, hidden: true },
    createdAt,
  ],
  form: {
    createPath: '/api/health/items',
    ...patchAt('/api/health/items'),
    fields: [
      { name: 'name', label: '单项名称', required: true },
      { name: 'brand_id', label: '品牌', kind: 'select', options: 'brand_list', required: true },
      { name: 'sale_price', label: '售价', kind: 'money', required: true },
      { name: 'market_price', label: '市场价', kind: 'money', required: true },
      { name: 'settlement_price', label: '结算价', kind: 'money', required: true },
      { name: 'disease_ids', label: '相关疾病', kind: 'multiselect', options: 'disease_list' },
      { name: 'meaning', label: '检查意义', kind: 'textarea' },
      { name: 'sort', label: '排序', kind: 'number' },
    ],
  },
  deletePath: rowPath('/api/health/items'),
}

export const hospitals: ListConfig = {
  title: '医院',
  api: '/api/health/hospitals',
  permission: 'health:hospital',
  filters: [
    { name: 'keyword', label: '医院名称' },
    { name: 'brand_id', label: '品牌', kind: 'select', options: 'brand_list' },
    { name: 'channel', label: '渠道', kind: 'select', options: 'channel_list' },
    { name: 'district_id', label: '区县', kind: 'select', options: 'district_list' },
    { name: 'status', label: '状态', kind: 'select', options: 'status_list' },
  ],
  columns: [
    idColumn(),
    { prop: 'name', label: '医院名称', minWidth: 220 },
    { prop: 'brand_name', label: '品牌', minWidth: 160 },
    { prop: 'channel_label', label: '渠道', width: 90 },
    { prop: 'phone', label: '电话', width: 130 },
    { prop: 'business_hours', label: '营业时间', minWidth: 160 },
    { prop: 'region', label: '地区', minWidth: 160 },
    { prop: 'address', label: '地址', minWidth: 180 },
    { prop: 'status_label', label: '状态', width: 80 },
  ],
  form: {
    createPath: '/api/health/hospitals',
    ...patchAt('/api/health/hospitals'),
    fields: [
      { name: 'name', label: '医院名称', required: true },
      { name: 'brand_id', label: '品牌', kind: 'select', options: 'brand_list', required: true },
      { name: 'channel', label: '渠道', kind: 'select', options: 'channel_list' },
      { name: 'phone', label: '电话' },
      { name: 'business_hours', label: '营业时间' },
      { name: 'province', label: '省' },
      { name: 'city', label: '市' },
      { name: 'district_id', label: '区县', kind: 'select', options: 'district_list' },
      { name: 'address', label: '地址' },
      { name: 'status', label: '状态', kind: 'select', options: 'status_list' },
    ],
  },
  deletePath: rowPath('/api/health/hospitals'),
  rowActions: [
    {
      label: '排班',
      permission: 'health:schedule:list',
      run: async (row, ctx) => {
        ctx.open(`/health/hospitals/${id(row)}/schedule`)
        return null
      },
    },
  ],
}

export const hospitalStaff: ListConfig = {
  title: '医院员工',
  api: '/api/health/hospital-staff',
  permission: 'health:hospital_staff',
  filters: [
    { name: 'keyword', label: '姓名/手机' },
    { name: 'hospital_id', label: '医院', kind: 'select', options: 'hospital_list' },
    { name: 'status', label: '状态', kind: 'select', options: 'status_list' },
  ],
  columns: [
    idColumn(),
    { prop: 'name', label: '姓名', width: 110 },
    { prop: 'phone', label: '手机', width: 130 },
    { prop: 'hospital_name', label: '医院', minWidth: 200 },
    { prop: 'position', label: '职位', width: 110 },
    { prop: 'email', label: '邮箱', minWidth: 160 },
    { prop: 'status_label', label: '状态', width: 80 },
    createdAt,
  ],
  form: {
    createPath: '/api/health/hospital-staff',
    ...patchAt('/api/health/hospital-staff'),
    fields: [
      { name: 'hospital_id', label: '医院', kind: 'select', options: 'hospital_list', required: true },
      { name: 'name', label: '姓名', required: true },
      { name: 'phone', label: '手机', required: true },
      { name: 'email', label: '邮箱' },
      { name: 'position', label: '职位' },
      { name: 'status', label: '状态', kind: 'select', options: 'status_list' },
    ],
  },
  deletePath: rowPath('/api/health/hospital-staff'),
}

export const packages: ListConfig = {
  title: '套餐',
  api: '/api/health/packages',
  permission: 'health:package',
  filters: [
    { name: 'keyword', label: '套餐名称' },
    { name: 'brand_id', label: '品牌', kind: 'select', options: 'brand_list' },
    { name: 'hospital_id', label: '医院', kind: 'select', options: 'hospital_list' },
    { name: 'category_id', label: '分类', kind: 'select', options: 'category_list' },
    { name: 'recommended', label: '推荐', kind: 'select', options: 'recommended_list' },
    { name: 'status', label: '状态', kind: 'select', options: 'status_list' },
  ],
  columns: [
    idColumn(),
    { prop: 'name', label: '套餐名称', minWidth: 220 },
    { prop: 'brand_name', label: '品牌', minWidth: 160 },
    { prop: 'hospitals', label: '适用医院', minWidth: 200 },
    { prop: 'categories', label: '分类', minWidth: 140 },
    { prop: 'price_male', label: '男价', kind: 'money', width: 100 },
    { prop: 'price_female', label: '女价', kind: 'money', width: 100 },
    { prop: 'settlement_price_male', label: '男结算价', kind: 'money', width: 100, hidden: true },
    { prop: 'item_count', label: '单项数', kind: 'count', width: 80 },
    { prop: 'recommended_label', label: '推荐', width: 80 },
    { prop: 'status_label', label: '状态', width: 80 },
  ],
  form: {
    createPath: '/api/health/packages',
    ...patchAt('/api/health/packages'),
    width: '640px',
    fields: [
      { name: 'name', label: '套餐名称', required: true },
      { name: 'brand_id', label: '品牌', kind: 'select', options: 'brand_list', required: true },
      { name: 'hospital_ids', label: '适用医院', kind: 'multiselect', options: 'hospital_list' },
      { name: 'category_ids', label: '分类', kind: 'multiselect', options: 'category_list' },
      { name: 'recommended', label: '推荐', kind: 'switch' },
      { name: 'status', label: '状态', kind: 'select', options: 'status_list' },
      { name: 'price', label: '售价（空为单项合计）', kind: 'money' },
      { name: 'settlement_price', label: '结算价（空为单项合计）', kind: 'money' },
      { name: 'description', label: '介绍', kind: 'textarea' },
      { name: 'notice', label: '须知', kind: 'textarea' },
      { name: 'sort', label: '排序', kind: 'number' },
      // Only when creating: the list rows do not carry the items, and an edit must not empty them.
      {
        name: 'items', label: '单项', kind: 'rows', createOnly: true,
        rows: [
          { name: 'item_id', label: '单项 ID', kind: 'number' },
          { name: 'gender', label: '适用（both/male/female）' },
          { name: 'sort', label: '排序', kind: 'number' },
        ],
      },
    ],
  },
  deletePath: rowPath('/api/health/packages'),
}

export const categories: ListConfig = {
  title: '套餐分类',
  api: '/api/health/categories',
  permission: 'health:category',
  filters: [{ name: 'keyword', label: '分类名称' }],
  columns: [
    idColumn(80),
    { prop: 'name', label: '分类名称', minWidth: 200 },
    sortColumn(80),
    createdBy,
    createdAt,
  ],
  form: {
    createPath: '/api/health/categories',
    ...patchAt('/api/health/categories'),
    fields: [
      { name: 'name', label: '分类名称', required: true },
      { name: 'sort', label: '排序', kind: 'number' },
    ],
  },
  deletePath: rowPath('/api/health/categories'),
}

export const diseases: ListConfig = {
  title: '疾病',
  api: '/api/health/diseases',
  permission: 'health:disease',
  filters: [
    { name: 'keyword', label: '疾病名称' },
    { name: 'parent_id', label: '上级', kind: 'select', options: 'group_list' },
  ],
  columns: [
    idColumn(80),
    { prop: 'name', label: '疾病名称', minWidth: 180 },
    { prop: 'parent_name', label: '上级', minWidth: 140 },
    { prop: 'description', label: '说明', minWidth: 200 },
    sortColumn(80),
    createdAt,
  ],
  form: {
    createPath: '/api/health/diseases',
    ...patchAt('/api/health/diseases'),
    fields: [
      { name: 'name', label: '疾病名称', required: true },
      { name: 'parent_id', label: '上级', kind: 'select', options: 'group_list' },
      { name: 'description', label: '说明', kind: 'textarea' },
      { name: 'sort', label: '排序', kind: 'number' },
    ],
  },
  deletePath: rowPath('/api/health/diseases'),
}

export const orders: ListConfig = {
  title: '体检订单',
  api: '/api/health/orders',
  permission: 'health:order',
  exportPath: '/api/health/orders/export',
  filters: [
    { name: 'keyword', label: '关键词' },
    { name: 'status', label: '状态', kind: 'select', options: 'status_list' },
    { name: 'hospital_id', label: '医院', kind: 'select', options: 'hospital_list' },
    { name: 'brand_id', label: '品牌', kind: 'select', options: 'brand_list' },
    { name: 'package_id', label: '套餐', kind: 'select', options: 'package_list' },
    { name: 'order_no', label: '订单号' },
    { name: 'card_no', label: '卡号' },
    { name: 'phone', label: '手机' },
    { name: 'day', label: '体检日期', kind: 'daterange' },
    { name: 'date', label: '下单时间', kind: 'daterange' },
  ],
  columns: [
    { prop: 'order_no', label: '订单号', width: 170, link: rowPath('/health/orders') },
    { prop: 'package_name', label: '套餐', minWidth: 180 },
    { prop: 'hospital_name', label: '医院', minWidth: 180 },
    { prop: 'day', label: '体检日期', kind: 'date', width: 110 },
    { prop: 'examinee_name', label: '体检人', width: 100 },
    { prop: 'examinee_phone', label: '手机', width: 130 },
    { prop: 'card_no', label: '卡号', width: 150 },
    { prop: 'sale_amount', label: '金额', kind: 'money', width: 110 },
    { prop: 'settlement_amount', label: '结算金额', kind: 'money', width: 110, hidden: true },
    { prop: 'status_label', label: '状态', width: 90, text: (r) => String(r.status_label ?? r.status ?? '') },
    createdAt,
  ],
  rowActions: [
    reasonAction('取消', 'health:order:update', (row) => `/api/health/orders/${id(row)}/cancel`,
      (row) => row.status === 'booked', false),
  ],
}
