#!/usr/bin/env bash
# Shared first steps of ./scripts/start and ./scripts/test: the virtualenv with pinned dependencies, every
# part (shared, the gateway, each service) installed in editable mode from its own pyproject.toml, and a
# clear word if PostgreSQL, RabbitMQ or Redis is not reachable. Idempotent: a second run installs nothing.
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
# Each part is a package with its own pyproject.toml, installed in editable mode (the code runs from this
# checkout). Reinstall only when a part's pyproject.toml, the set of parts or this checkout's path changed,
# or when a part no longer imports from here; no dependencies and no build isolation (setuptools is pinned
# in requirements.txt), so it needs no network.
parts=(shared gateway)
for project in services/*/pyproject.toml; do parts+=("$(dirname "$project")"); done
stamp=".venv/.parts.sha256"
want="$( { echo "$ROOT"; for part in "${parts[@]}"; do echo "$part"; cat "$part/pyproject.toml"; done; } | sha256sum | cut -d' ' -f1)"
# Before the parts were packages, a .pth file put their source folders on the path; it must not linger.
site="$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
rm -f "$site/healthcard_suite.pth"
installed_here() {  # -I: the working directory must not stand in for an install
  .venv/bin/python -I - "$ROOT" "${parts[@]}" <<'PY'
import importlib.util, pathlib, sys
root = pathlib.Path(sys.argv[1]).resolve()
for part in sys.argv[2:]:
    name = pathlib.Path(part).name
    spec = importlib.util.find_spec(name)
    where = list(spec.submodule_search_locations or []) if spec else []
    if not any(pathlib.Path(path).resolve() == root / part / ("" if name == "shared" else name) for path in where):
        sys.exit(1)
PY
}
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] || ! installed_here; then
  echo "» installing the parts in editable mode: ${parts[*]}"
  editable=()
  for part in "${parts[@]}"; do editable+=(-e "./$part"); done
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation "${editable[@]}"
  echo "$want" > "$stamp"
fi

.venv/bin/python -m shared.admin check-services
