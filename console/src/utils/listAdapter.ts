// The list adapter: the search form's values -> the list endpoint's query, and its answer (docs/contributing.md list shape
// `{data_list, page, page_size, total, *_list}`) -> rows, total and the option lists the filters use.
import type { Query, QueryValue } from '@/api/client'
import type { Filter, Option, OptionSource, Row } from '@/pages/types'

export interface ListState {
  page: number
  pageSize: number
  sort?: string
  /** Ask for the option lists (first load only: they do not change while paging). */
  withOptions: boolean
}

export interface ListResult {
  rows: Row[]
  total: number
  page: number
  pageSize: number
  options: Record<string, Option[]>
  totals: Row | null
  freshness: Row | null
}

export function rangeNames(filter: Filter): [string, string] {
  return filter.range ?? [`${filter.name}_from`, `${filter.name}_to`]
}

export function toQuery(filters: Filter[], values: Row, state: ListState, fixed: Query = {}): Query {
  const query: Query = { ...fixed }
  for (const filter of filters) {
    const value = values[filter.name]
    if (filter.kind === 'daterange') {
      if (Array.isArray(value) && value.length === 2) {
        const [from, to] = rangeNames(filter)
        query[from] = String(value[0])
        query[to] = String(value[1])
      }
      continue
    }
    if (value === undefined || value === null || value === '') continue
    if (Array.isArray(value)) {
      if (value.length) query[filter.name] = value.map((v) => String(v))
      continue
    }
    query[filter.name] = typeof value === 'string' ? value.trim() : (value as QueryValue)
  }
  query.page = state.page
  query.page_size = state.pageSize
  if (state.sort) query.sort = state.sort
  query.with_options = state.withOptions ? 1 : 0
  return query
}

function isOptionList(value: unknown): value is Option[] {
  return (
    Array.isArray(value) &&
    value.every((o) => typeof o === 'object' && o !== null && 'label' in o && 'value' in o)
  )
}

export function fromResponse(body: unknown): ListResult {
  const data = (body ?? {}) as Record<string, unknown>
  const rows = Array.isArray(data.data_list) ? (data.data_list as Row[]) : []
  const options: Record<string, Option[]> = {}
  for (const [key, value] of Object.entries(data)) {
    if (key.endsWith('_list') && key !== 'data_list' && isOptionList(value)) {
      options[key] = value.map((o) => ({ label: String(o.label), value: String(o.value) }))
    }
  }
  const number = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback)
  return {
    rows,
    total: number(data.total, rows.length),
    page: number(data.page, 1),
    pageSize: number(data.page_size, rows.length),
    options,
    totals: (data.totals as Row) ?? null,
    freshness: (data.freshness as Row) ?? null,
  }
}

/** Keeps option lists from the first answer when later pages leave them out (`with_options=0`). */
export function mergeOptions(
  known: Record<string, Option[]>,
  fresh: Record<string, Option[]>,
): Record<string, Option[]> {
  return { ...known, ...fresh }
}

export function resolveOptions(source: OptionSource | undefined, lists: Record<string, Option[]>): Option[] {
  if (!source) return []
  if (Array.isArray(source)) return source
  return lists[source] ?? []
}

/** The label of a value in an option list (a status code shown as its Chinese label). */
export function optionLabel(options: Option[], value: unknown): string {
  if (value === null || value === undefined) return ''
  const found = options.find((o) => o.value === String(value))
  return found ? found.label : String(value)
}
