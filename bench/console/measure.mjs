// Drives headless Chromium against a running gateway and prints the console's figures as JSON:
//   node bench/console/measure.mjs http://127.0.0.1:8000
import { chromium } from '../../console/node_modules/playwright-core/index.mjs'
import { existsSync } from 'node:fs'

const BASE = (process.argv[2] ?? 'http://127.0.0.1:8000').replace(/\/$/, '')
const RUNS = Number(process.env.CONSOLE_BENCH_RUNS ?? 5)
const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync)
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-dev-shm-usage'] })

function assetsOf(page) {
  const urls = new Set()
  page.on('response', (res) => {
    const type = res.request().resourceType()
    if (type === 'script' || type === 'stylesheet') urls.add(new URL(res.url()).pathname)
  })
  return urls
}

const figures = { login_paint_ms: [], list_render_ms: [], list_rows: 0 }

// Login page: first contentful paint on a cold cache (a new context each run), and the assets it loads.
let loginAssets = new Set()
for (let i = 0; i < RUNS; i += 1) {
  const context = await browser.newContext()
  const page = await context.newPage()
  const assets = assetsOf(page)
  await page.goto(`${BASE}/login`, { waitUntil: 'networkidle' })
  const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null)
  figures.login_paint_ms.push(fcp)
  loginAssets = assets
  await context.close()
}

// Shell: log in, the home page, then the customer list at 100 rows a page, RUNS times.
const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
const page = await context.newPage()
const shellAssets = assetsOf(page)
await page.goto(`${BASE}/login`, { waitUntil: 'networkidle' })
await page.fill('input[name=username]', 'admin')
await page.fill('input[name=password]', process.env.CONSOLE_BENCH_PASSWORD ?? 'admin123')
await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('button[type=submit]')])
await page.waitForSelector('[data-test=dashboard]')
await page.waitForLoadState('networkidle')
const shellOnly = new Set(shellAssets)

await page.goto(`${BASE}/crm/customers`, { waitUntil: 'networkidle' })
await page.waitForSelector('.list-table tbody tr:not(.empty-row)')
const listAssets = new Set(shellAssets)
for (let i = 0; i < RUNS; i += 1) {
  await page.evaluate(() => performance.clearMeasures('list:render'))
  // Page size 100 through the pager, as a user would choose it.
  await page.locator('.pager .el-select').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: '100' }).click()
  await page.waitForFunction(() => performance.getEntriesByName('list:render').length > 0, null, { timeout: 15000 })
  figures.list_render_ms.push(await page.evaluate(() => performance.getEntriesByName('list:render').at(-1).duration))
  figures.list_rows = await page.locator('.list-table tbody tr:not(.empty-row)').count()
  await page.locator('.pager .el-select').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: '20' }).first().click()
  await page.waitForTimeout(300)
}
await browser.close()
console.log(JSON.stringify({
  ...figures,
  login_assets: [...loginAssets],
  shell_assets: [...shellOnly],
  list_assets: [...listAssets],
}))
