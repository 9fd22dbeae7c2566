import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import DataTable from '@/components/DataTable.vue'
import type { Column, Row } from '@/pages/types'
import { formatMoney } from '@/utils/format'

const columns: Column[] = [
  { prop: 'name', label: '名称' },
  { prop: 'amount', label: '金额', kind: 'money', sortable: true },
  { prop: 'customer_name', label: '客户', link: (r) => `/crm/customers/${String(r.customer_id)}` },
]
const rows: Row[] = [
  { id: 1, name: '甲', amount: '1234.5', customer_id: 7, customer_name: '客户七' },
  { id: 2, name: '乙', amount: '10', customer_id: 8, customer_name: '客户八' },
]
const cell = (c: Column, r: Row) => (c.kind === 'money' ? formatMoney(r[c.prop]) : String(r[c.prop] ?? ''))

function table(extra: Record<string, unknown> = {}) {
  return mount(DataTable, {
    props: { rows, columns, rowKey: 'id', selectable: true, cell, totals: null, actions: false, actionWidth: 100,
      loading: false, ...extra },
  })
}

describe('DataTable', () => {
  it('draws each row with formatted cells and links', () => {
    const wrapper = table()
    const cells = wrapper.findAll('tbody tr')[0].findAll('td').map((td) => td.text())
    expect(cells.slice(1)).toEqual(['甲', '1,234.50', '客户七'])
    expect(wrapper.find('tbody a').attributes('href')).toBe('/crm/customers/7')
  })

  it('cycles a sortable header through ascending, descending and none', async () => {
    const wrapper = table()
    const header = wrapper.findAll('th').find((th) => th.text().startsWith('金额'))!
    await header.trigger('click')
    await header.trigger('click')
    await header.trigger('click')
    expect(wrapper.emitted('sort')).toEqual([['amount'], ['-amount'], [undefined]])
  })

  it('reports the checked rows, and all of them from the header box', async () => {
    const wrapper = table()
    await wrapper.findAll('tbody input[type=checkbox]')[1].setValue(true)
    expect(wrapper.emitted('selection')!.at(-1)).toEqual([[rows[1]]])
    await wrapper.find('thead input[type=checkbox]').setValue(true)
    expect(wrapper.emitted('selection')!.at(-1)).toEqual([rows])
  })

  it('shows the totals row and an empty state', () => {
    const withTotals = table({ totals: (c: Column) => (c.prop === 'amount' ? '1,244.50' : '') })
    expect(withTotals.find('tfoot').text()).toContain('合计')
    expect(withTotals.find('tfoot').text()).toContain('1,244.50')
    expect(table({ rows: [] }).find('.empty-row').text()).toBe('暂无数据')
  })
})
