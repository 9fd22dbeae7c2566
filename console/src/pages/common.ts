// Small helpers the page configurations share: review/void style actions and common columns.
import { api } from '@/api/client'
import type { Column, ListConfig, Row, RowAction } from './types'

export const id = (row: Row): string => String(row.id)
export const nameOf = (key: string) => (row: Row): string => {
  const value = row[key]
  return value && typeof value === 'object' && 'name' in value ? String((value as Row).name) : ''
}

/** A row's own route under `base` (`/api/crm/customers/7`): where it is updated, deleted or opened. */
export const rowPath = (base: string) => (row: Row): string => `${base}/${id(row)}`
/** Updates through PATCH `<base>/<id>` (health and escort take partial updates). */
export const patchAt = (base: string) => ({ updatePath: rowPath(base), updateMethod: 'PATCH' as const })

// Columns many lists share.
export const idColumn = (width: 70 | 80 = 70): Column => ({ prop: 'id', label: 'ID', width })
export const shownColumn: Column = { prop: 'shown', label: '显示', kind: 'bool', width: 70 }
export const sortColumn = (width: 70 | 80 = 70): Column => ({ prop: 'sort', label: '排序', width })
/** 创建时间 of a list whose route does not sort by it. */
export const createdTime: Column = { prop: 'created_at', label: '创建时间', kind: 'datetime', width: 170 }
export const createdAt: Column = { ...createdTime, sortable: true }
export const createdBy: Column = { prop: 'created_by', label: '创建人', text: nameOf('created_by'), width: 110 }

/** 审核: approve or reject (with a reason) through `POST <base>/<id>/review`. */
export function reviewActions(base: string, permission: string, pending: (row: Row) => boolean): RowAction[] {
  return [
    {
      label: '通过',
      permission,
      type: 'success',
      visible: pending,
      done: '已审核通过',
      run: async (row, ctx) =>
        (await ctx.confirm('确定审核通过吗？')) ? api.post(`${base}/${id(row)}/review`, { approved: true }) : null,
    },
    {
      label: '驳回',
      permission,
      type: 'warning',
      visible: pending,
      done: '已驳回',
      run: async (row, ctx) => {
        const reason = await ctx.prompt('驳回', '驳回原因')
        return reason === null ? null : api.post(`${base}/${id(row)}/review`, { approved: false, reason })
      },
    },
  ]
}

/** A command with a reason (`{reason}`): void, freeze, cancel... */
export function reasonAction(label: string, permission: string, path: (row: Row) => string,
  visible?: (row: Row) => boolean, required = true): RowAction {
  return {
    label,
    permission,
    type: 'danger',
    visible,
    done: `已${label}`,
    run: async (row, ctx) => {
      const reason = await ctx.prompt(label, `${label}原因`, required)
      return reason === null ? null : api.post(path(row), { reason })
    },
  }
}

export const isPending = (row: Row): boolean => row.status === 'pending' || row.review_status === 'pending'

/** 详情: opens a row's own page (nothing changes: no message, no reload). */
export function detailAction(path: (row: Row) => string): RowAction {
  return {
    label: '详情',
    run: async (row, ctx) => {
      ctx.open(path(row))
      return null
    },
  }
}

/** A money ledger shown under its record (a card's, an escort's): each movement's id, kind and amount, then what
 * this ledger records of it (`middle`), then its note and time. */
export function ledgerList(title: string, api: string, permission: string, middle: Column[]): ListConfig {
  return {
    title,
    api,
    permission,
    columns: [
      idColumn(80),
      { prop: 'kind_label', label: '类型', width: 100 },
      { prop: 'amount', label: '金额', kind: 'money', width: 110 },
      ...middle,
      { prop: 'memo', label: '说明', minWidth: 140 },
      { prop: 'created_at', label: '时间', kind: 'datetime', width: 170 },
    ],
  }
}

/** A list embedded in a record's page (a customer's follow-ups, a contract's payments): only that record's rows
 * (`key` = the record's id), no search form, and a create form without the record's field, which the body carries. */
export function embeddedIn(config: ListConfig, key: string, recordId: string): ListConfig {
  return {
    ...config,
    filters: [],
    fixedQuery: { [key]: recordId },
    form: config.form && {
      ...config.form,
      fields: config.form.fields.filter((f) => f.name !== key),
      toBody: (values, editing) => (editing ? values : { ...values, [key]: Number(recordId) }),
    },
  }
}
