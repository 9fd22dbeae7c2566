"""docker-compose.yml cannot be run here (no Docker engine), so this keeps it complete and consistent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from shared.settings import DEFAULT_PORTS, REPO_ROOT, SERVICES

PARTS = ("gateway", *SERVICES)


def _compose() -> dict[str, Any]:
    return yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())


def test_backing_services_have_healthchecks() -> None:
    services = _compose()["services"]
    for name in ("postgres", "rabbitmq", "redis"):
        assert "healthcheck" in services[name], name


def test_every_part_runs_an_api_and_a_worker_in_start_order() -> None:
    services = _compose()["services"]
    for part in PARTS:
        api, worker = services[part], services[f"{part}-worker"]
        port = DEFAULT_PORTS[part]
        assert api["environment"]["PART"] == part and api["command"] == ["api"]
        assert f"{port}:{port}" in api["ports"]
        assert f"http://127.0.0.1:{port}/readyz" in " ".join(api["healthcheck"]["test"])
        assert api["depends_on"]["demo"]["condition"] == "service_completed_successfully"
        for backing in ("rabbitmq", "redis"):
            assert api["depends_on"][backing]["condition"] == "service_healthy"
        assert worker["environment"]["PART"] == part and worker["command"] == ["worker"]
        assert worker["depends_on"][part]["condition"] == "service_healthy"
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services["demo"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_services_find_each_other_by_compose_name() -> None:
    env = _compose()["services"]["gateway"]["environment"]
    urls = yaml.safe_load(env["SUITE_SERVICE_URLS"])
    for part in PARTS:
        assert urls[part] == f"http://{part}:{DEFAULT_PORTS[part]}"
    assert "@postgres:5432" in env["SUITE_DATABASE_URL_TEMPLATE"]
    assert "@rabbitmq:5672" in env["SUITE_AMQP_URL"] and "redis:6379" in env["SUITE_REDIS_URL"]


def test_the_image_builds_every_part_from_one_dockerfile() -> None:
    dockerfile = (REPO_ROOT / "deploy" / "Dockerfile").read_text()
    for part in PARTS:
        folder = "gateway" if part == "gateway" else f"services/{part}"
        assert f"/app/{folder}" in dockerfile, part
    entrypoint = (REPO_ROOT / "deploy" / "entrypoint.sh").read_text()
    for command in ("api)", "worker)", "migrate)", "demo)"):
        assert command in entrypoint
    assert Path(REPO_ROOT / "requirements.txt").exists()
