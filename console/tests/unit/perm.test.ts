import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { defineComponent } from 'vue'
import { createPermDirective } from '@/directives/perm'

const held = new Set(['crm:customer:list', 'crm:customer:create'])
const perm = createPermDirective((codes) => codes.every((c) => held.has(c)))

const Buttons = defineComponent({
  directives: { perm },
  template: `<div>
    <button v-perm="'crm:customer:create'" id="create">新增</button>
    <button v-perm="'crm:customer:review'" id="review">审核</button>
    <button v-perm="['crm:customer:list', 'crm:customer:export']" id="export">导出</button>
    <button v-perm="['crm:customer:list', 'crm:customer:create']" id="both">都有</button>
  </div>`,
})

describe('v-perm', () => {
  it('keeps the buttons the user may use and removes the others', () => {
    const wrapper = mount(Buttons)
    expect(wrapper.find('#create').exists()).toBe(true)
    expect(wrapper.find('#review').exists()).toBe(false)
    expect(wrapper.find('#export').exists()).toBe(false)
    expect(wrapper.find('#both').exists()).toBe(true)
  })
})
