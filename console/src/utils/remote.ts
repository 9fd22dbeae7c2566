// Remote selects: the options of another list endpoint matching what the user typed (`keyword`), for form
// fields (a contract's customer) and for row actions (the escort an order is assigned to).
import { ref, type Ref } from 'vue'
import { api } from '@/api/client'
import type { Option, OptionSource, RemoteOptions, Row } from '@/pages/types'

export function isRemote(source: OptionSource | RemoteOptions | undefined): source is RemoteOptions {
  return typeof source === 'object' && source !== null && !Array.isArray(source) && 'api' in source
}

export function toOptions(remote: RemoteOptions, rows: Row[]): Option[] {
  return rows.map((row) => ({ label: remote.label(row), value: String(row[remote.value ?? 'id']) }))
}

/** The first 20 rows matching `keyword`, as options; a refused search offers nothing (the select stays empty). */
export async function searchOptions(remote: RemoteOptions, keyword: string): Promise<Option[]> {
  try {
    const query = { ...(remote.query ?? {}), keyword: keyword.trim(), page_size: 20, with_options: 0 }
    const body = await api.get<{ data_list?: Row[] }>(remote.api, query)
    return toOptions(remote, body.data_list ?? [])
  } catch {
    return []
  }
}

/** A search as the user types, with the flag its select shows while waiting: a form's remote field and a row
 * action's chooser search alike. */
export function useRemoteSearch(): { searching: Ref<boolean>; search: (remote: RemoteOptions, keyword: string) => Promise<Option[]> } {
  const searching = ref(false)
  async function search(remote: RemoteOptions, keyword: string): Promise<Option[]> {
    searching.value = true
    try {
      return await searchOptions(remote, keyword)
    } finally {
      searching.value = false
    }
  }
  return { searching, search }
}

/** The option of the row a saved value points at, so a form opened to edit shows its name, not the bare id. It asks
 * the searched list's own detail route (`<api>/<id>`: the list routes take no id filter, and the detail is guarded by
 * the same `:list` grant as the search). Null when the value is not an id or the row is refused (deleted, not
 * granted): the form then shows the id, as it always did. */
export async function optionOf(remote: RemoteOptions, value: string): Promise<Option | null> {
  if ((remote.value ?? 'id') !== 'id' || !/^\d+$/.test(value)) return null
  try {
    return { label: remote.label(await api.get<Row>(`${remote.api}/${value}`)), value }
  } catch {
    return null
  }
}
