// Money with two decimals and thousands separators; dates and times in Asia/Shanghai whatever the browser's zone.
const money = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
})
const dateOnly = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

export function formatMoney(value: unknown): string {
  if (value === null || value === undefined || value === '') return ''
  const n = typeof value === 'number' ? value : Number(value)
  return Number.isFinite(n) ? money.format(n) : String(value)
}

function parts(fmt: Intl.DateTimeFormat, d: Date): Record<string, string> {
  return Object.fromEntries(fmt.formatToParts(d).map((p) => [p.type, p.value]))
}

export function formatDateTime(value: unknown): string {
  if (!value) return ''
  const d = new Date(String(value))
  if (Number.isNaN(d.getTime())) return String(value)
  const p = parts(dateTime, d)
  const hour = p.hour === '24' ? '00' : p.hour
  return `${p.year}-${p.month}-${p.day} ${hour}:${p.minute}:${p.second}`
}

export function formatDate(value: unknown): string {
  if (!value) return ''
  const text = String(value)
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return text // a calendar date: no zone to convert
  const d = new Date(text)
  if (Number.isNaN(d.getTime())) return text
  const p = parts(dateOnly, d)
  return `${p.year}-${p.month}-${p.day}`
}

/** Today in Asia/Shanghai as YYYY-MM-DD (the business day of the reports). */
export function todayShanghai(now: Date = new Date()): string {
  const p = parts(dateOnly, now)
  return `${p.year}-${p.month}-${p.day}`
}
