// Every list page names only what its API declares: columns are fields of the route's row model, filters are
// its query parameters (src/api/rows.json, generated with schema.d.ts from the live OpenAPI). Routes whose
// rows are not typed yet are listed, so the gap is visible.
import { describe, expect, it } from 'vitest'
import rows from '@/api/rows.json'
import { EMBEDDED_LISTS, PAGES, SUB_LISTS } from '@/pages'
import { rangeNames } from '@/utils/listAdapter'
import type { ListConfig } from '@/pages/types'

const routes = rows as unknown as Record<string, { query: string[]; row: string[] }>
const lists = [
  ...Object.entries(PAGES).flatMap(([path, entry]) => (entry.kind === 'list' ? [[path, entry.config] as [string, ListConfig]] : [])),
  ...Object.entries(SUB_LISTS),
  ...Object.entries(EMBEDDED_LISTS),
]

describe('page configurations against the OpenAPI', () => {
  for (const [path, config] of lists) {
    const route = routes[config.api]
    it.runIf(Boolean(route))(`${path}: columns are row fields, filters are query parameters`, () => {
      const unknownColumns = config.columns.filter((c) => !c.text && !route.row.includes(c.prop)).map((c) => c.prop)
      expect(unknownColumns, `columns of ${config.api} not in its row model`).toEqual([])
      const names = (config.filters ?? []).flatMap((f) => (f.kind === 'daterange' ? rangeNames(f) : [f.name]))
      const unknownFilters = names.filter((n) => !route.query.includes(n))
      expect(unknownFilters, `filters of ${config.api} not in its query parameters`).toEqual([])
    })
  }

  it('most list pages are checked against a typed route', () => {
    const typed = lists.filter(([, c]) => routes[c.api]).length
    const untyped = lists.filter(([, c]) => !routes[c.api]).map(([p]) => p)
    console.log(`typed list routes: ${typed}/${lists.length}; untyped: ${untyped.join(' ') || 'none'}`)
    expect(typed).toBeGreaterThan(0)
  })
})

const bodies = rows as unknown as Record<string, { body: string[]; required: string[] }>

function bodyOf(method: string, concrete: string): { body: string[]; required: string[] } | undefined {
  const key = Object.keys(bodies).find((k) => {
    const [m, template] = k.split(' ')
    return m === method && template && new RegExp('^' + template.replace(/\{[^}]+\}/g, '[^/]+') + '$').test(concrete)
  })
  return key ? bodies[key] : undefined
}

describe('create/edit forms against the OpenAPI request bodies', () => {
  const sample = { id: 1, scope_key: 'ALL', version: 1 }
  for (const [path, config] of lists) {
    const form = config.form
    if (!form) continue
    it(`${path}: form fields are body fields, and required ones are asked for`, () => {
      if (form.createPath) {
        const create = bodyOf('POST', form.createPath)
        expect(create, `POST ${form.createPath} has a typed body`).toBeDefined()
        const names = form.fields.map((f) => f.name)
        expect(names.filter((n) => !create!.body.includes(n))).toEqual([])
        expect(create!.required.filter((n) => !names.includes(n))).toEqual([])
      }
      if (form.updatePath) {
        const concrete = form.updatePath(sample)
        const update = bodyOf(form.updateMethod ?? 'PUT', concrete)
        expect(update, `${form.updateMethod ?? 'PUT'} ${concrete} has a typed body`).toBeDefined()
        const names = form.fields.filter((f) => !f.createOnly).map((f) => f.name)
        expect(names.filter((n) => !update!.body.includes(n))).toEqual([])
      }
    })
  }
})
