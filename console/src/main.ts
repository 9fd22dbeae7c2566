import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { router } from './router'
import { whenSessionExpires } from './api/client'
import { createPermDirective } from './directives/perm'
import { useSession } from './stores/session'
import './styles.css'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(router)
const session = useSession(pinia)
app.directive('perm', createPermDirective((codes) => session.can(codes)))

// The refresh token was refused too: back to the login page, and to this page after logging in again.
whenSessionExpires(() => {
  session.forget()
  const current = router.currentRoute.value
  if (current.path !== '/login') void router.replace({ path: '/login', query: { redirect: current.fullPath, expired: '1' } })
})

app.mount('#app')
