// A list page is declared as data (vben's `data.ts` style) and rendered by components/ListPage.vue.
import type { Component } from 'vue'

export interface Option {
  label: string
  value: string
}

/** Where a select's options come from: a `*_list` of the list response (by name) or a fixed list. */
export type OptionSource = string | Option[]

/** A select that searches another list endpoint as the user types (`keyword`): contracts, customers. */
export interface RemoteOptions {
  api: string
  label: (row: Row) => string
  /** Row field used as the value (default `id`). */
  value?: string
  /** Fixed query parameters sent with every search (only certified escorts of the order's hospital). */
  query?: Record<string, string | number | boolean>
}

export type Row = Record<string, unknown>

export type ColumnKind = 'text' | 'money' | 'datetime' | 'date' | 'bool' | 'tag' | 'count' | 'percent'

export interface Column {
  prop: string
  label: string
  kind?: ColumnKind
  width?: number
  minWidth?: number
  /** Shows this instead of row[prop] (names of nested objects, labels). */
  text?: (row: Row) => string
  /** Column starts hidden in the column chooser. */
  hidden?: boolean
  sortable?: boolean
  /** Makes the cell a link to a detail page. */
  link?: (row: Row) => string
}

export type FilterKind = 'text' | 'select' | 'multiselect' | 'daterange' | 'number' | 'bool'

export interface Filter {
  /** Query parameter; for daterange the pair is `${name}_from` / `${name}_to` unless `range` names them. */
  name: string
  label: string
  kind?: FilterKind
  options?: OptionSource
  range?: [string, string]
  placeholder?: string
  /** Shown in the collapsed search form. */
  primary?: boolean
}

export type FieldKind =
  | 'text'
  | 'textarea'
  | 'number'
  | 'money'
  | 'select'
  | 'multiselect'
  | 'date'
  | 'datetime'
  | 'switch'
  | 'password'
  | 'remote'
  | 'rows'

/** One column of a `rows` field (a small table of sub-records: contacts, SKUs). */
export interface SubField {
  name: string
  label: string
  kind?: 'text' | 'money' | 'number'
  width?: number
  /** Carried, not shown (a sub-record's id when editing). */
  hidden?: boolean
}

export interface FormField {
  name: string
  label: string
  kind?: FieldKind
  options?: OptionSource
  /** For `remote`: the list searched, or a function of the form's values choosing it (a home entry's target is
   * searched among packages, goods or escort products by its link kind; null: nothing to search). */
  remote?: RemoteOptions | ((values: Row) => RemoteOptions | null)
  /** For `rows`: the columns of each sub-record. */
  rows?: SubField[]
  required?: boolean
  /** Only when creating (usernames, parent ids). */
  createOnly?: boolean
  placeholder?: string
  span?: 12 | 24
}

export interface FormConfig {
  fields: FormField[]
  createPath?: string
  /** Update endpoint for a row, and its method (services use PUT or PATCH). */
  updatePath?: (row: Row) => string
  updateMethod?: 'PUT' | 'PATCH'
  createPermission?: string
  updatePermission?: string
  /** Row -> form values for editing (defaults to the fields' names). */
  toForm?: (row: Row) => Row
  /** Form values -> request body (defaults to the values, with `version` for optimistic locking). */
  toBody?: (values: Row, editing: Row | null) => Row
  defaults?: Row
  /** What a `remote` field's default value is called (the member a ticket is opened for): a new form shows this
   * name, not the bare id, until the user searches for another. */
  defaultLabels?: Record<string, string>
  width?: string
  /** The create route takes an `Idempotency-Key` (money, cards): one key per opening of the form, so saving
   * twice (a double click, a retry after a lost answer) creates once. */
  idempotent?: boolean
}

export interface ActionContext {
  reload: () => Promise<void>
  /** Asks for a text (reason) in a prompt; null when cancelled. */
  prompt: (title: string, label: string, required?: boolean) => Promise<string | null>
  confirm: (message: string) => Promise<boolean>
  /** Asks to pick one option (a `*_list` of the page's answer by name, a fixed list, or a search over another
   * list endpoint as the user types); null when cancelled. */
  choose: (title: string, label: string, options: OptionSource | RemoteOptions) => Promise<string | null>
  /** Asks for an amount of money (two decimals), starting from `initial`; null when cancelled. */
  amount: (title: string, label: string, initial?: string) => Promise<string | null>
  edit: (row: Row) => void
  open: (path: string) => void
}

export interface RowAction {
  label: string
  permission?: string
  type?: 'primary' | 'danger' | 'warning' | 'success'
  visible?: (row: Row) => boolean
  run: (row: Row, ctx: ActionContext) => Promise<unknown>
  /** Message shown after success. */
  done?: string
}

export interface BatchAction {
  label: string
  permission?: string
  type?: 'primary' | 'danger' | 'warning'
  run: (rows: Row[], ctx: ActionContext) => Promise<unknown>
  done?: string
}

export interface ChartConfig {
  /** Row field on the x axis (several rows of one x are summed). */
  x: string
  /** Money or count fields drawn as bars. */
  series: Array<{ prop: string; label: string }>
}

export interface ListConfig {
  title: string
  /** GET endpoint answering `{data_list, page, page_size, total, *_list}`. */
  api: string
  /** Permission prefix (`crm:customer`): its `:export`, `:create`... codes guard the buttons. */
  permission: string
  rowKey?: string
  columns: Column[]
  filters?: Filter[]
  /** Fixed query parameters always sent (a page showing one state). */
  fixedQuery?: Record<string, string | number | boolean>
  exportPath?: string
  exportPermission?: string
  importPath?: string
  importTemplatePath?: string
  form?: FormConfig
  rowActions?: RowAction[]
  batchActions?: BatchAction[]
  /** Reports: totals row from the response's `totals`, the freshness figure, and a chart. */
  report?: { chart?: ChartConfig }
  /** No pagination (the endpoint returns everything). */
  unpaged?: boolean
  deletePath?: (row: Row) => string
  deletePermission?: string
  /** Toolbar buttons to pages that belong to this one (订单管理 -> 售后申请). */
  links?: Array<{ label: string; path: string; permission?: string }>
}

export type PageEntry = { kind: 'list'; config: ListConfig } | { kind: 'component'; load: () => Promise<Component> }
