// 公司管理 / 用户管理 / 系统日志: staff, departments, roles, permissions, members, logs, partner API keys.
import { api } from '@/api/client'
import { createdAt, detailAction, id, idColumn, rowPath, sortColumn } from './common'
import type { ListConfig, RowAction } from './types'

export const users: ListConfig = {
  title: '员工',
  api: '/api/system/users',
  permission: 'system:user',
  filters: [
    { name: 'keyword', label: '关键词', placeholder: '用户名/姓名/手机' },
    { name: 'dept_id', label: '部门', kind: 'select', options: 'dept_list' },
    { name: 'role_id', label: '角色', kind: 'select', options: 'role_list' },
    { name: 'active', label: '状态', kind: 'select', options: 'status_list' },
    { name: 'date', label: '创建时间', kind: 'daterange' },
  ],
  columns: [
    idColumn(),
    { prop: 'username', label: '用户名', width: 120 },
    { prop: 'name', label: '姓名', width: 110 },
    { prop: 'dept_name', label: '部门', width: 120 },
    { prop: 'roles', label: '角色', minWidth: 140 },
    { prop: 'position', label: '职位', width: 110 },
    { prop: 'phone', label: '手机', width: 130 },
    { prop: 'status', label: '状态', width: 80 },
    { prop: 'last_login_at', label: '最后登录', kind: 'datetime', width: 170 },
    createdAt,
  ],
  form: {
    createPath: '/api/system/users',
    updatePath: rowPath('/api/system/users'),
    fields: [
      { name: 'username', label: '用户名', required: true, createOnly: true },
      { name: 'password', label: '初始密码', kind: 'password', required: true, createOnly: true },
      { name: 'name', label: '姓名', required: true },
      { name: 'dept_id', label: '部门', kind: 'select', options: 'dept_list' },
      { name: 'role_ids', label: '角色', kind: 'multiselect', options: 'role_list' },
      { name: 'position', label: '职位' },
      { name: 'phone', label: '手机' },
      { name: 'email', label: '邮箱' },
      { name: 'active', label: '启用', kind: 'switch' },
      { name: 'remark', label: '备注', kind: 'textarea' },
    ],
  },
  deletePath: rowPath('/api/system/users'),
  rowActions: [
    {
      label: '停用',
      permission: 'system:user:update',
      type: 'warning',
      visible: (row) => Boolean(row.active) && !row.superuser,
      done: '已停用',
      run: (row) => api.post(`/api/system/users/${id(row)}/disable`),
    },
    {
      label: '启用',
      permission: 'system:user:update',
      visible: (row) => !row.active,
      done: '已启用',
      run: (row) => api.post(`/api/system/users/${id(row)}/enable`),
    },
    {
      label: '重置密码',
      permission: 'system:user:reset_password',
      done: '密码已重置',
      run: async (row, ctx) => {
        const password = await ctx.prompt('重置密码', '新密码（至少 6 位）')
        return password === null ? null : api.post(`/api/system/users/${id(row)}/reset-password`, { password })
      },
    },
  ],
}

export const departments: ListConfig = {
  title: '部门',
  api: '/api/system/departments',
  permission: 'system:dept',
  filters: [
    { name: 'keyword', label: '部门名称' },
    { name: 'active', label: '状态', kind: 'select', options: 'status_list' },
  ],
  columns: [
    idColumn(),
    { prop: 'name', label: '部门名称', minWidth: 160 },
    { prop: 'parent_name', label: '上级部门', minWidth: 140 },
    { prop: 'leader', label: '负责人', width: 110 },
    { prop: 'phone', label: '电话', width: 130 },
    { prop: 'staff_count', label: '人数', kind: 'count', width: 80 },
    sortColumn(),
    { prop: 'status', label: '状态', width: 80 },
    createdAt,
  ],
  form: {
    createPath: '/api/system/departments',
    updatePath: rowPath('/api/system/departments'),
    fields: [
      { name: 'name', label: '部门名称', required: true },
      { name: 'parent_id', label: '上级部门', kind: 'select', options: 'dept_list' },
      { name: 'leader', label: '负责人' },
      { name: 'phone', label: '电话' },
      { name: 'sort', label: '排序', kind: 'number' },
      { name: 'active', label: '启用', kind: 'switch' },
    ],
  },
  deletePath: rowPath('/api/system/departments'),
}

export const roles: ListConfig = {
  title: '角色',
  api: '/api/system/roles',
  permission: 'system:role',
  filters: [
    { name: 'keyword', label: '角色名称' },
    { name: 'scope', label: '数据范围', kind: 'select', options: 'scope_list' },
    { name: 'active', label: '状态', kind: 'select', options: 'status_list' },
  ],
  columns: [
    idColumn(),
    { prop: 'name', label: '角色名称', minWidth: 140 },
    { prop: 'code', label: '角色编码', width: 120 },
    { prop: 'scope_label', label: '数据范围', width: 120 },
    { prop: 'staff_count', label: '人数', kind: 'count', width: 80 },
    sortColumn(),
    { prop: 'status', label: '状态', width: 80 },
    { prop: 'remark', label: '备注', minWidth: 140 },
    createdAt,
  ],
  form: {
    createPath: '/api/system/roles',
    updatePath: rowPath('/api/system/roles'),
    fields: [
      { name: 'name', label: '角色名称', required: true },
      { name: 'code', label: '角色编码', required: true },
      { name: 'scope', label: '数据范围', kind: 'select', options: 'scope_list' },
      { name: 'dept_ids', label: '自定义部门', kind: 'multiselect', options: 'dept_list' },
      { name: 'sort', label: '排序', kind: 'number' },
      { name: 'active', label: '启用', kind: 'switch' },
      { name: 'remark', label: '备注', kind: 'textarea' },
    ],
    // Permissions are kept as they are when editing here (the tree editor is the 权限管理 page's job).
    toBody: (values, editing) => ({ ...values, permissions: editing ? editing.permissions : [] }),
  },
  deletePath: rowPath('/api/system/roles'),
  rowActions: [
    {
      label: '权限',
      permission: 'system:role:list',
      run: async (row, ctx) => {
        ctx.open(`/system/roles/${id(row)}/permissions`)
        return null
      },
    },
  ],
}

export const permissions: ListConfig = {
  title: '权限',
  api: '/api/system/permissions',
  permission: 'system:permission',
  unpaged: true,
  columns: [
    { prop: 'code', label: '权限编码', minWidth: 220 },
    { prop: 'name', label: '名称', width: 140 },
    { prop: 'kind', label: '类型', width: 100, text: (r) => ({ directory: '目录', menu: '菜单', button: '按钮' })[String(r.kind)] ?? String(r.kind) },
    { prop: 'parent_code', label: '上级', minWidth: 180 },
    { prop: 'path', label: '路由', minWidth: 180 },
    sortColumn(),
  ],
}

/** 停用 / 启用 / 重置密码 of a member (用户管理), shared by the list and the member's detail page. */
export const memberActions: RowAction[] = [
  {
    label: '停用',
    permission: 'system:member:update',
    type: 'warning',
    visible: (row) => Boolean(row.active),
    done: '已停用（其登录随即失效）',
    run: async (row, ctx) => ((await ctx.confirm('停用后该会员立即退出登录，确定停用吗？')) ? api.post(`/api/system/members/${id(row)}/disable`) : null),
  },
  {
    label: '启用',
    permission: 'system:member:update',
    visible: (row) => !row.active,
    done: '已启用',
    run: (row) => api.post(`/api/system/members/${id(row)}/enable`),
  },
  {
    label: '重置密码',
    permission: 'system:member:reset_password',
    type: 'danger',
    done: '已重置，会员登录后须修改密码',
    run: async (row, ctx) => {
      const password = await ctx.prompt('重置密码', '临时密码（至少 6 位，告知会员）')
      return password === null ? null : api.post(`/api/system/members/${id(row)}/reset-password`, { password })
    },
  },
]

export const members: ListConfig = {
  title: '用户',
  api: '/api/system/members',
  permission: 'system:member',
  exportPath: '/api/system/members/export',
  filters: [
    { name: 'keyword', label: '手机/昵称' },
    { name: 'phone', label: '手机号' },
    { name: 'card_no', label: '卡号' },
    { name: 'active', label: '状态', kind: 'select', options: 'status_list' },
    { name: 'date', label: '注册时间', kind: 'daterange' },
  ],
  columns: [
    idColumn(80),
    { prop: 'phone', label: '手机', width: 130, link: (r) => `/system/members/${id(r)}` },
    { prop: 'name', label: '姓名', width: 110 },
    { prop: 'status', label: '状态', width: 80 },
    { prop: 'card_count', label: '卡数', kind: 'count', width: 70 },
    { prop: 'card_balance', label: '卡余额', kind: 'money', width: 120 },
    { prop: 'login_count', label: '登录次数', kind: 'count', width: 90 },
    { prop: 'must_change_password', label: '须改密码', kind: 'bool', width: 90, hidden: true },
    { prop: 'last_login_at', label: '最后登录', kind: 'datetime', width: 170 },
    { prop: 'created_at', label: '注册时间', kind: 'datetime', width: 170 },
  ],
  rowActions: [
    detailAction(rowPath('/system/members')),
    ...memberActions,
  ],
}

export const operationLogs: ListConfig = {
  title: '操作日志',
  api: '/api/system/operation-logs',
  permission: 'system:operation_log',
  exportPath: '/api/system/operation-logs/export',
  filters: [
    { name: 'keyword', label: '关键词' },
    { name: 'user_name', label: '操作人' },
    { name: 'service', label: '服务', kind: 'select', options: 'service_list' },
    { name: 'method', label: '方法', kind: 'select', options: 'method_list' },
    { name: 'date', label: '时间', kind: 'daterange' },
  ],
  columns: [
    idColumn(80),
    { prop: 'user_name', label: '操作人', width: 110 },
    { prop: 'service', label: '服务', width: 90 },
    { prop: 'method', label: '方法', width: 80 },
    { prop: 'path', label: '路径', minWidth: 220 },
    { prop: 'success', label: '成功', kind: 'bool', width: 70 },
    { prop: 'duration_ms', label: '耗时(ms)', kind: 'count', width: 90 },
    { prop: 'status_code', label: '状态码', width: 80 },
    { prop: 'ip', label: 'IP', width: 130 },
    createdAt,
  ],
}

export const loginLogs: ListConfig = {
  title: '登录日志',
  api: '/api/system/login-logs',
  permission: 'system:login_log',
  filters: [
    { name: 'username', label: '用户名' },
    { name: 'kind', label: '类型', kind: 'select', options: 'kind_list' },
    { name: 'success', label: '结果', kind: 'select', options: 'success_list' },
    { name: 'ip', label: 'IP' },
    { name: 'date', label: '时间', kind: 'daterange' },
  ],
  columns: [
    idColumn(80),
    { prop: 'username', label: '用户名', width: 120 },
    { prop: 'kind', label: '类型', width: 80, text: (r) => (r.kind === 'member' ? '会员' : '员工') },
    { prop: 'result', label: '结果', width: 80 },
    { prop: 'reason', label: '原因', minWidth: 140 },
    { prop: 'ip', label: 'IP', width: 130 },
    { prop: 'user_agent', label: '客户端', minWidth: 200 },
    { prop: 'created_at', label: '时间', kind: 'datetime', width: 170 },
  ],
}

export const apiKeys: ListConfig = {
  title: '接口密钥',
  api: '/api/system/api-keys',
  permission: 'system:api_key',
  filters: [
    { name: 'keyword', label: '名称' },
    { name: 'partner_type', label: '对接方类型', kind: 'select', options: 'partner_type_list' },
    { name: 'active', label: '状态', kind: 'select', options: 'status_list' },
  ],
  columns: [
    idColumn(),
    { prop: 'name', label: '名称', minWidth: 160 },
    { prop: 'partner_type', label: '对接方类型', width: 110 },
    { prop: 'partner_id', label: '对接方 ID', width: 100 },
    { prop: 'prefix', label: '密钥前缀', width: 120 },
    { prop: 'rate_limit', label: '限流', width: 80 },
    { prop: 'active', label: '有效', kind: 'bool', width: 70 },
    createdAt,
  ],
  form: {
    createPath: '/api/system/api-keys',
    fields: [
      { name: 'name', label: '名称', required: true },
      { name: 'partner_type', label: '对接方类型', kind: 'select', options: 'partner_type_list', required: true },
      { name: 'partner_id', label: '对接方 ID', kind: 'number', required: true },
      { name: 'rate_limit', label: '每分钟限流', kind: 'number' },
    ],
  },
  rowActions: [
    {
      label: '吊销',
      permission: 'system:api_key:revoke',
      type: 'danger',
      visible: (row) => Boolean(row.active),
      done: '已吊销',
      run: async (row, ctx) =>
        (await ctx.confirm('吊销后对接方立即无法调用，确定吗？')) ? api.post(`/api/system/api-keys/${id(row)}/revoke`) : null,
    },
  ],
}
