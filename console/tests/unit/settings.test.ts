// 配置项: what is typed in the form becomes the JSON the setting's type takes, or a refusal in the form's words.
import { describe, expect, it } from 'vitest'
import { settingText, settingValue } from '@/pages/ops'

describe('setting values', () => {
  it('converts the typed text by the setting type', () => {
    expect(settingValue('integer', ' 15 ', '当前值')).toBe(15)
    expect(settingValue('boolean', 'false', '当前值')).toBe(false)
    expect(settingValue('decimal', '12.50', '当前值')).toBe('12.50')
    expect(settingValue('string', '  hello ', '当前值')).toBe('hello')
    expect(settingValue('json', '{"a": [1, 2]}', '当前值')).toEqual({ a: [1, 2] })
  })

  it('refuses what the type cannot take, naming the field', () => {
    expect(() => settingValue('integer', '1.5', '默认值')).toThrow('默认值须为整数')
    expect(() => settingValue('boolean', 'yes', '当前值')).toThrow('true 或 false')
    expect(() => settingValue('json', '{oops', '当前值')).toThrow('不是有效的 JSON')
  })

  it('shows strings as they are and the rest as JSON', () => {
    expect(settingText('abc')).toBe('abc')
    expect(settingText(7)).toBe('7')
    expect(settingText(true)).toBe('true')
    expect(settingText({ a: 1 })).toBe('{"a":1}')
  })
})
