import { describe, expect, it } from 'vitest'
import { mapFieldErrors } from '@/utils/formErrors'

describe('mapFieldErrors', () => {
  const fields = ['name', 'contacts', 'amount']

  it('puts each message on the field the API names', () => {
    const mapped = mapFieldErrors([{ field: 'name', message: '不能为空' }, { field: 'amount', message: '金额无效' }], fields)
    expect(mapped.byField).toEqual({ name: '不能为空', amount: '金额无效' })
    expect(mapped.general).toEqual([])
  })

  it('puts a nested field on its nearest form field and joins two messages', () => {
    const mapped = mapFieldErrors([
      { field: 'contacts.0.phone', message: '电话格式不正确' },
      { field: 'contacts.1.name', message: '姓名不能为空' },
    ], fields)
    expect(mapped.byField.contacts).toBe('第1行 phone：电话格式不正确；第2行 name：姓名不能为空')
  })

  it('keeps what no field claims as a general message', () => {
    const mapped = mapFieldErrors([{ field: 'version', message: '已被他人修改' }, { field: '', message: '整体错误' }], fields)
    expect(mapped.byField).toEqual({})
    expect(mapped.general).toEqual(['version：已被他人修改', '整体错误'])
  })

  it('never matches by substring', () => {
    const mapped = mapFieldErrors([{ field: 'name_en', message: 'x' }], fields)
    expect(mapped.byField).toEqual({})
  })
})
