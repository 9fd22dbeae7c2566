// Small helpers the page configurations share: review/void style actions and common columns.
import { api } from '@/api/client'
import type { Column, Row, RowAction } from './types'

export const id = (row: Row): string => String(row.id)
export const nameOf = (key: string) => (row: Row): string => {
  const value = row[key]
  return value && typeof value === 'object' && 'name' in value ? String((value as Row).name) : ''
}

export const createdAt: Column = { prop: 'created_at', label: '创建时间', kind: 'datetime', width: 170, sortable: true }
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
