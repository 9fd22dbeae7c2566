// A 422 problem's `errors[].field` -> the form field that shows it. The API names nested fields with dots
// (`contacts.0.phone`); such an error lands on the nearest field the form has (`contacts`). What no field
// claims is shown above the form, so no message is lost.
import type { FieldError } from '@/api/client'

export interface MappedErrors {
  byField: Record<string, string>
  general: string[]
}

export function mapFieldErrors(errors: FieldError[], fields: string[]): MappedErrors {
  const known = new Set(fields)
  const byField: Record<string, string> = {}
  const general: string[] = []
  for (const error of errors) {
    const parts = String(error.field ?? '').split('.')
    let target: string | null = null
    for (let n = parts.length; n > 0; n -= 1) {
      const candidate = parts.slice(0, n).join('.')
      if (known.has(candidate)) {
        target = candidate
        break
      }
    }
    if (target) {
      // A nested error says where under the field it is: `contacts.0.phone` -> "第1行 phone：…".
      const rest = parts.slice(target.split('.').length)
      const where = rest.length
        ? (/^\d+$/.test(rest[0]) ? `第${Number(rest[0]) + 1}行${rest.length > 1 ? ' ' + rest.slice(1).join('.') : ''}` : rest.join('.')) + '：'
        : ''
      const message = where + error.message
      byField[target] = byField[target] ? `${byField[target]}；${message}` : message
    }
    else general.push(error.field ? `${error.field}：${error.message}` : error.message)
  }
  return { byField, general }
}
