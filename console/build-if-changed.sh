#!/usr/bin/env bash
# Builds the admin console (console/dist, served by the gateway at /) when its sources changed since the last
# build. Without Node.js it says what to install and leaves the API running without the console.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

sources_hash() {
  find src public index.html package.json package-lock.json vite.config.ts tsconfig.json -type f -print0 2>/dev/null \
    | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1
}

want="$(sources_hash)"
if [ -f dist/index.html ] && [ "$(cat dist/.sources.sha256 2>/dev/null)" = "$want" ]; then
  exit 0
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "» admin console not built: Node.js 20 (node and npm) is needed (Debian: apt-get install nodejs npm)."
  echo "  The API and /docs work without it; then rerun ./scripts/start, or: cd console && npm ci && npm run build"
  exit 0
fi
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -d node_modules ] || [ "$(cat node_modules/.lock.sha256 2>/dev/null)" != "$lock_hash" ]; then
  echo "» installing the admin console's pinned packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > node_modules/.lock.sha256
fi
echo "» building the admin console (vite build)"
npm run build --silent
echo "$want" > dist/.sources.sha256
