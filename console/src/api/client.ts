// The one HTTP client of the console: same origin as the gateway (`/api/...`), bearer token, one silent
// refresh on 401, RFC 9457 problems turned into ApiError so forms can show `errors[].field` on their fields.
import type { components } from './schema'

export type Tokens = components['schemas']['TokensOut']

export interface FieldError {
  field: string
  message: string
}

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly errors: FieldError[]
  readonly body: Record<string, unknown>

  constructor(status: number, body: Record<string, unknown>) {
    const detail = typeof body.detail === 'string' && body.detail ? body.detail : `请求失败（${status}）`
    super(detail)
    this.status = status
    this.code = typeof body.code === 'string' ? body.code : String(status)
    this.errors = Array.isArray(body.errors) ? (body.errors as FieldError[]) : []
    this.body = body
  }
}

const STORAGE_KEY = 'hc.tokens'

interface StoredTokens {
  access: string
  refresh: string
}

function readTokens(): StoredTokens | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY)
    return raw ? (JSON.parse(raw) as StoredTokens) : null
  } catch {
    return null
  }
}

let tokens: StoredTokens | null = readTokens()
let refreshing: Promise<boolean> | null = null
let onSessionExpired: () => void = () => undefined

export function setTokens(next: Tokens | null): void {
  tokens = next ? { access: next.access_token, refresh: next.refresh_token } : null
  if (tokens) localStorage.setItem(STORAGE_KEY, JSON.stringify(tokens))
  else localStorage.removeItem(STORAGE_KEY)
}

/** The Authorization header of the session (for the upload request, which needs XMLHttpRequest's progress). */
export function authorization(): string | null {
  return tokens ? `Bearer ${tokens.access}` : null
}

export function hasSession(): boolean {
  return tokens !== null
}

/** Called once when a request is refused and the refresh token is refused too (the session is over). */
export function whenSessionExpires(handler: () => void): void {
  onSessionExpired = handler
}

export type QueryValue = string | number | boolean | null | undefined | Array<string | number>
export type Query = Record<string, QueryValue>

export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue
    if (Array.isArray(value)) value.forEach((v) => params.append(key, String(v)))
    else params.append(key, String(value))
  }
  const qs = params.toString()
  return qs ? `${path}?${qs}` : path
}

interface RequestOptions {
  query?: Query
  body?: unknown
  form?: FormData
  /** Give the Response back as is (downloads). */
  raw?: boolean
  /** No bearer token and no refresh (login, refresh). */
  anonymous?: boolean
  /** Extra headers: an `Idempotency-Key`, so a repeated request is answered, not done again. */
  headers?: Record<string, string>
}

async function refreshOnce(): Promise<boolean> {
  if (!tokens) return false
  if (!refreshing) {
    const refreshToken = tokens.refresh
    refreshing = fetch('/api/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token: refreshToken }),
    })
      .then(async (res) => {
        if (!res.ok) return false
        setTokens((await res.json()) as Tokens)
        return true
      })
      .catch(() => false)
      .finally(() => {
        refreshing = null
      })
  }
  return refreshing
}

async function send(method: string, path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json, */*', ...options.headers }
  let body: BodyInit | undefined
  if (options.form) body = options.form
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(options.body)
  }
  if (!options.anonymous && tokens) headers.authorization = `Bearer ${tokens.access}`
  return fetch(buildUrl(path, options.query), { method, headers, body })
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  let res = await send(method, path, options)
  if (res.status === 401 && !options.anonymous && tokens) {
    if (await refreshOnce()) res = await send(method, path, options)
    if (res.status === 401) {
      setTokens(null)
      onSessionExpired()
    }
  }
  if (!res.ok) {
    let problem: Record<string, unknown> = {}
    try {
      problem = (await res.json()) as Record<string, unknown>
    } catch {
      problem = {}
    }
    throw new ApiError(res.status, problem)
  }
  if (options.raw) return res as unknown as T
  if (res.status === 204) return undefined as T
  return (await res.json()) as T
}

/** A fresh key for one user intention (one form's content, one click on 通过): its retries share it.
 * getRandomValues, not randomUUID: the console may be served over plain http, where only the former exists. */
export function newIdempotencyKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('')
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>) =>
    request<T>('POST', path, { body: body ?? {}, headers }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
  upload: <T>(path: string, form: FormData) => request<T>('POST', path, { form }),
}

/** Downloads a file the API answers with (xlsx exports, printer files): saves it under the server's name. */
export async function download(path: string, query?: Query, fallbackName = 'export.xlsx'): Promise<string> {
  const res = await request<Response>('GET', path, { query, raw: true })
  const disposition = res.headers.get('content-disposition') ?? ''
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition)
  const plain = /filename="?([^";]+)"?/i.exec(disposition)
  const name = star ? decodeURIComponent(star[1]) : plain ? plain[1] : fallbackName
  const blob = await res.blob()
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = name
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
  return name
}
