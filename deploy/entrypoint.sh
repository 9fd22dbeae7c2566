#!/bin/sh
# api | worker | migrate | demo (all parts), migrate-part | demo-part (the part named by $PART).
set -eu
case "${1:-api}" in
  api)
    port=$(python -c "from shared.settings import SuiteSettings; print(SuiteSettings().port('$PART'))")
    exec uvicorn "$PART.main:create_app" --factory --host 0.0.0.0 --port "$port" --no-access-log ;;
  worker)
    exec python -m "$PART.worker" ;;
  migrate)
    python -m shared.admin ensure-keys
    python -m shared.admin create-databases
    exec python -m shared.admin migrate ;;
  migrate-part)
    # Kubernetes: each API pod migrates its own database before it starts (an advisory lock serialises replicas).
    exec python -m shared.admin migrate "$PART" ;;
  demo-part)
    if python -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('$PART.demo') is None)"; then
      exec python -m "$PART.demo"
    fi ;;
  demo)
    for part in gateway crm cards health mall escort reports; do
      if python -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('$part.demo') is None)"; then
        python -m "$part.demo"
      fi
    done ;;
  *)
    exec "$@" ;;
esac
