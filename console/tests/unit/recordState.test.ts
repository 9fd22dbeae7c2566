// The states every record page goes through (RecordState.vue): 404, a failed load, the page, a spinner.
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import RecordState from '@/components/RecordState.vue'

function state(props: { missing: boolean; error: string; ready: boolean }) {
  return mount(RecordState, {
    props,
    slots: { default: '<div data-test="page">客户甲</div>' },
    global: { stubs: { RouterLink: { template: '<a><slot /></a>' } } },
  })
}

describe('RecordState', () => {
  it('shows the 404 page for a missing record, whatever else holds', () => {
    const wrapper = state({ missing: true, error: '请求失败', ready: true })
    expect(wrapper.find('[data-test=error-404]').exists()).toBe(true)
    expect(wrapper.find('[data-test=page]').exists()).toBe(false)
  })

  it('shows the error of a failed load instead of the page', () => {
    const wrapper = state({ missing: false, error: '请求失败（500）', ready: false })
    expect(wrapper.text()).toContain('请求失败（500）')
    expect(wrapper.find('[data-test=page]').exists()).toBe(false)
  })

  it('shows the page once the record is loaded, and nothing of it before', () => {
    expect(state({ missing: false, error: '', ready: true }).find('[data-test=page]').text()).toBe('客户甲')
    const loading = state({ missing: false, error: '', ready: false })
    expect(loading.find('[data-test=page]').exists()).toBe(false)
    expect(loading.find('.el-loading-mask').exists()).toBe(true)
  })
})
