"""config/monitoring works for a Flux user's Prometheus, Grafana and kube-state-metrics: it
renders; its PodMonitor (and Flux's own) selects the pods config/default runs, on the port
that serves /metrics; every series and label its dashboard queries is one a running manager
exposes (or kube-state-metrics' `gotk_resource_info`); and every path its kube-state-metrics
config reads exists in Lookout's CRDs and resolves on reconciled objects."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from controller_runtime.apimachinery.labels import selector_from_label_selector
from controller_runtime.client import Client
from tests.fluxcli.conftest import FAST, image_policy, image_repository
from tests.fluxcli.flux import API_VERSION, is_object_ready
from tests.support.manager import run_manager
from tests.support.metrics import scrape as scrape_samples
from tests.support.registry import RegistryServer
from tests.support.wait import eventually

ROOT = Path(__file__).resolve().parents[2]
MONITORING = ROOT / "config" / "monitoring"
CRD_DIR = ROOT / "config" / "crd" / "bases"
INFO = "gotk_resource_info"
#: The labels Prometheus puts on every series it scrapes through a PodMonitor (the target's).
TARGET_LABELS = {"namespace", "pod", "container", "endpoint", "job", "instance"}
#: The labels kube-state-metrics adds to every custom-resource series.
KSM_LABELS = {"customresource_group", "customresource_kind", "customresource_version"}
#: Flux's monitoring example PodMonitor: a Flux user's existing one must keep scraping Lookout.
FLUX_APPS = ["helm-controller", "source-controller", "kustomize-controller", "notification-controller",
             "image-automation-controller", "image-reflector-controller"]
#: The labels Flux's kube-state-metrics config gives each kind's `gotk_resource_info`.
FLUX_INFO_LABELS = {
    "ImageRepository": {"name", "exported_namespace", "ready", "suspended", "image"},
    "ImagePolicy": {"name", "exported_namespace", "ready", "suspended", "source_name"},
    "ImageUpdateAutomation": {"name", "exported_namespace", "ready", "suspended", "source_name"},
    "OCIRepository": {"name", "exported_namespace", "ready", "suspended", "revision", "url"},
}

Samples = dict[str, list[dict[str, str]]]


async def kustomize(path: Path) -> list[dict[str, Any]]:
    proc = await asyncio.create_subprocess_exec(
        "kubectl", "kustomize", str(path), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await proc.communicate()
    assert proc.returncode == 0, err.decode()
    return [d for d in yaml.safe_load_all(out.decode()) if d]


def of_kind(docs: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [d for d in docs if d["kind"] == kind]


def dashboard() -> dict[str, Any]:
    found: dict[str, Any] = json.loads((MONITORING / "dashboards" / "control-plane.json").read_text())
    return found


def ksm_config() -> dict[str, Any]:
    values = yaml.safe_load((MONITORING / "kube-state-metrics-config.yaml").read_text())
    found: dict[str, Any] = values["kube-state-metrics"]
    return found


def panels(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for panel in items:
        yield panel
        yield from panels(panel.get("panels") or [])


# --------------------------------------------------------------------------------------------
# PromQL, just enough to find the series and labels a query reads

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|\$\{?\w+\}?|\[[^\]]*\]|\{[^}]*\}|[A-Za-z_:][A-Za-z0-9_:]*'
                    r"|\d+(?:\.\d+)?(?:e[+-]?\d+)?|\S")
_MATCHER = re.compile(r'([A-Za-z_]\w*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"')
_KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless",
             "offset", "bool"}
_GROUPING = {"by", "without", "on", "ignoring", "group_left", "group_right"}


class Selector:
    def __init__(self, metric: str, matchers: list[tuple[str, str, str]]) -> None:
        self.metric = metric
        self.matchers = matchers


def parse_promql(expr: str) -> tuple[list[Selector], set[str]]:
    """The vector selectors of `expr` and the labels its by/without/on clauses name."""
    tokens = _TOKEN.findall(expr)
    selectors: list[Selector] = []
    grouping: set[str] = set()
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if tok in _GROUPING and nxt == "(":
            j = i + 2
            while tokens[j] != ")":
                if tokens[j] != ",":
                    grouping.add(tokens[j])
                j += 1
            i = j + 1
            continue
        if re.fullmatch(r"[A-Za-z_:][A-Za-z0-9_:]*", tok) and tok not in _KEYWORDS and nxt != "(":
            matchers = _MATCHER.findall(nxt[1:-1]) if nxt.startswith("{") else []
            selectors.append(Selector(tok, matchers))
            i += 2 if nxt.startswith("{") else 1
            continue
        assert not tok.startswith("{"), f"a selector without a metric name in {expr!r}"
        i += 1
    return selectors, grouping


def queries() -> list[str]:
    """Every PromQL expression of the dashboard: panel targets and variable queries."""
    found = [t["expr"] for p in panels(dashboard()["panels"]) for t in p.get("targets") or []]
    for var in dashboard()["templating"]["list"]:
        if var["type"] == "query":
            query = var["query"]["query"] if isinstance(var["query"], dict) else var["query"]
            m = re.fullmatch(r"label_values\((\w+),\s*(\w+)\)", query)
            assert m, query
            found.append(f"sum({m[1]}) by ({m[2]})")
    return found


# --------------------------------------------------------------------------------------------
# A running manager


async def scrape(manager: Any) -> Samples:
    """Each series' labels, by sample name."""
    return {name: [labels for labels, _ in found] for name, found in (await scrape_samples(manager)).items()}


async def reconciled_app(client: Client, namespace: str, registry: RegistryServer) -> None:
    image = registry.image(f"monitoring/{namespace}")
    await registry.apush_tags(f"monitoring/{namespace}", ["1.0.0", "2.0.0"])
    await client.create(image_repository(namespace, "app", image))
    await client.create(image_policy(namespace, "app", "app"))
    for kind in ("ImageRepository", "ImagePolicy"):
        await ready(client, namespace, kind)


async def ready(client: Client, namespace: str, kind: str) -> None:
    async def check() -> Any:
        return is_object_ready(dict(await client.get(API_VERSION, kind, "app", namespace=namespace)))

    await eventually(check, message=f"{kind} app ready")


# --------------------------------------------------------------------------------------------
# Tests


async def test_kustomize_renders_the_monitoring_config() -> None:
    docs = await kustomize(MONITORING)
    assert sorted(d["kind"] for d in docs) == ["ConfigMap", "ConfigMap", "PodMonitor"]
    assert {d["metadata"]["namespace"] for d in docs} == {"monitoring"}
    for doc in docs:
        assert doc["metadata"]["labels"]["app.kubernetes.io/component"] == "monitoring"

    maps = {d["metadata"]["name"]: d for d in of_kind(docs, "ConfigMap")}
    dashboards = maps["lookout-grafana-dashboards"]
    assert dashboards["metadata"]["labels"]["grafana_dashboard"] == "1"  # Grafana's sidecar loads it
    board = json.loads(dashboards["data"]["control-plane.json"])
    assert board == dashboard() and board["uid"] == "lookout-control-plane"
    ksm = yaml.safe_load(maps["lookout-kube-state-metrics-config"]["data"]["kube-state-metrics-config.yaml"])
    assert ksm["kube-state-metrics"] == ksm_config()


async def test_podmonitors_select_the_pods_config_default_runs() -> None:
    monitor = of_kind(await kustomize(MONITORING), "PodMonitor")[0]
    spec = monitor["spec"]
    mine = selector_from_label_selector(spec["selector"])
    fluxs = selector_from_label_selector(
        {"matchExpressions": [{"key": "app", "operator": "In", "values": FLUX_APPS}]})
    assert not spec["podMetricsEndpoints"][0].get("honorLabels")  # object `namespace` -> exported_namespace
    port = spec["podMetricsEndpoints"][0]["port"]

    deployments = of_kind(await kustomize(ROOT / "config" / "default"), "Deployment")
    assert {d["metadata"]["name"] for d in deployments} == {
        "image-reflector-controller", "image-automation-controller", "lookout-source-controller"}
    for deployment in deployments:
        name = deployment["metadata"]["name"]
        assert deployment["metadata"]["namespace"] in spec["namespaceSelector"]["matchNames"], name
        template = deployment["spec"]["template"]
        labels = template["metadata"]["labels"]
        assert mine.matches(labels), (name, labels)
        # Flux's example PodMonitor scrapes the image controllers too; not the OCIRepository
        # controller, whose pods must not carry `app: source-controller`: Flux's own
        # source-controller Service selects that label, and would send artifact requests here.
        assert fluxs.matches(labels) == (name != "lookout-source-controller"), (name, labels)
        ports = {p["name"]: p["containerPort"]
                 for c in template["spec"]["containers"] for p in c.get("ports", [])}
        assert port in ports, (name, ports)
        # ...and that port is the one the manager serves /metrics on.
        args = template["spec"]["containers"][0]["args"]
        assert f"--metrics-addr=:{ports[port]}" in args, (name, args)


def test_dashboard_panels_are_well_formed() -> None:
    board = dashboard()
    ids = [p["id"] for p in panels(board["panels"])]
    assert len(ids) == len(set(ids))
    taken: dict[tuple[int, int], str] = {}
    for panel in panels(board["panels"]):
        grid = panel["gridPos"]
        assert grid["x"] + grid["w"] <= 24, panel["title"]
        for x in range(grid["x"], grid["x"] + grid["w"]):
            for y in range(grid["y"], grid["y"] + grid["h"]):
                assert (x, y) not in taken, f"{panel['title']} overlaps {taken[(x, y)]}"
                taken[(x, y)] = panel["title"]
        if panel["type"] != "row":
            assert panel["datasource"]["uid"] == "${DS_PROMETHEUS}", panel["title"]
            assert panel["targets"], panel["title"]
    variables = {v["name"] for v in board["templating"]["list"]}
    for expr in queries():
        for var in re.findall(r"\$\{?(\w+)", expr):
            assert var in variables, (var, expr)


async def test_dashboard_queries_series_a_manager_exposes(
    env: Any, client: Client, namespace: str, plain_registry: RegistryServer, tmp_path: Path,
) -> None:
    async with run_manager(env, ["imagerepository", "imagepolicy"], namespace=namespace,
                           storage_path=tmp_path, options_overrides=FAST,
                           manager_overrides={"metrics_bind_address": "127.0.0.1:0"}) as running:
        await reconciled_app(client, namespace, plain_registry)
        samples = await scrape(running.manager)

    info_labels = KSM_LABELS | TARGET_LABELS | {label for _, label, _ in ksm_paths()}
    kinds = {r["groupVersionKind"]["kind"] for r in ksm_resources()}
    used: set[str] = set()
    for expr in queries():
        selectors, grouping = parse_promql(expr)
        assert selectors, expr
        available: set[str] = set()
        for sel in selectors:
            used.add(sel.metric)
            if sel.metric == INFO:
                labels = info_labels
            else:
                assert sel.metric in samples, f"{sel.metric} is not exposed ({expr})"
                exposed = {k for series in samples[sel.metric] for k in series}
                # Prometheus renames a scraped `namespace` (the object's) to `exported_namespace`.
                labels = (exposed - {"namespace"}) | TARGET_LABELS
                if "namespace" in exposed:
                    labels.add("exported_namespace")
            available |= labels
            for label, op, value in sel.matchers:
                assert label in labels, f"{sel.metric} has no label {label} ({expr})"
                if op != "=" or "$" in value or label in TARGET_LABELS:
                    continue
                if sel.metric == INFO:
                    assert label != "customresource_kind" or value in kinds, (value, expr)
                else:
                    values = {s.get(label) for s in samples[sel.metric]}
                    assert value in values, f"{sel.metric}{{{label}={value!r}}} never exposed ({expr})"
            for label, op, value in sel.matchers:
                if label == "customresource_kind" and op == "=~":
                    assert set(value.split("|")) <= kinds, expr
        assert grouping <= available | {"le"}, (grouping - available, expr)

    # The series the dashboard is built on.
    assert {"gotk_reconcile_duration_seconds_bucket", "controller_runtime_reconcile_total",
            "controller_runtime_reconcile_errors_total", "workqueue_depth", "rest_client_requests_total",
            "process_resident_memory_bytes", "process_cpu_seconds_total", INFO} <= used
    assert not {m for m in used if m.startswith("go_")}  # Flux's Go runtime series: Lookout has none


def ksm_resources() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = ksm_config()["customResourceState"]["config"]["spec"]["resources"]
    return found


def ksm_paths() -> Iterator[tuple[dict[str, Any], str, list[str]]]:
    """(resource, label, path) for every label of every resource's metrics."""
    for resource in ksm_resources():
        for metric in resource["metrics"]:
            paths = {**metric["labelsFromPath"], **metric["each"]["info"]["labelsFromPath"]}
            for label, path in paths.items():
                yield resource, label, [str(p) for p in path]


def crds() -> dict[tuple[str, str], dict[str, Any]]:
    found = {}
    for path in CRD_DIR.glob("*.yaml"):
        crd = yaml.safe_load(path.read_text())
        found[(crd["spec"]["group"], crd["spec"]["names"]["kind"])] = crd
    return found


def schema_has(schema: dict[str, Any], path: list[str]) -> bool:
    """Whether a kube-state-metrics path can resolve under this structural schema."""
    node = schema
    for i, segment in enumerate(path):
        if i == 1 and path[0] == "metadata":
            return segment in ("name", "namespace", "labels", "annotations", "generation", "uid")
        if segment.startswith("["):  # [key=value]: the list element whose key has that value
            key = segment[1:-1].split("=", 1)[0]
            if node.get("type") != "array" or key not in (node["items"].get("properties") or {}):
                return False
            node = node["items"]
        elif segment.isdigit():
            if node.get("type") != "array":
                return False
            node = node["items"]
        else:
            props = node.get("properties") or {}
            if segment not in props:
                return False
            node = props[segment]
    return node.get("type") in ("string", "boolean", "integer", "number")


def test_ksm_config_reads_paths_the_crds_have() -> None:
    config = ksm_config()
    known = crds()
    resources = ksm_resources()
    assert config["customResourceState"]["config"]["kind"] == "CustomResourceStateMetrics"
    assert {(r["groupVersionKind"]["group"], r["groupVersionKind"]["kind"]) for r in resources} == {
        ("image.toolkit.fluxcd.io", "ImageRepository"), ("image.toolkit.fluxcd.io", "ImagePolicy"),
        ("image.toolkit.fluxcd.io", "ImageUpdateAutomation"), ("source.werf.io", "OCIRepository")}
    rules = config["rbac"]["extraRules"]
    for resource in resources:
        gvk = resource["groupVersionKind"]
        crd = known[(gvk["group"], gvk["kind"])]
        version = next(v for v in crd["spec"]["versions"] if v["name"] == gvk["version"])
        assert version["served"] and version["storage"], gvk
        assert any(gvk["group"] in r["apiGroups"] and crd["spec"]["names"]["plural"] in r["resources"]
                   and {"list", "watch"} <= set(r["verbs"]) for r in rules), gvk
        for metric in resource["metrics"]:
            assert resource["metricNamePrefix"] + "_" + metric["name"] == INFO
            assert metric["each"]["type"] == "Info"
            labels = {*metric["labelsFromPath"], *metric["each"]["info"]["labelsFromPath"]}
            assert labels == FLUX_INFO_LABELS[gvk["kind"]], gvk
    for resource, label, path in ksm_paths():
        gvk = resource["groupVersionKind"]
        crd = known[(gvk["group"], gvk["kind"])]
        schema = next(v for v in crd["spec"]["versions"] if v["name"] == gvk["version"])["schema"]
        assert schema_has(schema["openAPIV3Schema"], path), (gvk["kind"], label, path)


def resolve(obj: Any, path: list[str]) -> Any:
    for segment in path:
        if segment.startswith("["):
            key, value = segment[1:-1].split("=", 1)
            obj = next((x for x in obj or [] if x.get(key) == value), None)
        elif segment.isdigit():
            obj = obj[int(segment)] if isinstance(obj, list) and len(obj) > int(segment) else None
        else:
            obj = obj.get(segment) if isinstance(obj, dict) else None
    return obj


async def test_ksm_labels_resolve_on_reconciled_objects(
    env: Any, client: Client, namespace: str, plain_registry: RegistryServer, tmp_path: Path,
) -> None:
    async with run_manager(env, ["imagerepository", "imagepolicy"], namespace=namespace,
                           storage_path=tmp_path, options_overrides=FAST):
        await reconciled_app(client, namespace, plain_registry)
    await client.patch(API_VERSION, "ImagePolicy", "app", {"spec": {"suspend": True}}, namespace=namespace)
    expected = {
        "ImageRepository": {"name": "app", "exported_namespace": namespace, "ready": "True",
                            "image": plain_registry.image(f"monitoring/{namespace}")},
        "ImagePolicy": {"name": "app", "exported_namespace": namespace, "ready": "True", "suspended": True,
                        "source_name": "app"},
    }
    for kind, labels in expected.items():
        obj = await client.get(API_VERSION, kind, "app", namespace=namespace)
        found = {label: resolve(obj, path) for resource, label, path in ksm_paths()
                 if resource["groupVersionKind"]["kind"] == kind}
        assert {k: v for k, v in found.items() if v is not None} == labels, kind
