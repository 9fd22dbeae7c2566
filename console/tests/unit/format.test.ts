import { describe, expect, it } from 'vitest'
import { formatDate, formatDateTime, formatMoney, todayShanghai } from '@/utils/format'

describe('format', () => {
  it('shows money with two decimals and thousands separators', () => {
    expect(formatMoney('1234567.5')).toBe('1,234,567.50')
    expect(formatMoney(0)).toBe('0.00')
    expect(formatMoney(null)).toBe('')
  })

  it('shows times in Asia/Shanghai', () => {
    expect(formatDateTime('2026-01-15T02:00:00Z')).toBe('2026-01-15 10:00:00')
    expect(formatDateTime('2026-01-15T17:30:00Z')).toBe('2026-01-16 01:30:00')
    expect(formatDate('2026-01-15T17:30:00Z')).toBe('2026-01-16')
    expect(formatDate('2026-03-01')).toBe('2026-03-01')
    expect(todayShanghai(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01')
  })
})
