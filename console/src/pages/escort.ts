// 陪诊管理: products, hospitals, withdrawal items, Q&A, escorts, withdrawals, orders.
import { api } from '@/api/client'
import { createdTime, id, idColumn, patchAt, rowPath, shownColumn, sortColumn } from './common'
import type { ListConfig, RowAction } from './types'

export const products: ListConfig = {
  title: '陪诊产品',
  api: '/api/escort/products',
  permission: 'escort:product',
  exportPath: '/api/escort/products/export',
  exportPermission: 'escort:product:list',
  filters: [
    { name: 'keyword', label: '产品名称' },
    { name: 'service_type', label: '服务类型', kind: 'select', options: 'service_type_list' },
    { name: 'on_shelf', label: '上架', kind: 'select', options: 'on_shelf_list' },
  ],
  columns: [
    idColumn(),
    { prop: 'name', label: '产品名称', minWidth: 160 },
    { prop: 'service_type_label', label: '服务类型', width: 110 },
    { prop: 'price', label: '价格', kind: 'money', width: 100 },
    { prop: 'duration_minutes', label: '时长(分钟)', kind: 'count', width: 100 },
    { prop: 'escort_share', label: '陪诊师分成', width: 110 },
    { prop: 'on_shelf', label: '上架', kind: 'bool', width: 70 },
    sortColumn(),
    createdTime,
  ],
  form: {
    createPath: '/api/escort/products',
    ...patchAt('/api/escort/products'),
    fields: [
      { name: 'name', label: '产品名称', required: true },
      { name: 'service_type', label: '服务类型', kind: 'select', options: 'service_type_list', required: true },
      { name: 'price', label: '价格', kind: 'money', required: true },
      { name: 'share_mode', label: '分成方式', kind: 'select', options: 'share_mode_list' },
      { name: 'share_value', label: '分成值', kind: 'money', required: true, placeholder: '比例如 0.6，或固定金额' },
      { name: 'duration_minutes', label: '时长(分钟)', kind: 'number' },
      { name: 'description', label: '介绍', kind: 'textarea' },
      { name: 'on_shelf', label: '上架', kind: 'switch' },
      { name: 'sort', label: '排序', kind: 'number' },
    ],
  },
  deletePath: rowPath('/api/escort/products'),
}

export const hospitals: ListConfig = {
  title: '陪诊医院',
  api: '/api/escort/hospitals',
  permission: 'escort:hospital',
  exportPath: '/api/escort/hospitals/export',
  exportPermission: 'escort:hospital:list',
  filters: [
    { name: 'keyword', label: '医院名称' },
    { name: 'level', label: '等级', kind: 'select', options: 'level_list' },
    { name: 'district_id', label: '区县', kind: 'select', options: 'district_list' },
    { name: 'shown', label: '显示', kind: 'select', options: 'shown_list' },
  ],
  columns: [
    idColumn(),
    { prop: 'name', label: '医院名称', minWidth: 180 },
    { prop: 'level', label: '等级', width: 80 },
    { prop: 'city', label: '城市', width: 90 },
    { prop: 'district_name', label: '区县', width: 100 },
    { prop: 'address', label: '地址', minWidth: 180 },
    { prop: 'departments', label: '科室', minWidth: 160 },
    shownColumn,
    sortColumn(),
  ],
  form: {
    createPath: '/api/escort/hospitals',
    ...patchAt('/api/escort/hospitals'),
    fields: [
      { name: 'name', label: '医院名称', required: true },
      { name: 'level', label: '等级', kind: 'select', options: 'level_list', required: true },
      { name: 'city', label: '城市' },
      { name: 'district_id', label: '区县', kind: 'select', options: 'district_list' },
      { name: 'address', label: '地址' },
      { name: 'shown', label: '显示', kind: 'switch' },
      { name: 'sort', label: '排序', kind: 'number' },
    ],
  },
  deletePath: rowPath('/api/escort/hospitals'),
}

export const withdrawalItems: ListConfig = {
  title: '提现项',
  api: '/api/escort/withdrawal-items',
  permission: 'escort:withdrawal_item',
  exportPath: '/api/escort/withdrawal-items/export',
  exportPermission: 'escort:withdrawal_item:list',
  filters: [
    { name: 'keyword', label: '名称' },
    { name: 'method', label: '方式', kind: 'select', options: 'method_list' },
    { name: 'enabled', label: '状态', kind: 'select', options: 'enabled_list' },
  ],
  columns: [
    idColumn(),
    { prop: 'name', label: '名称', minWidth: 140 },
    { prop: 'method_label', label: '方式', width: 90 },
    { prop: 'min_amount', label: '最低金额', kind: 'money', width: 110 },
    { prop: 'fee_rate', label: '费率', width: 90 },
    { prop: 'fee_fixed', label: '固定手续费', kind: 'money', width: 110 },
    { prop: 'enabled', label: '启用', kind: 'bool', width: 70 },
    sortColumn(),
  ],
  form: {
    createPath: '/api/escort/withdrawal-items',
    ...patchAt('/api/escort/withdrawal-items'),
    fields: [
      { name: 'name', label: '名称', required: true },
      { name: 'method', label: '方式', kind: 'select', options: 'method_list', required: true },
      { name: 'min_amount', label: '最低金额', kind: 'money', required: true },
      { name: 'fee_rate', label: '费率', kind: 'money', placeholder: '如 0.006' },
      { name: 'fee_fixed', label: '固定手续费', kind: 'money' },
      { name: 'enabled', label: '启用', kind: 'switch' },
      { name: 'sort', label: '排序', kind: 'number' },
    ],
  },
  deletePath: rowPath('/api/escort/withdrawal-items'),
}

export const questions: ListConfig = {
  title: '问答',
  api: '/api/escort/questions',
  permission: 'escort:question',
  exportPath: '/api/escort/questions/export',
  exportPermission: 'escort:question:list',
  filters: [
    { name: 'keyword', label: '问题' },
    { name: 'group_name', label: '分组', kind: 'select', options: 'group_list' },
    { name: 'shown', label: '显示', kind: 'select', options: 'shown_list' },
  ],
  columns: [
    idColumn(),
    { prop: 'group_name', label: '分组', width: 120 },
    { prop: 'question', label: '问题', minWidth: 200 },
    { prop: 'answer', label: '回答', minWidth: 260 },
    shownColumn,
    sortColumn(),
  ],
  form: {
    createPath: '/api/escort/questions',
    ...patchAt('/api/escort/questions'),
    fields: [
      { name: 'group_name', label: '分组', required: true },
      { name: 'question', label: '问题', required: true },
      { name: 'answer', label: '回答', kind: 'textarea', required: true },
      { name: 'shown', label: '显示', kind: 'switch' },
      { name: 'sort', label: '排序', kind: 'number' },
    ],
  },
  deletePath: rowPath('/api/escort/questions'),
}

function escortReview(label: string, action: string, from: string[], askReason = false): RowAction {
  return {
    label,
    permission: 'escort:escort:update',
    type: action === 'certify' || action === 'enable' ? 'success' : 'warning',
    visible: (row) => from.includes(String(row.status)),
    done: `已${label}`,
    run: async (row, ctx) => {
      const reason = askReason ? await ctx.prompt(label, `${label}原因`) : ''
      return reason === null ? null : api.post(`/api/escort/escorts/${id(row)}/review`, { action, reason, version: row.version })
    },
  }
}

export const escorts: ListConfig = {
  title: '陪诊师',
  api: '/api/escort/escorts',
  permission: 'escort:escort',
  exportPath: '/api/escort/escorts/export',
  exportPermission: 'escort:escort:list',
  filters: [
    { name: 'keyword', label: '姓名/手机' },
    { name: 'status', label: '状态', kind: 'select', options: 'status_list' },
    { name: 'hospital_id', label: '服务医院', kind: 'select', options: 'hospital_list' },
    { name: 'city', label: '城市' },
  ],
  columns: [
    idColumn(),
    { prop: 'name', label: '姓名', width: 100, link: rowPath('/escort/escorts') },
    { prop: 'phone', label: '手机', width: 130 },
    { prop: 'id_number', label: '身份证号', width: 180 },
    { prop: 'city', label: '城市', width: 90 },
    { prop: 'hospitals', label: '服务医院', minWidth: 180 },
    { prop: 'order_count', label: '订单数', kind: 'count', width: 80 },
    { prop: 'rating', label: '评分', width: 70 },
    { prop: 'balance', label: '余额', kind: 'money', width: 100 },
    { prop: 'total_earned', label: '累计收入', kind: 'money', width: 110 },
    { prop: 'status_label', label: '状态', width: 90 },
  ],
  form: {
    createPath: '/api/escort/escorts',
    ...patchAt('/api/escort/escorts'),
    fields: [
      { name: 'name', label: '姓名', required: true },
      { name: 'phone', label: '手机', required: true },
      { name: 'id_number', label: '身份证号', required: true },
      { name: 'gender', label: '性别', kind: 'select', options: [{ label: '男', value: 'male' }, { label: '女', value: 'female' }] },
      { name: 'city', label: '城市' },
      { name: 'hospital_ids', label: '服务医院', kind: 'multiselect', options: 'hospital_list' },
    ],
  },
  rowActions: [
    escortReview('认证', 'certify', ['pending']),
    escortReview('驳回', 'reject', ['pending'], true),
    escortReview('停用', 'disable', ['certified'], true),
    escortReview('启用', 'enable', ['disabled']),
  ],
  deletePath: rowPath('/api/escort/escorts'),
}

export const withdrawals: ListConfig = {
  title: '提现申请',
  api: '/api/escort/withdrawals',
  permission: 'escort:withdrawal',
  exportPath: '/api/escort/withdrawals/export',
  exportPermission: 'escort:withdrawal:list',
  filters: [
    { name: 'keyword', label: '陪诊师' },
    { name: 'status', label: '状态', kind: 'select', options: 'status_list' },
    { name: 'method', label: '方式', kind: 'select', options: 'method_list' },
    { name: 'date', label: '申请时间', kind: 'daterange' },
  ],
  columns: [
    idColumn(),
    { prop: 'escort_name', label: '陪诊师', width: 100 },
    { prop: 'item_name', label: '提现项', width: 110 },
    { prop: 'method_label', label: '方式', width: 80 },
    { prop: 'account_name', label: '户名', width: 100 },
    { prop: 'account_no', label: '账号', width: 170 },
    { prop: 'amount', label: '金额', kind: 'money', width: 100 },
    { prop: 'fee', label: '手续费', kind: 'money', width: 90 },
    { prop: 'net_amount', label: '实付', kind: 'money', width: 100 },
    { prop: 'status_label', label: '状态', width: 90 },
    { prop: 'paid_reference', label: '打款流水', width: 150 },
    createdTime,
  ],
  rowActions: [
    {
      label: '通过',
      permission: 'escort:withdrawal:review',
      type: 'success',
      visible: (row) => row.status === 'pending',
      done: '已通过',
      run: async (row, ctx) => ((await ctx.confirm('确定通过这笔提现吗？')) ? api.post(`/api/escort/withdrawals/${id(row)}/review`, { action: 'approve' }) : null),
    },
    {
      label: '驳回',
      permission: 'escort:withdrawal:review',
      type: 'warning',
      visible: (row) => row.status === 'pending',
      done: '已驳回',
      run: async (row, ctx) => {
        const reason = await ctx.prompt('驳回', '驳回原因')
        return reason === null ? null : api.post(`/api/escort/withdrawals/${id(row)}/review`, { action: 'reject', reason })
      },
    },
    {
      label: '打款',
      permission: 'escort:withdrawal:pay',
      visible: (row) => row.status === 'approved',
      done: '已标记打款',
      run: async (row, ctx) => {
        const reference = await ctx.prompt('标记已打款', '打款流水号')
        return reference === null ? null : api.post(`/api/escort/withdrawals/${id(row)}/pay`, { reference })
      },
    },
  ],
}

export const orders: ListConfig = {
  title: '陪诊订单',
  api: '/api/escort/orders',
  permission: 'escort:order',
  exportPath: '/api/escort/orders/export',
  exportPermission: 'escort:order:list',
  filters: [
    { name: 'keyword', label: '关键词' },
    { name: 'status', label: '状态', kind: 'select', options: 'status_list' },
    { name: 'hospital_id', label: '医院', kind: 'select', options: 'hospital_list' },
    { name: 'product_id', label: '产品', kind: 'select', options: 'product_list' },
    { name: 'date', label: '下单时间', kind: 'daterange' },
  ],
  columns: [
    { prop: 'order_no', label: '订单号', width: 170 },
    { prop: 'product_name', label: '产品', width: 110 },
    { prop: 'hospital_name', label: '医院', minWidth: 160 },
    { prop: 'department', label: '科室', width: 100 },
    { prop: 'appointment_at', label: '预约时间', kind: 'datetime', width: 170 },
    { prop: 'patient_name', label: '就诊人', width: 90 },
    { prop: 'patient_phone', label: '就诊人手机', width: 130 },
    { prop: 'escort_name', label: '陪诊师', width: 90 },
    { prop: 'sale_amount', label: '金额', kind: 'money', width: 100 },
    { prop: 'status_label', label: '状态', width: 90 },
    createdTime,
  ],
  rowActions: [
    {
      label: '指派',
      permission: 'escort:order:update',
      visible: (row) => row.status === 'waiting',
      done: '已指派',
      run: async (row, ctx) => {
        // Chosen by name among the certified escorts who serve the order's hospital (the API refuses others).
        const escort = await ctx.choose('指派陪诊师', '陪诊师', {
          api: '/api/escort/escorts',
          label: (e) => [e.name, e.phone, e.city].filter(Boolean).join(' · '),
          query: { status: 'certified', hospital_id: Number(row.hospital_id) },
        })
        return escort === null ? null : api.post(`/api/escort/orders/${id(row)}/assign`, { escort_id: Number(escort) })
      },
    },
    {
      label: '取消',
      permission: 'escort:order:update',
      type: 'danger',
      visible: (row) => ['waiting', 'accepted'].includes(String(row.status)),
      done: '已取消并退款',
      run: async (row, ctx) => {
        const reason = await ctx.prompt('取消订单', '取消原因', false)
        return reason === null ? null : api.post(`/api/escort/orders/${id(row)}/cancel`, { reason })
      },
    },
  ],
}
