"""deploy/k8s without a cluster: both overlays render, every object validates against the Kubernetes schemas,
and every part has what running it safely at several replicas needs."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from functools import cache
from typing import Any

import kubernetes_validate
import pytest
import yaml

from shared.settings import DEFAULT_PORTS, REPO_ROOT

K8S = REPO_ROOT / "deploy" / "k8s"
PARTS = tuple(DEFAULT_PORTS)
KUBERNETES_VERSION = "1.32.0"
# Operator resources: kubernetes-validate has no schema for them; their required fields are checked below.
OPERATOR_KINDS = {"Cluster", "Database", "RabbitmqCluster"}

needs_kubectl = pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl is not installed")


@cache
def rendered(overlay: str) -> tuple[dict[str, Any], ...]:
    out = subprocess.run(
        ["kubectl", "kustomize", str(K8S / "overlays" / overlay)], capture_output=True, text=True, check=True
    ).stdout
    return tuple(doc for doc in yaml.safe_load_all(out) if doc)


def named(docs: tuple[dict[str, Any], ...], kind: str) -> dict[str, dict[str, Any]]:
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}


def test_committed_manifests_are_what_the_generator_writes() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("k8s_generate", K8S / "generate.py")
    assert spec and spec.loader
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    for name, text in generate.render().items():
        path = (K8S / name) if name.startswith("overlays/") else (K8S / "base" / name)
        assert path.read_text() == text, f"{path} is stale: run python deploy/k8s/generate.py"


@needs_kubectl
@pytest.mark.parametrize("overlay", ["dev", "prod"])
def test_overlay_renders_and_validates(overlay: str) -> None:
    docs = rendered(overlay)
    assert docs
    for doc in docs:
        if doc["kind"] in OPERATOR_KINDS:
            continue
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
    assert not [d for d in docs if d["kind"] == "Secret"], "secrets are made by the operator, never committed"


@needs_kubectl
@pytest.mark.parametrize("overlay", ["dev", "prod"])
def test_every_part_runs_an_api_and_a_worker_hardened(overlay: str) -> None:
    deployments = named(rendered(overlay), "Deployment")
    for part in PARTS:
        for role in ("api", "worker"):
            pod = deployments[f"{part}-{role}"]["spec"]["template"]["spec"]
            container = pod["containers"][0]
            assert container["args"] == [role]
            assert {"cpu", "memory"} <= set(container["resources"]["requests"]) & set(container["resources"]["limits"])
            security = container["securityContext"]
            assert security["runAsNonRoot"] and security["readOnlyRootFilesystem"]
            assert security["capabilities"]["drop"] == ["ALL"] and not security["allowPrivilegeEscalation"]
            assert "livenessProbe" in container
            assert pod["terminationGracePeriodSeconds"] >= 30
            env = {e["name"]: e for e in container["env"]}
            assert env["PART"]["value"] == part
            for secret_var in ("DB_PASSWORD", "AMQP_PASSWORD", "SUITE_SERVICE_SECRET"):
                assert "secretKeyRef" in env[secret_var]["valueFrom"], secret_var
        api = deployments[f"{part}-api"]["spec"]["template"]["spec"]
        probes = api["containers"][0]
        assert probes["readinessProbe"]["httpGet"]["path"] == "/readyz"
        assert probes["livenessProbe"]["httpGet"]["path"] == "/healthz"
        assert api["initContainers"][0]["args"] == ["migrate-part"]


@needs_kubectl
def test_prod_scales_and_protects_every_part() -> None:
    docs = rendered("prod")
    hpas, pdbs = named(docs, "HorizontalPodAutoscaler"), named(docs, "PodDisruptionBudget")
    deployments = named(docs, "Deployment")
    for part in PARTS:
        assert hpas[f"{part}-api"]["spec"]["minReplicas"] >= 2
        for role in ("api", "worker"):
            assert deployments[f"{part}-{role}"]["spec"]["replicas"] >= 2
            assert f"{part}-{role}" in pdbs
    assert named(docs, "Cluster")["suite-pg"]["spec"]["instances"] == 3
    assert named(docs, "RabbitmqCluster")["suite-rabbitmq"]["spec"]["replicas"] == 3


@needs_kubectl
def test_dev_runs_one_replica_and_loads_demo_data() -> None:
    docs = rendered("dev")
    assert not named(docs, "HorizontalPodAutoscaler") and not named(docs, "PodDisruptionBudget")
    assert all(d["spec"]["replicas"] == 1 for d in named(docs, "Deployment").values())
    demo = named(docs, "Job")["suite-demo"]["spec"]["template"]["spec"]
    loaders = [c["env"][0]["value"] for c in [*demo["initContainers"], *demo["containers"]]]
    assert loaders == list(PARTS)  # the gateway (admin, roles) first


@needs_kubectl
def test_only_the_gateway_is_exposed_and_network_policies_fence_every_part() -> None:
    docs = rendered("prod")
    ingresses = named(docs, "Ingress")
    backends = {
        path["backend"]["service"]["name"]
        for ingress in ingresses.values()
        for rule in ingress["spec"]["rules"]
        for path in rule["http"]["paths"]
    }
    assert backends == {"gateway"}
    policies = named(docs, "NetworkPolicy")
    assert policies["default-deny-ingress"]["spec"]["podSelector"] == {}
    for part in PARTS:
        if part == "gateway":
            continue
        rule = policies[f"{part}-api-from-gateway-and-services"]["spec"]["ingress"][0]
        sources = [peer.get("podSelector", {}).get("matchLabels", {}) for peer in rule["from"]]
        assert {"app.kubernetes.io/name": "gateway", "app.kubernetes.io/component": "api"} in sources
    pods = named(docs, "Deployment")
    for backing in ("postgres", "rabbitmq", "redis"):
        assert f"{backing}-from-its-users" in policies
    # Pods carry the labels the backing-service policies admit: each part its database, only some Redis.
    for part in PARTS:
        labels = pods[f"{part}-api"]["spec"]["template"]["metadata"]["labels"]
        assert labels.get("suite.healthcard/uses-postgres") == "true"
    assert "suite.healthcard/uses-redis" in pods["gateway-api"]["spec"]["template"]["metadata"]["labels"]
    assert "suite.healthcard/uses-redis" not in pods["reports-api"]["spec"]["template"]["metadata"]["labels"]


@needs_kubectl
def test_operator_resources_give_each_service_its_database_and_owner() -> None:
    docs = rendered("prod")
    cluster = named(docs, "Cluster")["suite-pg"]
    roles = {r["name"] for r in cluster["spec"]["managed"]["roles"]}
    databases = {d["spec"]["name"]: d["spec"]["owner"] for d in named(docs, "Database").values()}
    services = set(PARTS) - {"gateway"}
    assert roles == services
    assert databases == {s: s for s in services}
    assert cluster["spec"]["bootstrap"]["initdb"]["database"] == "gateway"


@needs_kubectl
def test_every_api_and_worker_is_scraped_and_the_dashboard_shows_the_operator_figures() -> None:
    import json

    for deployment in named(rendered("prod"), "Deployment").values():
        annotations = deployment["spec"]["template"]["metadata"]["annotations"]
        assert annotations["prometheus.io/scrape"] == "true"
        ports = [p["containerPort"] for p in deployment["spec"]["template"]["spec"]["containers"][0]["ports"]]
        assert int(annotations["prometheus.io/port"]) in ports
    dashboard = json.loads((K8S / "base" / "monitoring" / "grafana-dashboard.json").read_text())
    exprs = " ".join(t["expr"] for panel in dashboard["panels"] for t in panel["targets"])
    for metric in ("http_requests_total", "http_request_duration_seconds_bucket", "bus_outbox_unpublished",
                   "bus_relay_lag_seconds_bucket", "bus_events_consumed_total", "bus_events_retried_total",
                   "bus_events_parked_total", "scheduler_job_runs_total"):
        assert metric in exprs, metric


async def test_replicas_starting_together_migrate_once() -> None:
    """Two `migrate-part` init containers of the same part at once: the advisory lock lets one migrate while the
    other waits, then finds the database at head (without it, both run the first migration and one fails)."""
    from shared.settings import SuiteSettings

    suite = SuiteSettings()
    env = {**os.environ, "SUITE_DB_PREFIX": f"{suite.db_prefix}k8slock_"}

    def admin(*args: str) -> asyncio.subprocess.Process:
        return asyncio.create_subprocess_exec(sys.executable, "-m", "shared.admin", *args, env=env,
                                              stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)

    for command in ("drop-databases", "create-databases"):
        assert await (await admin(command, "crm")).wait() == 0
    try:
        first, second = await asyncio.gather(admin("migrate", "crm"), admin("migrate", "crm"))
        outputs = await asyncio.gather(first.communicate(), second.communicate())
        assert (first.returncode, second.returncode) == (0, 0), [o[0].decode()[-2000:] for o in outputs]
    finally:
        await (await admin("drop-databases", "crm")).wait()
