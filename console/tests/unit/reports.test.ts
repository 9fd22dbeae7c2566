// The report pages come from one builder: each gets the shared shape (dates first, keyword last, its export
// beside its list, `reports:<entity>` codes), and its chart draws columns the table has, under their labels.
import { describe, expect, it } from 'vitest'
import * as reports from '@/pages/reports'
import type { ListConfig } from '@/pages/types'

const pages = Object.entries(reports).filter(([name]) => name !== 'report') as Array<[string, ListConfig]>

describe('report pages', () => {
  it('are all built by report()', () => {
    expect(pages.length).toBeGreaterThanOrEqual(5)
  })
  for (const [name, page] of pages) {
    it(`${name}: the shared shape`, () => {
      expect(page.api).toMatch(/^\/api\/reports\/[a-z-]+$/)
      expect(page.exportPath).toBe(`${page.api}/export`)
      expect(page.permission).toMatch(/^reports:[a-z_]+$/)
      expect(page.filters?.[0]).toMatchObject({ name: 'date', kind: 'daterange' })
      expect(page.filters?.at(-1)?.name).toBe('keyword')
      const props = page.columns.map((c) => c.prop)
      expect(props).toContain(page.report?.chart?.x)
      for (const s of page.report?.chart?.series ?? []) {
        expect(props).toContain(s.prop)
        expect(s.label).toBe(page.columns.find((c) => c.prop === s.prop)?.label)
      }
    })
  }
})
