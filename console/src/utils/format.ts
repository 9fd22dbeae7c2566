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

/** Money as the API takes it: a decimal string (the API refuses JSON numbers and does not trim spaces). */
export function moneyText(value: unknown): string {
  return String(value).trim()
}

function parts(fmt: Intl.DateTimeFormat, d: Date): Record<string, string> {
  return Object.fromEntries(fmt.formatToParts(d).map((p) => [p.type, p.value]))
}

// Asia/Shanghai has had no daylight saving since 1991: a fixed +08:00 shift is exact and much cheaper than
// Intl per cell (a 100-row list formats hundreds of times).
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000
const pad = (n: number) => String(n).padStart(2, '0')

export function formatDateTime(value: unknown): string {
  if (!value) return ''
  const d = new Date(String(value))
  if (Number.isNaN(d.getTime())) return String(value)
  if (d.getUTCFullYear() < 1992) {
    const p = parts(dateTime, d)
    return `${p.year}-${p.month}-${p.day} ${p.hour === '24' ? '00' : p.hour}:${p.minute}:${p.second}`
  }
  const s = new Date(d.getTime() + SHANGHAI_OFFSET_MS)
  return `${s.getUTCFullYear()}-${pad(s.getUTCMonth() + 1)}-${pad(s.getUTCDate())} ${pad(s.getUTCHours())}:${pad(s.getUTCMinutes())}:${pad(s.getUTCSeconds())}`
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
