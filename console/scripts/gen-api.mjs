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

export async function generate(url) {
  const res = await fetch(`${url}/openapi.json?refresh=1`)
  if (!res.ok) throw new Error(`${url}/openapi.json answered ${res.status}`)
  const document = await res.json()
  const ast = await openapiTS(document, { alphabetize: true })
  return '// Generated from the gateway\'s merged /openapi.json by `npm run gen:api`: do not edit.\n' + astToString(ast)
}

const text = await generate(base)
if (check) {
  const committed = await readFile(target, 'utf8').catch(() => '')
  if (committed !== text) {
    console.error(`src/api/schema.d.ts differs from what ${base}/openapi.json generates: run npm run gen:api`)
    process.exit(1)
  }
  console.log('src/api/schema.d.ts matches the live OpenAPI')
} else {
  await writeFile(target, text)
  console.log(`wrote src/api/schema.d.ts from ${base}/openapi.json`)
}
