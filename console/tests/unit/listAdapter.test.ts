import { describe, expect, it } from 'vitest'
import { fromResponse, mergeOptions, optionLabel, resolveOptions, toQuery } from '@/utils/listAdapter'
import type { Filter } from '@/pages/types'

const filters: Filter[] = [
  { name: 'keyword', label: '关键词' },
  { name: 'status', label: '状态', kind: 'select', options: 'status_list' },
  { name: 'created', label: '创建时间', kind: 'daterange' },
  { name: 'signed', label: '签订', kind: 'daterange', range: ['date_from', 'date_to'] },
  { name: 'ids', label: 'ids', kind: 'multiselect' },
]

describe('toQuery', () => {
  it('sends only filled filters, trims text, splits date ranges and adds paging', () => {
    const q = toQuery(filters, { keyword: '  南昌 ', status: '', created: ['2026-01-01', '2026-01-31'], ids: [] },
      { page: 2, pageSize: 50, withOptions: false })
    expect(q).toEqual({
      keyword: '南昌', created_from: '2026-01-01', created_to: '2026-01-31', page: 2, page_size: 50, with_options: 0,
    })
  })

  it('uses a filter\'s own range names, sort, fixed query, and asks for options on first load', () => {
    const q = toQuery(filters, { signed: ['2026-02-01', '2026-02-02'], ids: ['1', '2'] },
      { page: 1, pageSize: 20, sort: '-amount', withOptions: true }, { customer_id: '9' })
    expect(q).toMatchObject({ customer_id: '9', date_from: '2026-02-01', date_to: '2026-02-02', ids: ['1', '2'],
      sort: '-amount', with_options: 1 })
  })
})

describe('fromResponse', () => {
  it('reads the list shape and every *_list option list', () => {
    const result = fromResponse({
      data_list: [{ id: 1 }], page: 3, page_size: 10, total: 21,
      status_list: [{ label: '待审核', value: 'pending' }], level_list: [{ label: 'A', value: 'A' }],
      totals: { amount: '1.00' }, freshness: { seconds_behind: 2 }, scope: 'not an option list',
    })
    expect(result.rows).toEqual([{ id: 1 }])
    expect(result.total).toBe(21)
    expect(result.page).toBe(3)
    expect(Object.keys(result.options).sort()).toEqual(['level_list', 'status_list'])
    expect(result.totals).toEqual({ amount: '1.00' })
    expect(result.freshness).toEqual({ seconds_behind: 2 })
  })

  it('copes with an empty or odd answer', () => {
    expect(fromResponse(null)).toMatchObject({ rows: [], total: 0, options: {} })
    expect(fromResponse({ data_list: 'x', total: 'y' })).toMatchObject({ rows: [], total: 0 })
  })

  it('keeps earlier options when later pages leave them out, and stringifies values', () => {
    const first = fromResponse({ data_list: [], total: 0, dept_list: [{ label: '销售部', value: 2 }] }).options
    expect(first.dept_list).toEqual([{ label: '销售部', value: '2' }])
    const merged = mergeOptions(first, {})
    expect(resolveOptions('dept_list', merged)).toHaveLength(1)
    expect(optionLabel(merged.dept_list, 2)).toBe('销售部')
    expect(optionLabel(merged.dept_list, 99)).toBe('99')
    expect(resolveOptions([{ label: 'x', value: 'y' }], merged)).toEqual([{ label: 'x', value: 'y' }])
  })
})

describe('card ranges typed in a form', async () => {
  const { parseRanges } = await import('@/pages/cards')
  it('reads "A-B, C-D" as the API ranges', () => {
    expect(parseRanges('100001-100010, 100020～100021；100030')).toEqual([
      { start: '100001', end: '100010' }, { start: '100020', end: '100021' }, { start: '100030', end: '100030' },
    ])
  })
})
