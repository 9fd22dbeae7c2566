// Loads one record for a detail page; a 404 (missing, or outside the user's data scope) shows the 404 page.
import { ref, watch, type Ref } from 'vue'
import { ApiError, api } from '@/api/client'
import type { Row } from '@/pages/types'

export function useRecord(path: () => string): { record: Ref<Row | null>; missing: Ref<boolean>; error: Ref<string>; reload: () => Promise<void> } {
  const record = ref<Row | null>(null)
  const missing = ref(false)
  const error = ref('')
  async function reload(): Promise<void> {
    error.value = ''
    try {
      record.value = await api.get<Row>(path())
      missing.value = false
    } catch (e) {
      if (e instanceof ApiError && (e.status === 404 || e.status === 422)) missing.value = true
      else error.value = e instanceof Error ? e.message : String(e)
    }
  }
  watch(path, reload, { immediate: true })
  return { record, missing, error, reload }
}
