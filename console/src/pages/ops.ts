// 运营管理: service contacts (客服), tickets (工单), campaigns (活动) and 爱尔 campaigns.
import { api } from '@/api/client'
import { id, nameOf } from './common'
import type { ListConfig, Row, RowAction } from './types'

const created = { prop: 'created_at', label: '创建时间', kind: 'datetime' as const, width: 170 }

export const serviceContacts: ListConfig = {
  title: '客服',
  api: '/api/crm/service-contacts',
  permission: 'crm:service_contact',
  filters: [
    { name: 'keyword', label: '名称/电话' },
    { name: 'shown', label: '显示', kind: 'select', options: 'shown_list' },
  ],
  columns: [
    { prop: 'id', label: 'ID', width: 70 },
    { prop: 'name', label: '名称', minWidth: 140 },
    { prop: 'phone', label: '电话', width: 140 },
    { prop: 'wechat', label: '微信', width: 140 },
    { prop: 'hours', label: '服务时间', minWidth: 160 },
    { prop: 'shown', label: '显示', kind: 'bool', width: 70 },
    { prop: 'sort', label: '排序', width: 70 },
    created,
  ],
  form: {
    createPath: '/api/crm/service-contacts',
    updatePath: (row) => `/api/crm/service-contacts/${id(row)}`,
    fields: [
      { name: 'name', label: '名称', required: true },
      { name: 'phone', label: '电话' },
      { name: 'wechat', label: '微信' },
      { name: 'hours', label: '服务时间' },
      { name: 'shown', label: '显示', kind: 'switch' },
      { name: 'sort', label: '排序', kind: 'number' },
    ],
  },
  deletePath: (row) => `/api/crm/service-contacts/${id(row)}`,
}

/** 工单 moves (docs/domains/crm.md, service tickets): which action each status offers, and its button. */
export const TICKET_MOVES: Array<{ action: string; label: string; from: string[]; type: RowAction['type'] }> = [
  { action: 'start', label: '开始处理', from: ['pending'], type: 'primary' },
  { action: 'resolve', label: '解决', from: ['processing'], type: 'success' },
  { action: 'close', label: '关闭', from: ['resolved'], type: 'warning' },
  { action: 'reopen', label: '重新打开', from: ['resolved', 'closed'], type: 'warning' },
]

/** Moves a ticket, with an optional note (the reason a ticket is reopened, how it was resolved). */
export function moveTicket(ticketId: unknown, action: string, note: string): Promise<unknown> {
  return api.post(`/api/crm/tickets/${String(ticketId)}/transitions`, { action, note })
}

const ticketPath = (row: Row) => `/ops/tickets/${id(row)}`

export const tickets: ListConfig = {
  title: '工单',
  api: '/api/crm/tickets',
  permission: 'crm:ticket',
  filters: [
    { name: 'keyword', label: '关键词', placeholder: '标题、客户或卡号' },
    { name: 'status', label: '状态', kind: 'select', options: 'status_list' },
    { name: 'priority', label: '优先级', kind: 'select', options: 'priority_list' },
    { name: 'category', label: '类别', kind: 'select', options: 'category_list' },
    { name: 'assignee_id', label: '处理人', kind: 'select', options: 'admin_list' },
    { name: 'overdue', label: '超期', kind: 'bool', options: [{ label: '已超期', value: 'true' }] },
    { name: 'date', label: '创建时间', kind: 'daterange' },
  ],
  columns: [
    { prop: 'id', label: 'ID', width: 70 },
    { prop: 'title', label: '标题', minWidth: 200, link: ticketPath },
    { prop: 'category', label: '类别', width: 100 },
    { prop: 'priority_label', label: '优先级', width: 80 },
    { prop: 'status_label', label: '状态', width: 90 },
    { prop: 'customer_name', label: '客户', minWidth: 160 },
    { prop: 'card_no', label: '卡号', width: 150 },
    { prop: 'contact_phone', label: '联系电话', width: 130 },
    { prop: 'assignee', label: '处理人', width: 100, text: nameOf('assignee') },
    { prop: 'due_at', label: '期限', kind: 'datetime', width: 170 },
    { prop: 'overdue', label: '超期', kind: 'bool', width: 70 },
    created,
  ],
  form: {
    createPath: '/api/crm/tickets',
    // Triage (修改): category, priority (the due time follows) and the assignee; the rest is the opener's.
    updatePath: (row) => `/api/crm/tickets/${id(row)}`,
    fields: [
      {
        name: 'customer_id', label: '客户', kind: 'remote', required: true, createOnly: true,
        remote: { api: '/api/crm/customers', label: (r) => String(r.name) },
      },
      {
        name: 'member_id', label: '会员', kind: 'remote', createOnly: true, placeholder: '姓名或手机号搜索',
        remote: { api: '/api/system/members', label: (r) => `${String(r.name)} ${String(r.phone ?? '')}`.trim() },
      },
      { name: 'card_no', label: '卡号', createOnly: true },
      { name: 'title', label: '标题', required: true, createOnly: true },
      { name: 'content', label: '内容', kind: 'textarea', createOnly: true },
      { name: 'contact_phone', label: '联系电话', createOnly: true },
      { name: 'category', label: '类别', kind: 'select', options: 'category_list', required: true },
      { name: 'priority', label: '优先级', kind: 'select', options: 'priority_list', required: true },
      { name: 'assignee_id', label: '处理人', kind: 'select', options: 'admin_list' },
    ],
    defaults: { priority: 'normal' },
    toForm: (row) => ({ ...row, assignee_id: (row.assignee as Row | null)?.id ?? null }),
  },
  rowActions: [
    {
      label: '详情',
      run: async (row, ctx) => {
        ctx.open(ticketPath(row))
        return null // nothing changed: no message, no reload
      },
    },
    {
      label: '指派',
      permission: 'crm:ticket:update',
      visible: (row) => ['pending', 'processing'].includes(String(row.status)),
      done: '已指派',
      run: async (row, ctx) => {
        const assignee = await ctx.choose('指派工单', '处理人', 'admin_list')
        return assignee === null
          ? null
          : api.put(`/api/crm/tickets/${id(row)}`, { category: row.category, priority: row.priority, assignee_id: Number(assignee) })
      },
    },
    ...TICKET_MOVES.map((move): RowAction => ({
      label: move.label,
      permission: 'crm:ticket:update',
      type: move.type,
      visible: (row) => move.from.includes(String(row.status)),
      done: `已${move.label}`,
      run: async (row, ctx) => {
        const note = await ctx.prompt(move.label, '备注（可不填）', false)
        return note === null ? null : moveTicket(row.id, move.action, note)
      },
    })),
  ],
}

const campaignColumns: ListConfig['columns'] = [
  { prop: 'id', label: 'ID', width: 70 },
  { prop: 'title', label: '活动名称', minWidth: 200 },
  { prop: 'brand', label: '品牌', minWidth: 150, text: nameOf('brand') },
  { prop: 'hospitals', label: '门店', minWidth: 180 },
  { prop: 'starts_at', label: '开始', kind: 'datetime', width: 170 },
  { prop: 'ends_at', label: '结束', kind: 'datetime', width: 170 },
  { prop: 'quota', label: '名额', kind: 'count', width: 80 },
  { prop: 'taken', label: '已报名', kind: 'count', width: 80 },
  { prop: 'remaining', label: '剩余', kind: 'count', width: 80 },
  { prop: 'audience_label', label: '对象', width: 140 },
  { prop: 'status_label', label: '状态', width: 80 },
]

const campaignFilters: ListConfig['filters'] = [
  { name: 'keyword', label: '活动名称' },
  { name: 'status', label: '状态', kind: 'select', options: 'status_list' },
  { name: 'brand_id', label: '品牌', kind: 'select', options: 'brand_list' },
  { name: 'date', label: '活动时间', kind: 'daterange' },
]

export const campaigns: ListConfig = {
  title: '活动',
  api: '/api/health/campaigns',
  permission: 'health:campaign',
  exportPath: '/api/health/campaigns/export',
  filters: campaignFilters,
  columns: campaignColumns,
  form: {
    createPath: '/api/health/campaigns',
    updatePath: (row) => `/api/health/campaigns/${id(row)}`,
    updateMethod: 'PATCH',
    fields: [
      { name: 'title', label: '活动名称', required: true },
      { name: 'brand_id', label: '品牌', kind: 'select', options: 'brand_list', required: true, createOnly: true },
      {
        name: 'hospital_ids', label: '门店', kind: 'multiselect', required: true,
        remote: { api: '/api/health/hospitals', label: (r) => String(r.name) },
      },
      { name: 'starts_at', label: '开始时间', kind: 'datetime', required: true },
      { name: 'ends_at', label: '结束时间', kind: 'datetime', required: true },
      { name: 'quota', label: '名额', kind: 'number', required: true },
      { name: 'audience', label: '对象', kind: 'select', options: 'audience_list' },
      { name: 'status', label: '状态', kind: 'select', options: 'status_list' },
      { name: 'description', label: '说明', kind: 'textarea' },
    ],
    toForm: (row) => ({ ...row, hospital_ids: ((row.hospitals as Array<{ id: number }>) ?? []).map((h) => h.id) }),
  },
  deletePath: (row) => `/api/health/campaigns/${id(row)}`,
  rowActions: [
    {
      label: '下线',
      permission: 'health:campaign:update',
      type: 'warning',
      visible: (row) => row.status === 'online',
      done: '已下线',
      run: (row) => api.patch(`/api/health/campaigns/${id(row)}`, { status: 'offline', version: row.version }),
    },
  ],
}

export const aierCampaigns: ListConfig = {
  title: '爱尔活动',
  api: '/api/health/aier-campaigns',
  permission: 'health:aier_campaign',
  exportPath: '/api/health/aier-campaigns/export',
  filters: campaignFilters,
  columns: campaignColumns,
}
