#!/usr/bin/env bash
# Shared first steps of ./scripts/start and ./scripts/test: the virtualenv with pinned dependencies,
# the source roots on its path, and a clear word if PostgreSQL, RabbitMQ or Redis is not reachable.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON_BIN="${PYTHON:-python3}"

if [ ! -x .venv/bin/python ]; then
  echo "» creating the virtualenv in .venv"
  "$PYTHON_BIN" -m venv .venv
fi
# Reinstall only when requirements.txt changed since the last install.
stamp=".venv/.requirements.sha256"
want="$(sha256sum requirements.txt | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "» installing pinned dependencies (requirements.txt)"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip==24.3.1
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
  echo "$want" > "$stamp"
fi
# The gateway, every service and ./shared import side by side from their source folders.
site="$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
printf '%s\n' "$ROOT" "$ROOT/gateway" "$ROOT"/services/{crm,cards,health,mall,escort,reports} > "$site/healthcard_suite.pth"

.venv/bin/python -m shared.admin check-services
