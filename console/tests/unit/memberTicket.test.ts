// 开工单 from a member's page (用户管理 detail): the tickets form comes preset with the member, and what it sends is
// a body POST /api/crm/tickets takes (src/api/rows.json, from the OpenAPI).
import { describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import rows from '@/api/rows.json'
import FormDrawer from '@/components/FormDrawer.vue'
import { memberTicketForm, tickets } from '@/pages/ops'

const sent: Array<{ method: string; path: string; body: unknown }> = []
vi.mock('@/api/client', async (original) => ({
  ...(await original<typeof import('@/api/client')>()),
  request: vi.fn(async (method: string, path: string, options: { body?: unknown } = {}) => {
    sent.push({ method, path, body: options.body })
    return { id: 1 }
  }),
}))

const member = { id: 42, name: '王小明', phone: '13900001111' }
const create = (rows as unknown as Record<string, { body: string[]; required: string[] }>)['POST /api/crm/tickets']

describe('memberTicketForm', () => {
  it('presets the member (shown by name), their phone and their only card', () => {
    const form = memberTicketForm(member, ['HC0001'])
    expect(form.createPath).toBe(tickets.form?.createPath)
    expect(form.defaults).toMatchObject({ member_id: 42, contact_phone: '13900001111', card_no: 'HC0001', priority: 'normal' })
    expect(form.defaultLabels).toEqual({ member_id: '王小明 13900001111' })
  })

  it('leaves out a phone this viewer sees masked, and offers the member\'s cards when there are several', () => {
    const form = memberTicketForm({ ...member, phone: '139****1111' }, ['HC0001', 'HC0002'])
    expect(form.defaults).not.toHaveProperty('contact_phone')
    expect(form.defaults).not.toHaveProperty('card_no')
    const card = form.fields.find((f) => f.name === 'card_no')
    expect(card?.kind).toBe('select')
    expect(card?.options).toEqual([{ label: 'HC0001', value: 'HC0001' }, { label: 'HC0002', value: 'HC0002' }])
    expect(memberTicketForm(member, []).fields.find((f) => f.name === 'card_no')?.kind).toBeUndefined()
  })

  it('asks only for what the API takes, and for the customer it requires (a member names none)', () => {
    const names = memberTicketForm(member, []).fields.map((f) => f.name)
    expect(names.filter((n) => !create.body.includes(n))).toEqual([])
    expect(create.required.filter((n) => !names.includes(n))).toEqual([])
    expect(names).toContain('member_id')
  })
})

describe('the tickets drawer opened for a member', () => {
  it('shows the member by name and sends their id with the ticket', async () => {
    const options = { category_list: [{ label: '投诉', value: '投诉' }], priority_list: [{ label: '普通', value: 'normal' }] }
    const wrapper = mount(FormDrawer, {
      props: { config: memberTicketForm(member, ['HC0001']), title: '工单', options },
      attachTo: document.body,
    })
    ;(wrapper.vm as unknown as { open: (row: null) => void }).open(null)
    await flushPromises()
    const memberField = document.querySelector('[data-field=member_id]')
    expect(memberField?.textContent).toContain('王小明 13900001111')
    // The drawer holds the rest as a user would fill it: the customer chosen, a title and a category.
    const values = (wrapper.vm as unknown as { $: { setupState: { values: Record<string, unknown> } } }).$.setupState.values
    Object.assign(values, { customer_id: '7', title: '卡片无法使用', category: '投诉' })
    ;(document.querySelector('[data-test=drawer-save]') as HTMLElement).click()
    await flushPromises()
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ method: 'POST', path: '/api/crm/tickets' })
    expect(sent[0].body).toMatchObject({
      member_id: 42, customer_id: 7, card_no: 'HC0001', contact_phone: '13900001111', title: '卡片无法使用', category: '投诉',
    })
    wrapper.unmount()
  })
})
