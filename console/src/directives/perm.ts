// v-perm="'crm:customer:review'" (or an array: all required): the element is removed when the user lacks the
// permission, so a button the user may not use is never shown (the API refuses it anyway).
import type { Directive } from 'vue'

export type PermissionCheck = (codes: string[]) => boolean

export function createPermDirective(check: PermissionCheck): Directive<HTMLElement, string | string[]> {
  const apply = (el: HTMLElement, value: string | string[]) => {
    const codes = (Array.isArray(value) ? value : [value]).filter(Boolean)
    if (codes.length && !check(codes)) el.parentNode?.removeChild(el)
  }
  return {
    mounted: (el, binding) => apply(el, binding.value),
  }
}
