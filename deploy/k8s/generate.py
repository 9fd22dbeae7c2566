"""Writes the kustomize base in deploy/k8s/base/ from one description of the suite's parts.

Fourteen Deployments, seven Services, HPAs, PDBs and NetworkPolicies differ only by part name, port and
the backing services a part talks to, so they are generated from the table below rather than copied by
hand; `tests/deploy/test_k8s.py` fails when the committed files differ from what this script writes.
Run it after changing a part's needs: `python deploy/k8s/generate.py`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from shared.settings import DEFAULT_PORTS

HERE = Path(__file__).resolve().parent
BASE = HERE / "base"
DEV = HERE / "overlays" / "dev"
IMAGE = "healthcard-suite"
PART_OF = {"app.kubernetes.io/part-of": "healthcard-suite"}
PARTS = tuple(DEFAULT_PORTS)
SERVICES = tuple(p for p in PARTS if p != "gateway")
# Which backing services each part reaches (NetworkPolicies let nothing else in).
NEEDS: dict[str, tuple[str, ...]] = {
    "gateway": ("postgres", "rabbitmq", "redis"),
    **{service: ("postgres", "rabbitmq") for service in SERVICES},
    "cards": ("postgres", "rabbitmq", "redis"),  # card-binding throttle
}
# Parts that keep uploaded files (contract attachments, goods images) on the shared volume.
KEEPS_FILES = ("crm", "mall")
WORKER_METRICS_OFFSET = 1000  # a worker serves its metrics at its API port + 1000
UID = 10001  # the `suite` user of deploy/Dockerfile


def _labels(part: str, role: str) -> dict[str, str]:
    return {"app.kubernetes.io/name": part, "app.kubernetes.io/component": role, **PART_OF}


def _selector(part: str, role: str) -> dict[str, str]:
    return {"app.kubernetes.io/name": part, "app.kubernetes.io/component": role}


def _container_security() -> dict[str, Any]:
    return {
        "runAsNonRoot": True,
        "runAsUser": UID,
        "runAsGroup": UID,
        "readOnlyRootFilesystem": True,
        "allowPrivilegeEscalation": False,
        "capabilities": {"drop": ["ALL"]},
        "seccompProfile": {"type": "RuntimeDefault"},
    }


def _env(part: str) -> list[dict[str, Any]]:
    # Each part logs in to PostgreSQL as its own role (CloudNativePG managed roles, secret suite-db-<part>);
    # $(DB_USER)/$(DB_PASSWORD) are expanded by Kubernetes from the two variables defined before them.
    return [
        {"name": "PART", "value": part},
        {"name": "DB_USER", "valueFrom": {"secretKeyRef": {"name": f"suite-db-{part}", "key": "username"}}},
        {"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": f"suite-db-{part}", "key": "password"}}},
        {
            "name": "SUITE_DATABASE_URL_TEMPLATE",
            "value": "postgresql+asyncpg://$(DB_USER):$(DB_PASSWORD)@suite-pg-rw:5432/{db}",
        },
        {
            "name": "AMQP_USER",
            "valueFrom": {"secretKeyRef": {"name": "suite-rabbitmq-default-user", "key": "username"}},
        },
        {
            "name": "AMQP_PASSWORD",
            "valueFrom": {"secretKeyRef": {"name": "suite-rabbitmq-default-user", "key": "password"}},
        },
        {"name": "SUITE_AMQP_URL", "value": "amqp://$(AMQP_USER):$(AMQP_PASSWORD)@suite-rabbitmq:5672/"},
        {
            "name": "SUITE_SERVICE_SECRET",
            "valueFrom": {"secretKeyRef": {"name": "suite-service-secret", "key": "secret"}},
        },
    ]


def _volumes(part: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    volumes: list[dict[str, Any]] = [
        {"name": "tmp", "emptyDir": {}},
        {"name": "identity-keys", "secret": {"secretName": "suite-identity-keys", "defaultMode": 0o440}},
    ]
    mounts: list[dict[str, Any]] = [
        {"name": "tmp", "mountPath": "/tmp"},
        {"name": "identity-keys", "mountPath": "/var/run/suite/keys", "readOnly": True},
    ]
    if part in KEEPS_FILES:
        volumes.append({"name": "files", "persistentVolumeClaim": {"claimName": "suite-files"}})
        mounts.append({"name": "files", "mountPath": "/app/var/files"})
    return volumes, mounts


def _pod_labels(part: str, role: str) -> dict[str, str]:
    labels = _labels(part, role)
    for backing in NEEDS[part]:
        labels[f"suite.healthcard/uses-{backing}"] = "true"
    return labels


def _deployment(part: str, role: str) -> dict[str, Any]:
    port = DEFAULT_PORTS[part]
    metrics_port = port if role == "api" else port + WORKER_METRICS_OFFSET
    volumes, mounts = _volumes(part)
    container: dict[str, Any] = {
        "name": role,
        "image": IMAGE,
        "imagePullPolicy": "IfNotPresent",
        "args": [role],
        "envFrom": [{"configMapRef": {"name": "suite-config"}}],
        "env": _env(part),
        "ports": [{"name": "http" if role == "api" else "metrics", "containerPort": metrics_port}],
        "resources": {
            "requests": {"cpu": "100m", "memory": "192Mi"},
            "limits": {"cpu": "1", "memory": "512Mi"},
        },
        "securityContext": _container_security(),
        "volumeMounts": mounts,
    }
    if role == "api":
        container["readinessProbe"] = {
            "httpGet": {"path": "/readyz", "port": "http"},
            "periodSeconds": 5,
            "failureThreshold": 3,
        }
        container["livenessProbe"] = {
            "httpGet": {"path": "/healthz", "port": "http"},
            "periodSeconds": 10,
            "failureThreshold": 6,
        }
        container["startupProbe"] = {
            "httpGet": {"path": "/healthz", "port": "http"},
            "periodSeconds": 2,
            "failureThreshold": 60,
        }
        # The endpoint is taken out of the Service before SIGTERM reaches uvicorn, which then finishes the
        # requests in flight.
        container["lifecycle"] = {"preStop": {"exec": {"command": ["sleep", "5"]}}}
    else:
        # The worker's metrics server is its liveness: it stops answering when the event loop is stuck.
        container["livenessProbe"] = {
            "httpGet": {"path": "/metrics", "port": "metrics"},
            "periodSeconds": 15,
            "failureThreshold": 4,
        }
    pod_spec: dict[str, Any] = {
        "serviceAccountName": "suite",
        "automountServiceAccountToken": False,
        # A worker finishes its batch (one transaction) and its relay its confirms before exiting.
        "terminationGracePeriodSeconds": 30 if role == "api" else 60,
        "securityContext": {"runAsNonRoot": True, "fsGroup": UID, "seccompProfile": {"type": "RuntimeDefault"}},
        "containers": [container],
        "volumes": volumes,
    }
    if role == "api":
        # Migrations run before the API starts, under a PostgreSQL advisory lock: replicas rolling out at once
        # wait for each other instead of migrating twice (`migrate-part` in deploy/entrypoint.sh).
        pod_spec["initContainers"] = [
            {
                "name": "migrate",
                "image": IMAGE,
                "imagePullPolicy": "IfNotPresent",
                "args": ["migrate-part"],
                "envFrom": [{"configMapRef": {"name": "suite-config"}}],
                "env": _env(part),
                "resources": {
                    "requests": {"cpu": "50m", "memory": "128Mi"},
                    "limits": {"cpu": "500m", "memory": "256Mi"},
                },
                "securityContext": _container_security(),
                "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}],
            }
        ]
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": f"{part}-{role}", "labels": _labels(part, role)},
        "spec": {
            "replicas": 2,
            "revisionHistoryLimit": 3,
            "selector": {"matchLabels": _selector(part, role)},
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}},
            "template": {
                "metadata": {
                    "labels": _pod_labels(part, role),
                    "annotations": {
                        "prometheus.io/scrape": "true",
                        "prometheus.io/port": str(metrics_port),
                        "prometheus.io/path": "/metrics",
                    },
                },
                "spec": pod_spec,
            },
        },
    }


def _service(part: str) -> dict[str, Any]:
    port = DEFAULT_PORTS[part]
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": part, "labels": _labels(part, "api")},
        "spec": {
            "selector": _selector(part, "api"),
            "ports": [{"name": "http", "port": port, "targetPort": "http"}],
        },
    }


def _hpa(part: str) -> dict[str, Any]:
    return {
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": {"name": f"{part}-api", "labels": _labels(part, "api")},
        "spec": {
            "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": f"{part}-api"},
            "minReplicas": 2,
            "maxReplicas": 6,
            "metrics": [
                {
                    "type": "Resource",
                    "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}},
                }
            ],
        },
    }


def _pdb(part: str, role: str) -> dict[str, Any]:
    return {
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": {"name": f"{part}-{role}", "labels": _labels(part, role)},
        "spec": {"maxUnavailable": 1, "selector": {"matchLabels": _selector(part, role)}},
    }


def _network_policies() -> list[dict[str, Any]]:
    def policy(name: str, pod_selector: dict[str, Any], ingress: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "apiVersion": "networking.k8s.io/v1",
            "kind": "NetworkPolicy",
            "metadata": {"name": name, "labels": dict(PART_OF)},
            "spec": {"podSelector": pod_selector, "policyTypes": ["Ingress"], "ingress": ingress},
        }

    def from_pods(labels: dict[str, str]) -> dict[str, Any]:
        return {"podSelector": {"matchLabels": labels}}

    prometheus = {
        "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "monitoring"}},
    }
    api_pods = [{"app.kubernetes.io/component": "api", "app.kubernetes.io/name": s} for s in SERVICES]
    policies = [
        # Nothing reaches a pod of the namespace unless a policy below lets it in.
        policy("default-deny-ingress", {}, []),
        policy(
            "gateway-from-ingress",
            {"matchLabels": _selector("gateway", "api")},
            [
                {
                    "from": [
                        {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}}},
                        prometheus,
                    ],
                    "ports": [{"port": DEFAULT_PORTS["gateway"]}],
                }
            ],
        ),
    ]
    for service in SERVICES:
        # The gateway proxies /api, /app and /partner; other services' APIs call /internal (the gateway never
        # forwards /internal, so that path is reachable from the services only).
        callers = [
            from_pods(_selector("gateway", "api")),
            *[from_pods(p) for p in api_pods if p["app.kubernetes.io/name"] != service],
        ]
        callers += [from_pods({"app.kubernetes.io/component": "worker"}), prometheus]
        policies.append(
            policy(
                f"{service}-api-from-gateway-and-services",
                {"matchLabels": _selector(service, "api")},
                [{"from": callers, "ports": [{"port": DEFAULT_PORTS[service]}]}],
            )
        )
    policies.append(
        policy(
            "worker-metrics-from-prometheus",
            {"matchLabels": {"app.kubernetes.io/component": "worker"}},
            [{"from": [prometheus], "ports": [{"port": DEFAULT_PORTS[p] + WORKER_METRICS_OFFSET} for p in PARTS]}],
        )
    )
    backing_selectors = {
        "postgres": ({"cnpg.io/cluster": "suite-pg"}, [5432]),
        "rabbitmq": ({"app.kubernetes.io/name": "suite-rabbitmq"}, [5672]),
        "redis": ({"app.kubernetes.io/name": "redis"}, [6379]),
    }
    for backing, (selector, ports) in backing_selectors.items():
        peers: list[dict[str, Any]] = [from_pods({f"suite.healthcard/uses-{backing}": "true"})]
        if backing in ("postgres", "rabbitmq"):
            # The operators manage their clusters (replication, health checks) from their own namespaces
            # and between the cluster's own pods.
            peers.append({"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": f"{backing}-operator"}}})
            peers.append(from_pods(selector))
        rules: list[dict[str, Any]] = [{"from": peers, "ports": [{"port": p} for p in ports]}]
        if backing != "redis":
            rules.append({"from": [from_pods(selector)]})  # cluster-internal traffic on every port
        policies.append(policy(f"{backing}-from-its-users", {"matchLabels": selector}, rules))
    return policies


def _config() -> dict[str, Any]:
    urls = {part: f"http://{part}:{DEFAULT_PORTS[part]}" for part in PARTS}
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "suite-config", "labels": dict(PART_OF)},
        "data": {
            "SUITE_ENV": "production",
            "SUITE_HOST": "0.0.0.0",
            "SUITE_LOG_JSON": "true",
            "SUITE_LOG_LEVEL": "INFO",
            "SUITE_REDIS_URL": "redis://redis:6379/0",
            "SUITE_SERVICE_URLS": json.dumps(urls, separators=(",", ":")),
            "SUITE_IDENTITY_PRIVATE_KEY_FILE": "/var/run/suite/keys/identity_ed25519.pem",
            "SUITE_IDENTITY_PUBLIC_KEY_FILE": "/var/run/suite/keys/identity_ed25519.pub.pem",
        },
    }


def _postgres() -> list[dict[str, Any]]:
    cluster = {
        "apiVersion": "postgresql.cnpg.io/v1",
        "kind": "Cluster",
        "metadata": {"name": "suite-pg", "labels": dict(PART_OF)},
        "spec": {
            "instances": 1,
            "imageName": "ghcr.io/cloudnative-pg/postgresql:16",
            "storage": {"size": "10Gi"},
            "bootstrap": {
                "initdb": {"database": "gateway", "owner": "gateway", "secret": {"name": "suite-db-gateway"}}
            },
            "managed": {
                "roles": [
                    {"name": part, "ensure": "present", "login": True, "passwordSecret": {"name": f"suite-db-{part}"}}
                    for part in SERVICES
                ]
            },
            "monitoring": {"enablePodMonitor": False},
        },
    }
    databases = [
        {
            "apiVersion": "postgresql.cnpg.io/v1",
            "kind": "Database",
            "metadata": {"name": f"suite-pg-{part}", "labels": dict(PART_OF)},
            "spec": {"name": part, "owner": part, "cluster": {"name": "suite-pg"}},
        }
        for part in SERVICES
    ]
    return [cluster, *databases]


def _rabbitmq() -> dict[str, Any]:
    return {
        "apiVersion": "rabbitmq.com/v1beta1",
        "kind": "RabbitmqCluster",
        "metadata": {"name": "suite-rabbitmq", "labels": dict(PART_OF)},
        "spec": {
            "replicas": 1,
            "persistence": {"storage": "5Gi"},
            "resources": {"requests": {"cpu": "250m", "memory": "512Mi"}, "limits": {"cpu": "1", "memory": "1Gi"}},
            "rabbitmq": {"additionalConfig": "default_queue_type = quorum\n"},
        },
    }


def _redis() -> list[dict[str, Any]]:
    labels = {"app.kubernetes.io/name": "redis", **PART_OF}
    selector = {"app.kubernetes.io/name": "redis"}
    statefulset = {
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "metadata": {"name": "redis", "labels": labels},
        "spec": {
            "serviceName": "redis",
            "replicas": 1,
            "selector": {"matchLabels": selector},
            "template": {
                "metadata": {"labels": labels},
                "spec": {
                    "automountServiceAccountToken": False,
                    "securityContext": {
                        "runAsNonRoot": True,
                        "fsGroup": 999,
                        "seccompProfile": {"type": "RuntimeDefault"},
                    },
                    "containers": [
                        {
                            "name": "redis",
                            "image": "redis:7",
                            # Sessions, revocations and rate-limit counters: losing them logs users out (the
                            # safe direction), so no persistence is kept.
                            "args": ["--save", "", "--appendonly", "no", "--maxmemory", "256mb"],
                            "ports": [{"name": "redis", "containerPort": 6379}],
                            "readinessProbe": {"exec": {"command": ["redis-cli", "ping"]}, "periodSeconds": 5},
                            "livenessProbe": {"tcpSocket": {"port": "redis"}, "periodSeconds": 10},
                            "resources": {
                                "requests": {"cpu": "50m", "memory": "128Mi"},
                                "limits": {"cpu": "500m", "memory": "384Mi"},
                            },
                            "securityContext": {**_container_security(), "runAsUser": 999, "runAsGroup": 999},
                            "volumeMounts": [{"name": "data", "mountPath": "/data"}],
                        }
                    ],
                    "volumes": [{"name": "data", "emptyDir": {}}],
                },
            },
        },
    }
    service = {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "redis", "labels": labels},
        "spec": {"selector": selector, "ports": [{"name": "redis", "port": 6379, "targetPort": "redis"}]},
    }
    return [statefulset, service]


def _ingress() -> dict[str, Any]:
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": {
            "name": "gateway",
            "labels": _labels("gateway", "api"),
            "annotations": {"nginx.ingress.kubernetes.io/proxy-body-size": "20m"},
        },
        "spec": {
            "ingressClassName": "nginx",
            "rules": [
                {
                    "host": "suite.example.com",
                    "http": {
                        "paths": [
                            {
                                "path": "/",
                                "pathType": "Prefix",
                                "backend": {
                                    "service": {"name": "gateway", "port": {"number": DEFAULT_PORTS["gateway"]}}
                                },
                            }
                        ]
                    },
                }
            ],
        },
    }


def _shared_objects() -> list[dict[str, Any]]:
    return [
        {
            "apiVersion": "v1",
            "kind": "ServiceAccount",
            "metadata": {"name": "suite", "labels": dict(PART_OF)},
            "automountServiceAccountToken": False,
        },
        {
            "apiVersion": "v1",
            "kind": "PersistentVolumeClaim",
            "metadata": {"name": "suite-files", "labels": dict(PART_OF)},
            # Several replicas of crm and mall write uploads: the volume must be shared (ReadWriteMany).
            "spec": {"accessModes": ["ReadWriteMany"], "resources": {"requests": {"storage": "20Gi"}}},
        },
    ]


def _demo_job() -> dict[str, Any]:
    """Dev only: each part loads its demo data as its own database role, one after another (the gateway's
    admin first). The loaders are idempotent; the Job restarts its pods until the schemas exist."""
    volumes, _ = _volumes("gateway")

    def loader(part: str) -> dict[str, Any]:
        return {
            "name": f"demo-{part}",
            "image": IMAGE,
            "args": ["demo-part"],
            "envFrom": [{"configMapRef": {"name": "suite-config"}}],
            "env": _env(part),
            "resources": {"requests": {"cpu": "100m", "memory": "192Mi"}, "limits": {"cpu": "1", "memory": "512Mi"}},
            "securityContext": _container_security(),
            "volumeMounts": [
                {"name": "tmp", "mountPath": "/tmp"},
                {"name": "identity-keys", "mountPath": "/var/run/suite/keys", "readOnly": True},
            ],
        }

    labels = {"app.kubernetes.io/name": "demo", **PART_OF}
    pod_labels = {**labels, **{f"suite.healthcard/uses-{b}": "true" for b in ("postgres", "rabbitmq", "redis")}}
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": "suite-demo", "labels": labels},
        "spec": {
            "backoffLimit": 20,
            "template": {
                "metadata": {"labels": pod_labels},
                "spec": {
                    "restartPolicy": "OnFailure",
                    "serviceAccountName": "suite",
                    "automountServiceAccountToken": False,
                    "securityContext": {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}},
                    "initContainers": [loader(part) for part in PARTS[:-1]],
                    "containers": [loader(PARTS[-1])],
                    "volumes": volumes,
                },
            },
        },
    }


def documents() -> dict[str, list[dict[str, Any]]]:
    """File name -> the objects it holds."""
    files: dict[str, list[dict[str, Any]]] = {
        "config.yaml": [_config(), *_shared_objects()],
        "postgres.yaml": _postgres(),
        "rabbitmq.yaml": [_rabbitmq()],
        "redis.yaml": _redis(),
        "ingress.yaml": [_ingress()],
        "network-policies.yaml": _network_policies(),
    }
    for part in PARTS:
        files[f"{part}.yaml"] = [
            _deployment(part, "api"),
            _deployment(part, "worker"),
            _service(part),
            _hpa(part),
            _pdb(part, "api"),
            _pdb(part, "worker"),
        ]
    return files


def kustomization(names: list[str]) -> dict[str, Any]:
    return {
        "apiVersion": "kustomize.config.k8s.io/v1beta1",
        "kind": "Kustomization",
        "resources": [*names, "monitoring/"],
    }


def _panel(panel_id: int, title: str, exprs: list[tuple[str, str]], unit: str, y: int, x: int) -> dict[str, Any]:
    return {
        "id": panel_id,
        "type": "timeseries",
        "title": title,
        "gridPos": {"h": 8, "w": 12, "x": x, "y": y},
        "datasource": {"type": "prometheus", "uid": "${datasource}"},
        "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
        "targets": [
            {"refId": chr(65 + i), "expr": expr, "legendFormat": legend} for i, (expr, legend) in enumerate(exprs)
        ],
    }


def _rate(metric: str, by: str, window: str = "5m") -> str:
    return f"sum by ({by}) (rate({metric}[{window}]))"


def _quantile(q: float, metric: str, by: str) -> str:
    return f"histogram_quantile({q}, sum by (le, {by}) (rate({metric}_bucket[5m])))"


def dashboard() -> dict[str, Any]:
    """The figures an operator watches, over the metrics every API and worker serves."""
    by_route = "service, route"
    panels = [
        ("Requests per second by route", [(_rate("http_requests_total", by_route), "{{service}} {{route}}")], "reqps"),
        (
            "5xx per second by route",
            [(_rate('http_requests_total{status=~"5.."}', by_route), "{{service}} {{route}}")],
            "reqps",
        ),
        (
            "p50 / p99 latency by route",
            [
                (_quantile(0.5, "http_request_duration_seconds", by_route), "p50 {{service}} {{route}}"),
                (_quantile(0.99, "http_request_duration_seconds", by_route), "p99 {{service}} {{route}}"),
            ],
            "s",
        ),
        ("Outbox backlog (unpublished rows)", [("max by (service) (bus_outbox_unpublished)", "{{service}}")], "short"),
        (
            "Relay lag p99 (commit to confirm)",
            [(_quantile(0.99, "bus_relay_lag_seconds", "service"), "{{service}}")],
            "s",
        ),
        ("Events relayed per second", [(_rate("bus_events_relayed_total", "service"), "{{service}}")], "ops"),
        (
            "Events consumed per second",
            [(_rate("bus_events_consumed_total", "service, event_type"), "{{service}} {{event_type}}")],
            "ops",
        ),
        (
            "Duplicates suppressed, retried, parked",
            [
                (_rate("bus_events_duplicate_total", "service"), "duplicate {{service}}"),
                (_rate("bus_events_retried_total", "service"), "retried {{service}}"),
                (_rate("bus_events_parked_total", "service, reason"), "parked {{service}} {{reason}}"),
            ],
            "short",
        ),
        (
            "Scheduled job runs",
            [(_rate("scheduler_job_runs_total", "task, outcome"), "{{task}} {{outcome}}")],
            "short",
        ),
    ]
    return {
        "title": "体检卡 suite",
        "uid": "healthcard-suite",
        "schemaVersion": 39,
        "time": {"from": "now-6h", "to": "now"},
        "refresh": "30s",
        "templating": {"list": [{"name": "datasource", "type": "datasource", "query": "prometheus"}]},
        "panels": [
            _panel(i + 1, title, exprs, unit, y=(i // 2) * 8, x=(i % 2) * 12)
            for i, (title, exprs, unit) in enumerate(panels)
        ],
    }


def monitoring_kustomization() -> dict[str, Any]:
    return {
        "apiVersion": "kustomize.config.k8s.io/v1beta1",
        "kind": "Kustomization",
        # Grafana's dashboard sidecar picks up ConfigMaps labelled grafana_dashboard.
        "configMapGenerator": [
            {
                "name": "suite-grafana-dashboard",
                "files": ["grafana-dashboard.json"],
                "options": {"disableNameSuffixHash": True, "labels": {"grafana_dashboard": "1", **PART_OF}},
            }
        ],
    }


HEADER = "# Generated by deploy/k8s/generate.py: edit the script, not this file.\n"


def render() -> dict[str, str]:
    out = {
        name: HEADER + yaml.safe_dump_all(objects, sort_keys=False, allow_unicode=True)
        for name, objects in documents().items()
    }
    out["kustomization.yaml"] = HEADER + yaml.safe_dump(kustomization(sorted(out)), sort_keys=False)
    out["monitoring/kustomization.yaml"] = HEADER + yaml.safe_dump(monitoring_kustomization(), sort_keys=False)
    out["overlays/dev/demo-job.yaml"] = HEADER + yaml.safe_dump(_demo_job(), sort_keys=False, allow_unicode=True)
    out["monitoring/grafana-dashboard.json"] = json.dumps(dashboard(), ensure_ascii=False, indent=2) + "\n"
    return out


def main() -> None:
    rendered = render()
    for name, text in rendered.items():
        path = (HERE / name) if name.startswith("overlays/") else (BASE / name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    print(f"wrote {len(rendered)} files under {HERE}")


if __name__ == "__main__":
    main()
