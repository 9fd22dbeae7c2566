import { defineStore } from 'pinia'
import { ref } from 'vue'

export interface Tab {
  path: string
  title: string
  /** keep-alive key: the route's component name */
  name: string
}

export const useTabs = defineStore('tabs', () => {
  const tabs = ref<Tab[]>([{ path: '/', title: '首页', name: 'Home' }])

  function open(tab: Tab): void {
    if (!tabs.value.some((t) => t.path === tab.path)) tabs.value.push(tab)
  }

  /** Closes a tab; returns the path to show when it was the current one. */
  function close(path: string): string | null {
    const index = tabs.value.findIndex((t) => t.path === path)
    if (index <= 0) return null
    tabs.value.splice(index, 1)
    return tabs.value[Math.min(index, tabs.value.length - 1)]?.path ?? '/'
  }

  /** Keeps the home tab and `path`. */
  function closeOthers(path: string): void {
    tabs.value = tabs.value.filter((t, i) => i === 0 || t.path === path)
  }

  function reset(): void {
    tabs.value = [{ path: '/', title: '首页', name: 'Home' }]
  }

  return { tabs, open, close, closeOthers, reset }
})
