// 模块管理 / 服务管理: editing a home entry shows its link target by name (ModuleOut and ServiceOut carry only
// link_kind and link_id), asked of the searched list's detail route, and still saves the target's id.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import FormDrawer from '@/components/FormDrawer.vue'
import { modules, services } from '@/pages/ops'
import type { FormConfig, Row } from '@/pages/types'

const targets: Record<string, Row> = {
  '/api/health/packages/12': { id: 12, name: '入职体检套餐' },
  '/api/escort/products/3': { id: 3, name: '全程陪诊' },
}
const asked: string[] = []
const sent: Array<{ method: string; path: string; body: unknown }> = []

vi.mock('@/api/client', async (original) => {
  const client = await original<typeof import('@/api/client')>()
  return {
    ...client,
    api: {
      ...client.api,
      get: vi.fn(async (path: string) => {
        asked.push(path)
        if (path in targets) return targets[path]
        throw new client.ApiError(404, { detail: '不存在' })
      }),
    },
    request: vi.fn(async (method: string, path: string, options: { body?: unknown } = {}) => {
      sent.push({ method, path, body: options.body })
      return { id: 1 }
    }),
  }
})

const options = {
  position_list: [{ label: '轮播图', value: 'banner' }],
  link_kind_list: [{ label: '体检套餐', value: 'package' }, { label: '陪诊产品', value: 'escort_product' }],
}
const banner: Row = {
  id: 5, title: '春季体检', position: 'banner', image_url: 'https://img/1.png', starts_at: null, ends_at: null,
  link_kind: 'package', link_kind_label: '体检套餐', link_id: 12, link_url: '', sort: 1, shown: true, version: 2,
}

function drawer(config: FormConfig) {
  const wrapper = mount(FormDrawer, { props: { config, title: '模块', options }, attachTo: document.body })
  const open = (row: Row) => (wrapper.vm as unknown as { open: (row: Row) => void }).open(row)
  return { wrapper, open }
}

const linkField = () => document.querySelector('[data-field=link_id]')?.textContent ?? ''

afterEach(() => {
  asked.length = 0
  sent.length = 0
  document.body.innerHTML = ''
})

describe('editing a home entry', () => {
  it('shows the target by name and saves its id', async () => {
    const { wrapper, open } = drawer(modules.form as FormConfig)
    open(banner)
    await flushPromises()
    expect(asked).toEqual(['/api/health/packages/12'])
    expect(linkField()).toContain('入职体检套餐')
    ;(document.querySelector('[data-test=drawer-save]') as HTMLElement).click()
    await flushPromises()
    expect(sent[0]).toMatchObject({ method: 'PUT', path: '/api/ops/modules/5' })
    expect(sent[0].body).toMatchObject({ link_kind: 'package', link_id: 12, version: 2 })
    wrapper.unmount()
  })

  it('asks the list of the entry\'s own link kind (a service entry leading to an escort product)', async () => {
    const { wrapper, open } = drawer(services.form as FormConfig)
    open({ id: 9, title: '陪诊', icon_url: 'https://img/2.png', link_kind: 'escort_product', link_id: 3, link_url: '',
      sort: 0, shown: true })
    await flushPromises()
    expect(asked).toEqual(['/api/escort/products/3'])
    expect(linkField()).toContain('全程陪诊')
    wrapper.unmount()
  })

  it('asks nothing for an entry without a target, and shows the id of a target that is gone', async () => {
    const { wrapper, open } = drawer(modules.form as FormConfig)
    open({ ...banner, link_kind: 'url', link_id: null, link_url: 'https://example.org' })
    await flushPromises()
    expect(asked).toEqual([])
    open({ ...banner, link_id: 404 })
    await flushPromises()
    expect(asked).toEqual(['/api/health/packages/404'])
    expect(linkField()).toContain('404')
    wrapper.unmount()
  })
})
