// 客户管理: customers, pool, follow-ups, owner changes, contracts, payments (docs/: seed 000's columns).
import { api } from '@/api/client'
import { createdAt, createdBy, id, idColumn, isPending, nameOf, reasonAction, reviewActions, rowPath } from './common'
import type { ListConfig } from './types'

const customerLink = (row: Record<string, unknown>) => `/crm/customers/${String(row.customer_id ?? row.id)}`
const contractLink = (row: Record<string, unknown>) => `/crm/contracts/${String(row.contract_id ?? row.id)}`

const customerFields: ListConfig['form'] = {
  createPath: '/api/crm/customers',
  updatePath: rowPath('/api/crm/customers'),
  fields: [
    { name: 'name', label: '客户名称', required: true },
    { name: 'level', label: '客户级别', kind: 'select', options: 'level_list' },
    { name: 'admin_level', label: '行政级别', kind: 'select', options: 'admin_level_list' },
    { name: 'parent_unit', label: '上级单位' },
    { name: 'industry', label: '所属行业', kind: 'select', options: 'industry_list' },
    { name: 'industry_attr', label: '行业属性', kind: 'select', options: 'industry_attr_list' },
    { name: 'headcount', label: '单位人数', kind: 'number' },
    { name: 'source', label: '客户来源', kind: 'select', options: 'source_list' },
    { name: 'credit_code', label: '统一信用代码' },
    { name: 'legal_rep', label: '法人' },
    { name: 'phone', label: '单位电话' },
    { name: 'address', label: '地址' },
    { name: 'business_scope', label: '经营范围', kind: 'textarea' },
    { name: 'note', label: '备注', kind: 'textarea' },
    {
      name: 'contacts', label: '联系人', kind: 'rows', span: 24,
      rows: [
        { name: 'name', label: '姓名' }, { name: 'title', label: '职务' },
        { name: 'phone', label: '电话' }, { name: 'email', label: '邮箱' },
      ],
    },
    { name: 'owner_id', label: '跟进人', kind: 'select', options: 'admin_list', createOnly: true },
  ],
}

export const customers: ListConfig = {
  title: '客户',
  api: '/api/crm/customers',
  permission: 'crm:customer',
  exportPath: '/api/crm/customers/export',
  importPath: '/api/crm/customers/import',
  importTemplatePath: '/api/crm/customers/import-template',
  filters: [
    { name: 'keyword', label: '关键词', placeholder: '客户名称/电话' },
    { name: 'review_status', label: '审核状态', kind: 'select', options: 'status_list' },
    { name: 'level', label: '客户级别', kind: 'select', options: 'level_list' },
    { name: 'owner_id', label: '跟进人', kind: 'select', options: 'admin_list' },
    { name: 'industry', label: '所属行业', kind: 'select', options: 'industry_list' },
    { name: 'admin_level', label: '行政级别', kind: 'select', options: 'admin_level_list' },
    { name: 'industry_attr', label: '行业属性', kind: 'select', options: 'industry_attr_list' },
    { name: 'source', label: '客户来源', kind: 'select', options: 'source_list' },
    { name: 'date', label: '创建时间', kind: 'daterange' },
  ],
  columns: [
    { prop: 'id', label: 'ID', width: 80, sortable: true },
    { prop: 'name', label: '客户名称', minWidth: 220, link: customerLink },
    { prop: 'level', label: '级别', width: 70 },
    { prop: 'admin_level', label: '行政级别', width: 100 },
    { prop: 'industry', label: '所属行业', width: 110 },
    { prop: 'industry_attr', label: '行业属性', hidden: true },
    { prop: 'headcount', label: '人数', kind: 'count', width: 80 },
    { prop: 'contract_amount', label: '成交金额', kind: 'money', width: 130, sortable: true },
    { prop: 'payment_amount', label: '回款金额', kind: 'money', width: 130 },
    { prop: 'owner_name', label: '跟进人', width: 100 },
    { prop: 'dept_name', label: '部门', width: 110 },
    { prop: 'source', label: '来源', width: 110, hidden: true },
    { prop: 'review_status_label', label: '审核状态', width: 100 },
    { prop: 'locked', label: '锁定', kind: 'bool', width: 70 },
    { prop: 'last_follow_up_at', label: '最后跟进', kind: 'datetime', width: 170 },
    createdBy,
    createdAt,
  ],
  form: customerFields,
  deletePath: rowPath('/api/crm/customers'),
  rowActions: [
    { label: '详情', run: async (row, ctx) => { ctx.open(customerLink(row)); return null } },
    ...reviewActions('/api/crm/customers', 'crm:customer:review', isPending),
    {
      label: '锁定',
      permission: 'crm:customer:lock',
      visible: (row) => !row.locked,
      done: '已锁定',
      run: (row) => api.post(`/api/crm/customers/${id(row)}/lock`, { locked: true }),
    },
    {
      label: '解锁',
      permission: 'crm:customer:lock',
      visible: (row) => Boolean(row.locked),
      done: '已解锁',
      run: (row) => api.post(`/api/crm/customers/${id(row)}/lock`, { locked: false }),
    },
    {
      label: '释放',
      permission: 'crm:customer:release',
      type: 'warning',
      visible: (row) => !row.in_pool,
      done: '已释放到公海',
      run: async (row, ctx) => {
        const reason = await ctx.choose('释放到公海', '释放原因', 'release_reason_list')
        if (reason === null) return null
        const note = await ctx.prompt('释放到公海', '说明', false)
        return note === null ? null : api.post(`/api/crm/customers/${id(row)}/release`, { reason, note })
      },
    },
  ],
}

export const pool: ListConfig = {
  title: '公海客户',
  api: '/api/crm/pool',
  permission: 'crm:pool',
  filters: [
    { name: 'keyword', label: '关键词' },
    { name: 'level', label: '客户级别', kind: 'select', options: 'level_list' },
    { name: 'industry', label: '所属行业', kind: 'select', options: 'industry_list' },
  ],
  columns: [
    idColumn(80),
    { prop: 'name', label: '客户名称', minWidth: 220 },
    { prop: 'level', label: '级别', width: 70 },
    { prop: 'industry', label: '所属行业', width: 110 },
    { prop: 'headcount', label: '人数', kind: 'count', width: 80 },
    { prop: 'previous_owner_name', label: '原跟进人', width: 100 },
    { prop: 'release_reason', label: '释放原因', width: 110 },
    { prop: 'released_at', label: '释放时间', kind: 'datetime', width: 170 },
    createdAt,
  ],
  rowActions: [
    {
      label: '认领',
      permission: 'crm:pool:claim',
      done: '已认领',
      run: async (row, ctx) => ((await ctx.confirm('确定认领这个客户吗？')) ? api.post(`/api/crm/pool/${id(row)}/claim`) : null),
    },
    {
      label: '分配',
      permission: 'crm:pool:assign',
      done: '已分配',
      run: async (row, ctx) => {
        const staff = await ctx.choose('分配给员工', '跟进人', 'admin_list')
        return staff === null ? null : api.post(`/api/crm/pool/${id(row)}/assign`, { staff_id: Number(staff) })
      },
    },
  ],
}

export const poolRules: ListConfig = {
  title: '公海规则',
  api: '/api/crm/pool-rules',
  permission: 'crm:pool_rule',
  rowKey: 'scope_key',
  unpaged: true,
  columns: [
    { prop: 'scope_key', label: '适用级别', width: 100 },
    { prop: 'enabled', label: '启用', kind: 'bool', width: 70 },
    { prop: 'no_follow_up_days', label: '未跟进天数', kind: 'count' },
    { prop: 'no_deal_days', label: '未成交天数', kind: 'count' },
    { prop: 'exempt_dealt', label: '成交客户豁免', kind: 'bool' },
    { prop: 'hold_cap', label: '持有上限', kind: 'count' },
    { prop: 'daily_claim_limit', label: '每日认领上限', kind: 'count' },
    { prop: 'cooldown_days', label: '冷却天数', kind: 'count' },
    { prop: 'remind_days', label: '提前提醒天数', kind: 'count' },
    { prop: 'updated_by_name', label: '修改人' },
    { prop: 'updated_at', label: '修改时间', kind: 'datetime', width: 170 },
  ],
  form: {
    updatePath: (row) => `/api/crm/pool-rules/${String(row.scope_key)}`,
    fields: [
      { name: 'enabled', label: '启用', kind: 'switch' },
      { name: 'no_follow_up_days', label: '未跟进天数', kind: 'number' },
      { name: 'no_deal_days', label: '未成交天数', kind: 'number' },
      { name: 'exempt_dealt', label: '成交客户豁免', kind: 'switch' },
      { name: 'hold_cap', label: '持有上限', kind: 'number' },
      { name: 'cap_counts_dealt', label: '上限含成交客户', kind: 'switch' },
      { name: 'daily_claim_limit', label: '每日认领上限', kind: 'number' },
      { name: 'cooldown_days', label: '冷却天数', kind: 'number' },
      { name: 'remind_days', label: '提前提醒天数', kind: 'number' },
    ],
  },
}

export const followUps: ListConfig = {
  title: '跟进记录',
  api: '/api/crm/follow-ups',
  permission: 'crm:follow_up',
  filters: [
    { name: 'keyword', label: '关键词' },
    { name: 'method', label: '跟进方式', kind: 'select', options: 'method_list' },
    { name: 'owner_id', label: '跟进人', kind: 'select', options: 'admin_list' },
    { name: 'date', label: '跟进时间', kind: 'daterange' },
  ],
  columns: [
    idColumn(80),
    { prop: 'customer_name', label: '客户', minWidth: 200, link: customerLink },
    { prop: 'method', label: '跟进方式', width: 100 },
    { prop: 'followed_at', label: '跟进时间', kind: 'datetime', width: 170, sortable: true },
    { prop: 'note', label: '跟进内容', minWidth: 200 },
    { prop: 'next_at', label: '下次跟进', kind: 'datetime', width: 170 },
    { prop: 'next_plan', label: '下次计划', minWidth: 160 },
    { prop: 'owner_name', label: '跟进人', width: 100 },
    createdAt,
  ],
  form: {
    createPath: '/api/crm/follow-ups',
    updatePath: rowPath('/api/crm/follow-ups'),
    fields: [
      { name: 'customer_id', label: '客户', kind: 'remote', remote: { api: '/api/crm/customers', label: (r) => String(r.name) }, required: true, createOnly: true },
      { name: 'method', label: '跟进方式', kind: 'select', options: 'method_list', required: true },
      { name: 'followed_at', label: '跟进时间', kind: 'datetime', required: true },
      { name: 'note', label: '跟进内容', kind: 'textarea' },
      { name: 'next_at', label: '下次跟进', kind: 'datetime' },
      { name: 'next_plan', label: '下次计划' },
    ],
  },
  deletePath: rowPath('/api/crm/follow-ups'),
}

export const ownerChanges: ListConfig = {
  title: '跟进人变更',
  api: '/api/crm/owner-changes',
  permission: 'crm:owner_change',
  filters: [
    { name: 'keyword', label: '关键词' },
    { name: 'status', label: '状态', kind: 'select', options: 'status_list' },
  ],
  columns: [
    idColumn(80),
    { prop: 'customer_name', label: '客户', minWidth: 200 },
    { prop: 'from_owner', label: '原跟进人', width: 110, text: nameOf('from_owner') },
    { prop: 'to_owner', label: '新跟进人', width: 110, text: nameOf('to_owner') },
    { prop: 'status_label', label: '状态', width: 90 },
    { prop: 'note', label: '说明', minWidth: 160 },
    createdBy,
    createdAt,
  ],
  form: {
    createPath: '/api/crm/owner-changes',
    fields: [
      { name: 'customer_id', label: '客户', kind: 'remote', remote: { api: '/api/crm/customers', label: (r) => String(r.name) } },
      { name: 'from_owner_id', label: '原跟进人', kind: 'select', options: 'admin_list' },
      { name: 'to_owner_id', label: '新跟进人', kind: 'select', options: 'admin_list' },
      { name: 'note', label: '说明', kind: 'textarea' },
    ],
  },
  rowActions: reviewActions('/api/crm/owner-changes', 'crm:owner_change:review', isPending),
  deletePath: rowPath('/api/crm/owner-changes'),
}

export const contractForm: NonNullable<ListConfig['form']> = {
  createPath: '/api/crm/contracts',
  updatePath: rowPath('/api/crm/contracts'),
  fields: [
    { name: 'customer_id', label: '客户', kind: 'select', options: 'customer_list', required: true, createOnly: true },
    { name: 'contract_no', label: '合同编号', required: true, createOnly: true },
    {
      name: 'parent_id', label: '主合同（建子合同时）', kind: 'remote', createOnly: true,
      remote: { api: '/api/crm/contracts', label: (r) => `${String(r.contract_no)} ${String(r.name)}` },
    },
    { name: 'name', label: '合同名称', required: true },
    { name: 'contract_type', label: '合同类型', kind: 'select', options: 'contract_type_list' },
    { name: 'amount', label: '合同金额', kind: 'money', required: true },
    { name: 'red_packet_amount', label: '红包金额', kind: 'money' },
    { name: 'total_cards', label: '卡片数量', kind: 'number' },
    { name: 'card_type', label: '卡类型' },
    { name: 'face_value_per_card', label: '单卡面值', kind: 'money' },
    { name: 'red_packet_per_card', label: '单卡红包', kind: 'money' },
    { name: 'start_date', label: '开始日期', kind: 'date' },
    { name: 'end_date', label: '结束日期', kind: 'date' },
    { name: 'signed_at', label: '签订时间', kind: 'datetime' },
    { name: 'note', label: '备注', kind: 'textarea' },
  ],
}

export const contracts: ListConfig = {
  title: '合同',
  api: '/api/crm/contracts',
  permission: 'crm:contract',
  exportPath: '/api/crm/contracts/export',
  filters: [
    { name: 'keyword', label: '关键词', placeholder: '合同名称/编号' },
    { name: 'status', label: '状态', kind: 'select', options: 'status_list' },
    { name: 'customer_id', label: '客户', kind: 'select', options: 'customer_list' },
    { name: 'contract_type', label: '合同类型', kind: 'select', options: 'contract_type_list' },
    { name: 'date', label: '签订日期', kind: 'daterange' },
    { name: 'end', label: '结束日期', kind: 'daterange' },
  ],
  columns: [
    { prop: 'contract_no', label: '合同编号', width: 150, link: contractLink },
    { prop: 'name', label: '合同名称', minWidth: 240 },
    { prop: 'customer_name', label: '客户', minWidth: 200, link: customerLink },
    { prop: 'contract_type', label: '类型', width: 90 },
    { prop: 'amount', label: '合同金额', kind: 'money', width: 130, sortable: true },
    { prop: 'payment_amount', label: '已回款', kind: 'money', width: 130 },
    { prop: 'outstanding', label: '未回款', kind: 'money', width: 130 },
    { prop: 'total_cards', label: '卡数', kind: 'count', width: 80 },
    { prop: 'start_date', label: '开始', kind: 'date', width: 110 },
    { prop: 'end_date', label: '结束', kind: 'date', width: 110 },
    { prop: 'status_label', label: '状态', width: 90 },
    { prop: 'owner_name', label: '跟进人', width: 100 },
    { prop: 'signed_at', label: '签订时间', kind: 'datetime', width: 170, hidden: true },
    createdAt,
  ],
  form: contractForm,
  deletePath: rowPath('/api/crm/contracts'),
  rowActions: [
    { label: '详情', run: async (row, ctx) => { ctx.open(contractLink(row)); return null } },
    ...reviewActions('/api/crm/contracts', 'crm:contract:review', isPending),
    reasonAction('作废', 'crm:contract:void', (row) => `/api/crm/contracts/${id(row)}/void`,
      (row) => row.status === 'approved'),
  ],
}

export const payments: ListConfig = {
  title: '回款',
  api: '/api/crm/payments',
  permission: 'crm:payment',
  exportPath: '/api/crm/payments/export',
  filters: [
    { name: 'keyword', label: '关键词' },
    { name: 'method', label: '回款方式', kind: 'select', options: 'method_list' },
    { name: 'owner_id', label: '跟进人', kind: 'select', options: 'admin_list' },
    { name: 'date', label: '回款日期', kind: 'daterange' },
  ],
  columns: [
    idColumn(80),
    { prop: 'contract_no', label: '合同编号', width: 150, link: contractLink },
    { prop: 'contract_name', label: '合同名称', minWidth: 220 },
    { prop: 'customer_name', label: '客户', minWidth: 200 },
    { prop: 'amount', label: '回款金额', kind: 'money', width: 130, sortable: true },
    { prop: 'method', label: '回款方式', width: 100 },
    { prop: 'received_at', label: '回款时间', kind: 'datetime', width: 170, sortable: true },
    { prop: 'owner_name', label: '跟进人', width: 100 },
    { prop: 'note', label: '备注', minWidth: 120 },
    createdAt,
  ],
  form: {
    createPath: '/api/crm/payments',
    idempotent: true, // money or cards: a repeated save creates once
    updatePath: rowPath('/api/crm/payments'),
    fields: [
      { name: 'contract_id', label: '合同', kind: 'remote', remote: { api: '/api/crm/contracts', label: (r) => `${String(r.contract_no)} ${String(r.name)}` }, required: true, createOnly: true },
      { name: 'amount', label: '回款金额', kind: 'money', required: true },
      { name: 'method', label: '回款方式', kind: 'select', options: 'method_list', required: true },
      { name: 'received_at', label: '回款时间', kind: 'datetime', required: true },
      { name: 'note', label: '备注', kind: 'textarea' },
    ],
  },
  deletePath: rowPath('/api/crm/payments'),
}

/** 变更记录 of a customer (its own fields, contacts and contracts): on the customer's and the contract's pages. */
export function customerHistory(customerId: string): ListConfig {
  return {
    title: '变更记录',
    api: `/api/crm/customers/${customerId}/history`,
    permission: 'crm:customer',
    columns: [
      { prop: 'entity', label: '对象', width: 90 },
      { prop: 'action', label: '操作', width: 90 },
      { prop: 'field', label: '字段', width: 130 },
      { prop: 'old_value', label: '原值', minWidth: 140 },
      { prop: 'new_value', label: '新值', minWidth: 140 },
      { prop: 'reason', label: '原因', minWidth: 120 },
      { prop: 'actor', label: '操作人', width: 110 },
      { prop: 'created_at', label: '时间', kind: 'datetime', width: 170 },
    ],
  }
}
