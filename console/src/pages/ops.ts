// 运营管理: service contacts (客服), tickets (工单), settings (配置项), the member app's home (模块, 服务), campaigns.
import { api } from '@/api/client'
import { createdTime, detailAction, id, idColumn, nameOf, rowPath, shownColumn, sortColumn } from './common'
import type { FormConfig, FormField, ListConfig, RemoteOptions, Row, RowAction } from './types'

export const serviceContacts: ListConfig = {
  title: '客服',
  api: '/api/crm/service-contacts',
  permission: 'crm:service_contact',
  filters: [
    { name: 'keyword', label: '名称/电话' },
    { name: 'shown', label: '显示', kind: 'select', options: 'shown_list' },
  ],
  columns: [
    idColumn(),
    { prop: 'name', label: '名称', minWidth: 140 },
    { prop: 'phone', label: '电话', width: 140 },
    { prop: 'wechat', label: '微信', width: 140 },
    { prop: 'hours', label: '服务时间', minWidth: 160 },
    shownColumn,
    sortColumn(),
    createdTime,
  ],
  form: {
    createPath: '/api/crm/service-contacts',
    updatePath: rowPath('/api/crm/service-contacts'),
    fields: [
      { name: 'name', label: '名称', required: true },
      { name: 'phone', label: '电话' },
      { name: 'wechat', label: '微信' },
      { name: 'hours', label: '服务时间' },
      { name: 'shown', label: '显示', kind: 'switch' },
      { name: 'sort', label: '排序', kind: 'number' },
    ],
  },
  deletePath: rowPath('/api/crm/service-contacts'),
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

const ticketPath = rowPath('/ops/tickets')
const memberLabel = (member: Row) => `${String(member.name)} ${String(member.phone ?? '')}`.trim()

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
    idColumn(),
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
    createdTime,
  ],
  form: {
    createPath: '/api/crm/tickets',
    // Triage (修改): category, priority (the due time follows) and the assignee; the rest is the opener's.
    updatePath: rowPath('/api/crm/tickets'),
    fields: [
      {
        name: 'customer_id', label: '客户', kind: 'remote', required: true, createOnly: true,
        remote: { api: '/api/crm/customers', label: (r) => String(r.name) },
      },
      {
        name: 'member_id', label: '会员', kind: 'remote', createOnly: true, placeholder: '姓名或手机号搜索',
        remote: { api: '/api/system/members', label: memberLabel },
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
    detailAction(ticketPath),
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

/** 开工单 from a member's page (用户管理 detail): the tickets form with the member already chosen (shown by name),
 * their phone to call back unless this viewer sees it masked, and the card concerned picked among their cards (the
 * only one preset). The customer stays to choose: the API requires one (TicketIn.customer_id) and a member's page
 * names none. */
export function memberTicketForm(member: Row, cardNos: string[]): FormConfig {
  const form = tickets.form as FormConfig
  const phone = String(member.phone ?? '')
  const cardOptions = cardNos.map((no) => ({ label: no, value: no }))
  return {
    ...form,
    fields: form.fields.map((f) =>
      f.name === 'card_no' && cardOptions.length ? { ...f, kind: 'select' as const, options: cardOptions } : f),
    defaults: {
      ...form.defaults,
      member_id: member.id,
      ...(phone && !phone.includes('*') ? { contact_phone: phone } : {}),
      ...(cardNos.length === 1 ? { card_no: cardNos[0] } : {}),
    },
    defaultLabels: { member_id: memberLabel(member) },
  }
}

const campaignColumns: ListConfig['columns'] = [
  idColumn(),
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
    updatePath: rowPath('/api/health/campaigns'),
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
  deletePath: rowPath('/api/health/campaigns'),
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

/** Who changed a setting or a home entry last, and when. */
const updatedColumns: ListConfig['columns'] = [
  { prop: 'updated_by_name', label: '修改人', width: 100 },
  { prop: 'updated_at', label: '修改时间', kind: 'datetime', width: 170 },
]

// ---- 配置项管理: typed runtime settings (docs/domains/gateway.md, runtime settings) --------------------------

/** A setting's value as typed in the form (text) -> the JSON its type takes; a bad entry is refused here, in
 * the form's words, before the API is asked. */
export function settingValue(type: unknown, text: unknown, label: string): unknown {
  const raw = String(text ?? '').trim()
  switch (type) {
    case 'integer':
      if (!/^-?\d+$/.test(raw)) throw new Error(`${label}须为整数`)
      return Number(raw)
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw new Error(`${label}须为 true 或 false`)
      return raw === 'true'
    case 'json':
      try {
        return JSON.parse(raw)
      } catch {
        throw new Error(`${label}不是有效的 JSON`)
      }
    default: // string, and decimal (a string keeps its two places)
      return raw
  }
}

/** The JSON value shown in a text box and a cell: strings as they are, the rest as JSON. */
export const settingText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value ?? ''))

function rulesOf(text: unknown): unknown {
  const raw = String(text ?? '').trim()
  if (!raw) return {}
  try {
    return JSON.parse(raw)
  } catch {
    throw new Error('校验规则不是有效的 JSON（如 {"min": 1, "max": 30}）')
  }
}

export const configs: ListConfig = {
  title: '配置项',
  api: '/api/ops/configs',
  permission: 'ops:config',
  links: [{ label: '变更记录', path: '/ops/configs/history' }],
  filters: [
    { name: 'keyword', label: '键/名称' },
    { name: 'group', label: '分组', kind: 'select', options: 'group_list' },
    { name: 'type', label: '类型', kind: 'select', options: 'type_list' },
    { name: 'builtin', label: '来源', kind: 'select', options: 'builtin_list' },
  ],
  columns: [
    { prop: 'key', label: '键', minWidth: 220 },
    { prop: 'name', label: '名称', minWidth: 150 },
    { prop: 'group', label: '分组', width: 90 },
    { prop: 'type_label', label: '类型', width: 80 },
    { prop: 'value', label: '当前值', minWidth: 120, text: (r) => settingText(r.value) },
    { prop: 'default', label: '默认值', width: 110, text: (r) => settingText(r.default) },
    { prop: 'rules', label: '校验规则', minWidth: 140, text: (r) => (Object.keys((r.rules as Row) ?? {}).length ? JSON.stringify(r.rules) : '') },
    { prop: 'description', label: '说明', minWidth: 180, hidden: true },
    { prop: 'builtin_label', label: '来源', width: 80 },
    ...updatedColumns,
  ],
  form: {
    createPath: '/api/ops/configs',
    updatePath: rowPath('/api/ops/configs'),
    fields: [
      { name: 'key', label: '键', required: true, createOnly: true, placeholder: 'mall.order.auto_complete_days' },
      { name: 'type', label: '类型', kind: 'select', options: 'type_list', required: true, createOnly: true },
      { name: 'name', label: '名称', required: true },
      { name: 'group', label: '分组', required: true, placeholder: '小写字母，如 mall' },
      { name: 'value', label: '当前值', required: true, placeholder: '整数、true/false、文字或 JSON，按类型' },
      { name: 'default', label: '默认值', required: true },
      { name: 'rules', label: '校验规则', kind: 'textarea', placeholder: '{"min": 1, "max": 30} 或 {"choices": [...]}' },
      { name: 'description', label: '说明', kind: 'textarea' },
    ],
    toForm: (row) => ({
      ...row,
      value: settingText(row.value),
      default: settingText(row.default),
      rules: Object.keys((row.rules as Row) ?? {}).length ? JSON.stringify(row.rules) : '',
    }),
    // The type is the one chosen (new) or the setting's own (an edit: the type is fixed once created).
    toBody: (values, editing) => {
      const type = editing ? editing.type : values.type
      return {
        ...values,
        value: settingValue(type, values.value, '当前值'),
        default: settingValue(type, values.default, '默认值'),
        rules: rulesOf(values.rules),
      }
    },
  },
  deletePath: rowPath('/api/ops/configs'),
}

export const configHistory: ListConfig = {
  title: '配置项变更记录',
  api: '/api/ops/configs/history',
  permission: 'ops:config',
  filters: [
    { name: 'key', label: '键' },
    { name: 'action', label: '操作', kind: 'select', options: 'action_list' },
    { name: 'date', label: '时间', kind: 'daterange' },
  ],
  columns: [
    { prop: 'changed_at', label: '时间', kind: 'datetime', width: 170 },
    { prop: 'key', label: '键', minWidth: 220 },
    { prop: 'action_label', label: '操作', width: 80 },
    { prop: 'before', label: '修改前', minWidth: 160, text: (r) => (r.before ? settingText((r.before as Row).value) : '') },
    { prop: 'after', label: '修改后', minWidth: 160, text: (r) => (r.after ? settingText((r.after as Row).value) : '') },
    { prop: 'changed_by_name', label: '操作人', width: 100 },
    { prop: 'settings_version', label: '配置版本', width: 90 },
  ],
}

// ---- 模块管理 / 服务管理: the member app's home (banners, entry grid, service entries) ----------------------

const linkFields: ListConfig['columns'] = [
  { prop: 'link_kind_label', label: '跳转', width: 100 },
  { prop: 'link_id', label: '跳转对象', width: 90 },
  { prop: 'link_url', label: '链接', minWidth: 160 },
  sortColumn(),
  shownColumn,
  ...updatedColumns,
]

/** Where a home entry's target is searched by name, per link kind (none and url have no target). */
const LINK_TARGETS: Record<string, RemoteOptions> = {
  package: { api: '/api/health/packages', label: (r) => String(r.name) },
  goods: { api: '/api/mall/goods', label: (r) => String(r.name) },
  escort_product: { api: '/api/escort/products', label: (r) => String(r.name) },
}

const linkForm: FormField[] = [
  { name: 'link_kind', label: '跳转', kind: 'select', options: 'link_kind_list' },
  {
    name: 'link_id', label: '跳转对象', kind: 'remote', placeholder: '按名称搜索（先选跳转类型）',
    remote: (values) => LINK_TARGETS[String(values.link_kind)] ?? null,
  },
  { name: 'link_url', label: '链接', placeholder: '跳转为链接时填写' },
  { name: 'sort', label: '排序', kind: 'number' },
  { name: 'shown', label: '显示', kind: 'switch' },
]

function homeEntries(kind: 'modules' | 'services', title: string, own: { columns: ListConfig['columns']; fields: FormField[]; filters: ListConfig['filters'] }): ListConfig {
  const base = `/api/ops/${kind}`
  return {
    title,
    api: base,
    permission: kind === 'modules' ? 'ops:module' : 'ops:service',
    filters: [{ name: 'keyword', label: '标题' }, ...(own.filters ?? []), { name: 'shown', label: '显示', kind: 'select', options: 'shown_list' }],
    columns: [idColumn(), ...own.columns, ...linkFields],
    form: {
      createPath: base,
      updatePath: rowPath(base),
      fields: [...own.fields, ...linkForm],
      defaults: { link_kind: 'none', shown: true, sort: 0 },
    },
    deletePath: rowPath(base),
  }
}

export const modules = homeEntries('modules', '模块', {
  filters: [
    { name: 'position', label: '位置', kind: 'select', options: 'position_list' },
    { name: 'live', label: '当前生效', kind: 'bool', options: [{ label: '生效中', value: 'true' }, { label: '未生效', value: 'false' }] },
  ],
  columns: [
    { prop: 'title', label: '标题', minWidth: 200 },
    { prop: 'position_label', label: '位置', width: 90 },
    { prop: 'image_url', label: '图片', minWidth: 160, hidden: true },
    { prop: 'starts_at', label: '开始', kind: 'datetime', width: 170 },
    { prop: 'ends_at', label: '结束', kind: 'datetime', width: 170 },
    { prop: 'live', label: '生效中', kind: 'bool', width: 80 },
  ],
  fields: [
    { name: 'title', label: '标题', required: true },
    { name: 'position', label: '位置', kind: 'select', options: 'position_list', required: true },
    { name: 'image_url', label: '图片地址', required: true },
    { name: 'starts_at', label: '开始时间', kind: 'datetime' },
    { name: 'ends_at', label: '结束时间', kind: 'datetime' },
  ],
})

export const services = homeEntries('services', '服务', {
  filters: [{ name: 'link_kind', label: '跳转', kind: 'select', options: 'link_kind_list' }],
  columns: [
    { prop: 'title', label: '标题', minWidth: 160 },
    { prop: 'icon_url', label: '图标', minWidth: 160, hidden: true },
  ],
  fields: [
    { name: 'title', label: '标题', required: true },
    { name: 'icon_url', label: '图标地址', required: true },
  ],
})
