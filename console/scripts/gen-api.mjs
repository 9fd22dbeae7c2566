// Regenerates src/api/schema.d.ts from a running gateway's merged OpenAPI:
//   npm run gen:api                      (gateway at http://127.0.0.1:8000)
//   npm run gen:api -- http://host:port  (another gateway)
//   npm run gen:api -- --check URL       (exit 1 when the committed file differs: the console and API drifted)
import openapiTS, { astToString } from 'openapi-typescript'
import { readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'

const args = process.argv.slice(2)
const check = args.includes('--check')
const base = (args.find((a) => !a.startsWith('--')) ?? process.env.CONSOLE_API ?? 'http://127.0.0.1:8000').replace(/\/$/, '')
const target = fileURLToPath(new URL('../src/api/schema.d.ts', import.meta.url))
const rowsTarget = fileURLToPath(new URL('../src/api/rows.json', import.meta.url))

/** GET list route -> its query parameters and the field names of its row model (`data_list` items): what the
 * page configurations may name (tests/unit/pages.test.ts). */
function listRows(document) {
  const schemas = document.components?.schemas ?? {}
  const resolve = (s) => {
    let seen = 0
    while (s && s.$ref && seen++ < 10) s = schemas[s.$ref.split('/').pop()]
    if (s?.allOf?.length === 1) return resolve(s.allOf[0])
    return s
  }
  const rows = {}
  for (const [path, ops] of Object.entries(document.paths ?? {})) {
    const schema = resolve(ops.get?.responses?.['200']?.content?.['application/json']?.schema)
    const items = resolve(schema?.properties?.data_list?.items)
    const query = (ops.get?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name).sort()
    if (items?.properties) rows[path] = { query, row: Object.keys(items.properties).sort() }
  }
  for (const [path, ops] of Object.entries(document.paths ?? {})) {
    for (const method of ['post', 'put', 'patch']) {
      const body = resolve(ops[method]?.requestBody?.content?.['application/json']?.schema)
      if (body?.properties) {
        rows[`${method.toUpperCase()} ${path}`] = { body: Object.keys(body.properties).sort(), required: (body.required ?? []).sort() }
      }
    }
  }
  return Object.fromEntries(Object.entries(rows).sort(([a], [b]) => a.localeCompare(b)))
}

// The gateway merges each service's document; one that misses its fetch timeout under load is left out of
// that answer. Ask again (a few times) until every part is in, so drift is never a slow service.
const PARTS = ['/api/auth/', '/api/crm/', '/api/cards/', '/api/health/', '/api/mall/', '/api/escort/', '/api/reports/']

async function mergedDocument(url) {
  let missing = PARTS
  for (let attempt = 1; attempt <= 6; attempt += 1) {
    const res = await fetch(`${url}/openapi.json?refresh=1`)
    if (!res.ok) throw new Error(`${url}/openapi.json answered ${res.status}`)
    const document = await res.json()
    const paths = Object.keys(document.paths ?? {})
    missing = PARTS.filter((part) => !paths.some((p) => p.startsWith(part)))
    if (!missing.length) return document
    await new Promise((resolve) => setTimeout(resolve, 2000 * attempt))
  }
  throw new Error(`${url}/openapi.json keeps leaving out ${missing.join(' ')}`)
}

export async function generate(url) {
  const document = await mergedDocument(url)
  const ast = await openapiTS(document, { alphabetize: true })
  const types = '// Generated from the gateway\'s merged /openapi.json by `npm run gen:api`: do not edit.\n' + astToString(ast)
  return { types, rows: JSON.stringify(listRows(document), null, 1) + '\n' }
}

const { types, rows } = await generate(base)
if (check) {
  const committed = await readFile(target, 'utf8').catch(() => '')
  const committedRows = await readFile(rowsTarget, 'utf8').catch(() => '')
  if (committed !== types || committedRows !== rows) {
    console.error(`src/api/schema.d.ts or rows.json differs from what ${base}/openapi.json generates: run npm run gen:api`)
    // The lines that differ (a few), so the drift is named, not just detected.
    for (const [name, old, fresh] of [['schema.d.ts', committed, types], ['rows.json', committedRows, rows]]) {
      const before = new Set(old.split('\n'))
      const after = new Set(fresh.split('\n'))
      const gone = [...before].filter((l) => !after.has(l)).slice(0, 10)
      const added = [...after].filter((l) => !before.has(l)).slice(0, 10)
      for (const line of gone) console.error(`  ${name} - ${line.trim()}`)
      for (const line of added) console.error(`  ${name} + ${line.trim()}`)
    }
    process.exit(1)
  }
  console.log('src/api/schema.d.ts and rows.json match the live OpenAPI')
} else {
  await writeFile(target, types)
  await writeFile(rowsTarget, rows)
  console.log(`wrote src/api/schema.d.ts and src/api/rows.json from ${base}/openapi.json`)
}
