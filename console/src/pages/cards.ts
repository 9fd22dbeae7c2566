// 卡片管理: cards, card making, issuing, activation, entitlements, red packets.
import { api, download } from '@/api/client'
import { createdAt, createdBy, id, idColumn, isPending, nameOf, reasonAction, reviewActions, rowPath } from './common'
import type { Column, Filter, FormConfig, ListConfig, Row, RowAction } from './types'

const cardLink = rowPath('/cards/cards')

const customerAndContract: Column[] = [
  { prop: 'customer_name', label: '客户', minWidth: 200 },
  { prop: 'contract_name', label: '合同', minWidth: 200 },
]
/** A status column that falls back to the code while a row carries no label. */
const statusColumn = (label: string, width: number): Column =>
  ({ prop: 'status_label', label, width, text: (r) => String(r.status_label ?? r.status ?? '') })
const customerFilter: Filter = { name: 'customer_id', label: '客户', kind: 'select', options: 'customer_list' }
const cardTypeFilter: Filter = { name: 'card_type', label: '卡类型', kind: 'select', options: 'card_type_list' }
const cardNoRange: Filter[] = [{ name: 'card_no_from', label: '起始卡号' }, { name: 'card_no_to', label: '结束卡号' }]
const activationBatchNo: Column = { prop: 'activation_batch_no', label: '激活批次', width: 150 }

export const cards: ListConfig = {
  title: '卡片',
  api: '/api/cards/cards',
  permission: 'cards:card',
  exportPath: '/api/cards/cards/export',
  filters: [
    { name: 'keyword', label: '关键词', placeholder: '卡号/会员手机' },
    { name: 'status', label: '卡状态', kind: 'select', options: 'status_list' },
    { name: 'use_status', label: '使用状态', kind: 'select', options: 'use_status_list' },
    customerFilter,
    { name: 'owner_id', label: '跟进人', kind: 'select', options: 'owner_list' },
    cardTypeFilter,
    ...cardNoRange,
    { name: 'making_batch_id', label: '制卡批次', kind: 'select', options: 'making_batch_list' },
    { name: 'activation_id', label: '激活批次', kind: 'select', options: 'activation_list' },
  ],
  columns: [
    { prop: 'card_no', label: '卡号', width: 150, link: cardLink },
    { prop: 'card_type', label: '卡类型', width: 90 },
    { prop: 'city', label: '城市', width: 90 },
    statusColumn('卡状态', 90),
    { prop: 'use_status_label', label: '使用状态', width: 90, text: (r) => String(r.use_status_label ?? r.use_status ?? '') },
    ...customerAndContract,
    { prop: 'face_value', label: '面值', kind: 'money', width: 110 },
    { prop: 'balance', label: '余额', kind: 'money', width: 110 },
    { prop: 'red_packet_balance', label: '红包余额', kind: 'money', width: 110 },
    { prop: 'member_phone', label: '会员手机', width: 130 },
    { prop: 'activated_at', label: '激活时间', kind: 'datetime', width: 170 },
    { prop: 'effective_until', label: '有效期至', kind: 'date', width: 110 },
    { prop: 'owner', label: '跟进人', width: 100, text: nameOf('owner') },
  ],
  rowActions: [
    {
      label: '延期',
      permission: 'cards:card:extend',
      done: '已延期',
      run: async (row, ctx) => {
        const days = await ctx.prompt('延期', '延期天数')
        return days === null ? null : api.post(`/api/cards/cards/${id(row)}/extend`, { days: Number(days) })
      },
    },
    reasonAction('冻结', 'cards:card:freeze', (row) => `/api/cards/cards/${id(row)}/freeze`,
      (row) => row.use_status !== 'frozen', false),
    reasonAction('解冻', 'cards:card:unfreeze', (row) => `/api/cards/cards/${id(row)}/unfreeze`,
      (row) => row.use_status === 'frozen', false),
    reasonAction('作废', 'cards:card:void', (row) => `/api/cards/cards/${id(row)}/void`,
      (row) => row.status !== 'voided'),
  ],
}

/** 制卡, 领卡 and 激活 are one flow (申请 -> 审核): searched by keyword, status and creation date around their own
 * filters, requested through a form that creates once however often it is saved (cards are made or handed out),
 * approved or refused while pending (`<permission>:review`). */
function reviewedRequests(page: {
  title: string
  api: string
  permission: string
  filters: Filter[]
  columns: Column[]
  form: Omit<FormConfig, 'createPath' | 'idempotent'>
  rowActions?: RowAction[]
}): ListConfig {
  return {
    title: page.title,
    api: page.api,
    permission: page.permission,
    filters: [
      { name: 'keyword', label: '关键词' },
      { name: 'status', label: '状态', kind: 'select', options: 'status_list' },
      ...page.filters,
      { name: 'date', label: '创建时间', kind: 'daterange' },
    ],
    columns: page.columns,
    form: { createPath: page.api, idempotent: true, ...page.form },
    rowActions: [...reviewActions(page.api, `${page.permission}:review`, isPending), ...(page.rowActions ?? [])],
  }
}

export const makingBatches = reviewedRequests({
  title: '制卡批次',
  api: '/api/cards/making-batches',
  permission: 'cards:making',
  filters: [cardTypeFilter, { name: 'city', label: '城市', kind: 'select', options: 'city_list' }],
  columns: [
    idColumn(80),
    { prop: 'batch_no', label: '批次号', width: 160 },
    { prop: 'city', label: '城市', width: 90 },
    { prop: 'card_type', label: '卡类型', width: 90 },
    { prop: 'quantity', label: '数量', kind: 'count', width: 90 },
    { prop: 'card_range', label: '卡号范围', width: 220 },
    { prop: 'status_label', label: '状态', width: 90 },
    { prop: 'remark', label: '备注', minWidth: 120 },
    { prop: 'completed_at', label: '完成时间', kind: 'datetime', width: 170 },
    createdAt,
  ],
  form: {
    fields: [
      { name: 'city', label: '城市', required: true },
      { name: 'card_type', label: '卡类型', kind: 'select', options: 'card_type_list', required: true },
      { name: 'quantity', label: '数量', kind: 'number', required: true },
      { name: 'remark', label: '备注', kind: 'textarea' },
    ],
  },
  rowActions: [
    {
      label: '下载打印文件',
      permission: 'cards:making:export',
      visible: (row) => row.status === 'done' || row.status === 'making',
      done: '打印文件已下载（卡密只能下载一次）',
      run: async (row, ctx) => {
        if (!(await ctx.confirm('打印文件含卡密，只能下载一次，确定下载吗？'))) return null
        return download(`/api/cards/making-batches/${id(row)}/export`, undefined, `制卡${id(row)}.xlsx`)
      },
    },
  ],
})

const contractSearch = { api: '/api/crm/contracts', label: (r: Record<string, unknown>) => `${String(r.contract_no)} ${String(r.name)}` }
const rangesField = { name: 'ranges', label: '卡号段', placeholder: '起始卡号-结束卡号，多段用逗号分隔' }
/** "A-B, C-D" (a card range as the lists show it) -> the API's `[{start, end}]`. */
export function parseRanges(text: unknown): Array<{ start: string; end: string }> {
  return String(text ?? '')
    .split(/[,，;；\s]+/)
    .filter(Boolean)
    .map((part) => {
      const [start, end] = part.split(/[-~～]/)
      return { start: start.trim(), end: (end ?? start).trim() }
    })
}

// Cards are handed out and activated by contract and card-number ranges.
const rangeRequestFields = (middle: FormConfig['fields']): FormConfig['fields'] => [
  { name: 'contract_id', label: '合同', kind: 'remote', remote: contractSearch, required: true },
  ...middle,
  { name: 'remark', label: '备注', kind: 'textarea' },
]
const rangesToBody: FormConfig['toBody'] = (values) => ({ ...values, ranges: parseRanges(values.ranges) })

export const issues = reviewedRequests({
  title: '领卡',
  api: '/api/cards/issues',
  permission: 'cards:issue',
  filters: [customerFilter, cardTypeFilter],
  columns: [
    idColumn(80),
    ...customerAndContract,
    { prop: 'card_type', label: '卡类型', width: 90 },
    { prop: 'card_range', label: '卡号', width: 220 },
    { prop: 'quantity', label: '数量', kind: 'count', width: 90 },
    statusColumn('状态', 90),
    { prop: 'remark', label: '备注', minWidth: 120 },
    createdAt,
  ],
  form: {
    fields: rangeRequestFields([
      { name: 'card_type', label: '卡类型', kind: 'select', options: 'card_type_list', required: true },
      { ...rangesField, required: true },
    ]),
    toBody: rangesToBody,
  },
})

export const activations = reviewedRequests({
  title: '激活',
  api: '/api/cards/activations',
  permission: 'cards:activation',
  filters: [customerFilter],
  columns: [
    idColumn(80),
    { prop: 'batch_no', label: '激活批次', width: 150 },
    ...customerAndContract,
    { prop: 'card_range', label: '卡号', width: 220 },
    { prop: 'quantity', label: '数量', kind: 'count', width: 80 },
    { prop: 'face_value', label: '面值', kind: 'money', width: 110 },
    { prop: 'red_packet', label: '红包', kind: 'money', width: 110 },
    { prop: 'latest_activation_at', label: '最晚激活日期', kind: 'date', width: 120 },
    { prop: 'valid_days', label: '有效天数', kind: 'count', width: 90 },
    statusColumn('状态', 90),
    createdAt,
  ],
  form: {
    fields: rangeRequestFields([
      { ...rangesField, required: true },
      { name: 'latest_activation_at', label: '最晚激活时间', kind: 'datetime', required: true },
      { name: 'auto_activate_days', label: '自动激活天数', kind: 'number', required: true },
      { name: 'valid_days', label: '有效天数', kind: 'number', required: true },
      { name: 'red_packet_days', label: '红包有效天数', kind: 'number', required: true },
      { name: 'face_value', label: '单卡面值', kind: 'money' },
      { name: 'red_packet', label: '单卡红包', kind: 'money' },
    ]),
    defaults: { auto_activate_days: 30, valid_days: 365, red_packet_days: 365 },
    toBody: rangesToBody,
  },
})

export const entitlements: ListConfig = {
  title: '合同额度',
  api: '/api/cards/entitlements',
  permission: 'cards:entitlement',
  rowKey: 'contract_id',
  filters: [
    { name: 'keyword', label: '关键词' },
    customerFilter,
    { name: 'status', label: '状态', kind: 'select', options: 'status_list' },
  ],
  columns: [
    { prop: 'contract_no', label: '合同编号', width: 150 },
    { prop: 'contract_name', label: '合同名称', minWidth: 220 },
    { prop: 'customer_name', label: '客户', minWidth: 200 },
    { prop: 'card_type', label: '卡类型', width: 110 },
    { prop: 'total_cards', label: '合同卡数', kind: 'count', width: 90 },
    { prop: 'issued_cards', label: '已领', kind: 'count', width: 80 },
    { prop: 'remaining_cards', label: '剩余', kind: 'count', width: 80 },
    { prop: 'amount', label: '合同金额', kind: 'money', width: 130 },
    { prop: 'face_value_per_card', label: '单卡面值', kind: 'money', width: 110 },
    { prop: 'end_date', label: '合同结束', kind: 'date', width: 110 },
  ],
}

export const redPackets: ListConfig = {
  title: '红包',
  api: '/api/cards/red-packets',
  permission: 'cards:red_packet',
  rowKey: 'card_id',
  filters: [
    { name: 'state', label: '状态', kind: 'select', options: 'state_list' },
    ...cardNoRange,
  ],
  columns: [
    { prop: 'card_no', label: '卡号', width: 150 },
    { prop: 'customer_name', label: '客户', minWidth: 200 },
    activationBatchNo,
    { prop: 'red_packet_amount', label: '红包金额', kind: 'money', width: 120 },
    { prop: 'red_packet_used', label: '已使用', kind: 'money', width: 120 },
    { prop: 'red_packet_balance', label: '红包余额', kind: 'money', width: 120 },
    { prop: 'state_label', label: '状态', width: 90 },
    { prop: 'red_packet_expires_at', label: '过期时间', kind: 'datetime', width: 170 },
  ],
}

// ---- 红包管理: grant requests (申请 -> 审核 -> 发放, 撤回) and the packets they granted ---------------------

const grantsApi = '/api/cards/red-packet-grants'
const granted = (row: Row) => row.status === 'approved'
const grantNo: Column = { prop: 'grant_no', label: '发放单号', width: 160 }
const validity: Column[] = [
  { prop: 'valid_from', label: '生效', kind: 'datetime', width: 170 },
  { prop: 'valid_to', label: '失效', kind: 'datetime', width: 170 },
]

export const redPacketGrants: ListConfig = {
  title: '红包发放',
  api: grantsApi,
  permission: 'cards:red_packet',
  exportPath: `${grantsApi}/export`,
  filters: [
    { name: 'keyword', label: '关键词', placeholder: '发放单号、批次号、客户、卡号' },
    { name: 'status', label: '状态', kind: 'select', options: 'status_list' },
    { name: 'date', label: '申请时间', kind: 'daterange' },
  ],
  columns: [
    grantNo,
    { prop: 'target_label', label: '对象', width: 90 },
    { prop: 'card_no_from', label: '起始卡号', width: 150 },
    { prop: 'card_no_to', label: '结束卡号', width: 150 },
    activationBatchNo,
    { prop: 'customer_name', label: '客户', minWidth: 160 },
    { prop: 'amount', label: '每卡金额', kind: 'money', width: 110 },
    { prop: 'quantity', label: '卡数', kind: 'count', width: 70 },
    { prop: 'granted_count', label: '已发放', kind: 'count', width: 80 },
    { prop: 'refused_count', label: '未发放', kind: 'count', width: 80 },
    ...validity,
    { prop: 'valid_days', label: '有效天数', width: 90, hidden: true },
    { prop: 'status_label', label: '状态', width: 80 },
    { prop: 'revoked_total', label: '已撤回', kind: 'money', width: 110 },
    { prop: 'remark', label: '备注', minWidth: 140, hidden: true },
    createdBy,
    createdAt,
  ],
  form: {
    createPath: grantsApi,
    createPermission: 'cards:red_packet:create',
    idempotent: true, // money: a repeated save requests once
    fields: [
      { name: 'card_no_from', label: '起始卡号', placeholder: '单张卡时与结束卡号相同' },
      { name: 'card_no_to', label: '结束卡号' },
      {
        name: 'activation_id', label: '或激活批次', kind: 'remote', placeholder: '批次号或客户搜索（与卡号段二选一）',
        remote: { api: '/api/cards/activations', label: (r) => `${String(r.batch_no)} ${String(r.customer_name ?? '')}`.trim() },
      },
      { name: 'amount', label: '每卡金额', kind: 'money', required: true },
      { name: 'valid_from', label: '生效时间', kind: 'datetime', placeholder: '不填为审核通过时' },
      { name: 'valid_to', label: '失效时间', kind: 'datetime' },
      { name: 'valid_days', label: '或有效天数', kind: 'number' },
      { name: 'remark', label: '备注', kind: 'textarea' },
    ],
  },
  rowActions: [
    ...reviewActions(grantsApi, 'cards:red_packet:review', isPending),
    reasonAction('撤回', 'cards:red_packet:revoke', (row) => `${grantsApi}/${id(row)}/revoke`, granted),
    {
      label: '撤回单卡',
      permission: 'cards:red_packet:revoke',
      type: 'danger',
      visible: granted,
      done: '已撤回该卡未使用的红包',
      run: async (row, ctx) => {
        const cardNo = await ctx.prompt('撤回一张卡的红包', '卡号')
        if (cardNo === null) return null
        const reason = await ctx.prompt('撤回一张卡的红包', '撤回原因')
        return reason === null ? null : api.post(`${grantsApi}/${id(row)}/revoke`, { card_no: cardNo.trim(), reason })
      },
    },
  ],
}

export const grantedPackets: ListConfig = {
  title: '发放的红包',
  api: '/api/cards/red-packets/packets',
  permission: 'cards:red_packet',
  exportPath: '/api/cards/red-packets/packets/export',
  filters: [
    ...cardNoRange,
    { name: 'status', label: '状态', kind: 'select', options: 'status_list' },
    { name: 'date', label: '发放时间', kind: 'daterange' },
  ],
  columns: [
    grantNo,
    { prop: 'card_no', label: '卡号', width: 150, link: (r) => `/cards/cards/${String(r.card_id)}` },
    { prop: 'customer_name', label: '客户', minWidth: 160 },
    activationBatchNo,
    { prop: 'amount', label: '金额', kind: 'money', width: 100 },
    { prop: 'used', label: '已使用', kind: 'money', width: 100 },
    { prop: 'revoked', label: '已撤回', kind: 'money', width: 100 },
    { prop: 'expired', label: '已过期', kind: 'money', width: 100 },
    { prop: 'balance', label: '余额', kind: 'money', width: 100 },
    ...validity,
    { prop: 'status_label', label: '状态', width: 80 },
    { prop: 'granted_at', label: '发放时间', kind: 'datetime', width: 170 },
  ],
}
