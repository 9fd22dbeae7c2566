// Remote selects (a contract's customer, an order's escort): which sources search, and rows -> options.
import { describe, expect, it } from 'vitest'
import { isRemote, toOptions } from '@/utils/remote'
import type { RemoteOptions } from '@/pages/types'

const escorts: RemoteOptions = { api: '/api/escort/escorts', label: (r) => String(r.name), query: { status: 'certified' } }

describe('remote options', () => {
  it('tells a search from an option list or a *_list name', () => {
    expect(isRemote(escorts)).toBe(true)
    expect(isRemote('admin_list')).toBe(false)
    expect(isRemote([{ label: '是', value: 'true' }])).toBe(false)
    expect(isRemote(undefined)).toBe(false)
  })

  it('labels rows and takes the id (or the named field) as the value, as a string', () => {
    expect(toOptions(escorts, [{ id: 3, name: '李秀兰' }])).toEqual([{ label: '李秀兰', value: '3' }])
    expect(toOptions({ ...escorts, value: 'code' }, [{ id: 3, code: 'A1', name: 'x' }])).toEqual([{ label: 'x', value: 'A1' }])
  })
})
