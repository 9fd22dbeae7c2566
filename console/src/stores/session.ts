import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api, hasSession, request, setTokens, type Tokens } from '@/api/client'
import type { components } from '@/api/schema'

export type Me = components['schemas']['MeOut']

export const useSession = defineStore('session', () => {
  const me = ref<Me | null>(null)
  const permissions = computed(() => new Set(me.value?.permissions ?? []))
  const superuser = computed(() => Boolean(me.value?.user?.superuser))

  function can(code: string | string[]): boolean {
    const codes = Array.isArray(code) ? code : [code]
    return codes.every((c) => permissions.value.has(c))
  }

  async function login(username: string, password: string): Promise<void> {
    const tokens = await request<Tokens>('POST', '/api/auth/login', {
      body: { username, password },
      anonymous: true,
    })
    setTokens(tokens)
    await loadMe()
  }

  async function loadMe(): Promise<Me | null> {
    if (!hasSession()) return null
    me.value = await api.get<Me>('/api/auth/me')
    return me.value
  }

  async function logout(): Promise<void> {
    try {
      if (hasSession()) await api.post('/api/auth/logout')
    } catch {
      // the session may already be gone: logging out locally is what matters
    }
    forget()
  }

  function forget(): void {
    setTokens(null)
    me.value = null
  }

  return { me, permissions, superuser, can, login, loadMe, logout, forget }
})
