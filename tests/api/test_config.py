"""The kustomize installation: what `kubectl kustomize config/...` renders."""

from __future__ import annotations

import copy
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.api.samples import ROOT

CONTROLLERS = {
    "image-reflector-controller": "--controllers=imagerepository,imagepolicy",
    "image-automation-controller": "--controllers=imageupdateautomation",
    "lookout-source-controller": "--controllers=ocirepository",
}
#: The name events are reported `From` (and, for the image controllers, the lease's): Flux's.
EVENT_SOURCES = {
    "image-reflector-controller": "image-reflector-controller",
    "image-automation-controller": "image-automation-controller",
    "lookout-source-controller": "source-controller",
}


def role_name(deployment: str) -> str:
    return deployment if deployment.startswith("lookout-") else f"lookout-{deployment}"


def kustomize(path: Path) -> list[dict[str, Any]]:
    result = subprocess.run(["kubectl", "kustomize", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return [d for d in yaml.safe_load_all(result.stdout) if d]


def by_kind(docs: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}


@pytest.fixture(scope="module")
def default() -> list[dict[str, Any]]:
    return kustomize(ROOT / "config" / "default")


def test_default_installs_into_flux_system_with_flux_names(default: list[dict[str, Any]]) -> None:
    assert set(by_kind(default, "Namespace")) == {"flux-system"}
    assert set(by_kind(default, "Deployment")) == set(CONTROLLERS)
    assert set(by_kind(default, "ServiceAccount")) == set(CONTROLLERS)
    for d in default:
        if d["kind"] not in ("Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding"):
            assert d["metadata"]["namespace"] == "flux-system", d["metadata"]["name"]
    assert set(by_kind(default, "CustomResourceDefinition")) == {
        "imagerepositories.image.toolkit.fluxcd.io",
        "imagepolicies.image.toolkit.fluxcd.io",
        "imageupdateautomations.image.toolkit.fluxcd.io",
        "ocirepositories.source.werf.io",
    }


def test_deployments_are_hardened_and_run_one_entry_point(default: list[dict[str, Any]]) -> None:
    for name, deploy in by_kind(default, "Deployment").items():
        pod = deploy["spec"]["template"]["spec"]
        assert pod["serviceAccountName"] == name
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
        (container,) = pod["containers"]
        assert container["image"] == "ghcr.io/lookout-dev/lookout:0.1.0"
        assert "command" not in container  # the image's ENTRYPOINT ["lookout"]
        assert container["args"][:2] == ["manager", CONTROLLERS[name]]
        sc = container["securityContext"]
        assert sc["readOnlyRootFilesystem"] is True
        assert sc["allowPrivilegeEscalation"] is False
        assert sc["capabilities"] == {"drop": ["ALL"]}
        assert sc["seccompProfile"] == {"type": "RuntimeDefault"}
        assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
        assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
        assert {
            "name": "RUNTIME_NAMESPACE",
            "valueFrom": {"fieldRef": {"fieldPath": "metadata.namespace"}},
        } in (container["env"])
        mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
        volumes = {v["name"]: v for v in pod["volumes"]}
        for path in ("/data", "/tmp"):
            assert "emptyDir" in volumes[mounts[path]]


def _unknown_fields(value: Any, type_name: str, path: str) -> list[str]:
    """Fields the Kubernetes API types do not define (what strict decoding refuses and the
    default `Warn` silently drops: a misspelt hardening field would just vanish)."""
    import kubernetes.client as models

    if type_name.startswith("list[") and isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _unknown_fields(v, type_name[5:-1], f"{path}[{i}]")]
    if type_name.startswith("dict[") or not hasattr(models, type_name):
        return []  # scalars, maps, int-or-string
    model = getattr(models, type_name)
    if not isinstance(value, dict):
        return [f"{path}: not an object"]
    by_json = {j: a for a, j in model.attribute_map.items()}
    problems: list[str] = []
    for key, sub in value.items():
        if key not in by_json:
            problems.append(f"{path}.{key}")
        else:
            problems += _unknown_fields(sub, model.openapi_types[by_json[key]], f"{path}.{key}")
    return problems


@pytest.mark.parametrize("overlay", ["default", "all-in-one", "sharding"])
def test_built_in_objects_have_only_fields_kubernetes_defines(overlay: str) -> None:
    docs = kustomize(ROOT / "config" / overlay)
    checked = 0
    for d in docs:
        if d["kind"] == "CustomResourceDefinition":
            continue
        version = d["apiVersion"].split("/")[-1].capitalize()
        assert _unknown_fields(d, f"{version}{d['kind']}", d["kind"]) == [], d["metadata"]["name"]
        checked += 1
    assert checked >= 10


def test_unknown_field_check_catches_a_misspelt_hardening_field(default: list[dict[str, Any]]) -> None:
    deploy = copy.deepcopy(by_kind(default, "Deployment")["lookout-source-controller"])
    container = deploy["spec"]["template"]["spec"]["containers"][0]
    container["securityContext"]["readOnlyRootFileSystem"] = True
    assert _unknown_fields(deploy, "V1Deployment", "Deployment") == [
        "Deployment.spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem"
    ]


def _manager_args(docs: list[dict[str, Any]]) -> dict[str, list[str]]:
    return {
        name: d["spec"]["template"]["spec"]["containers"][0]["args"]
        for name, d in by_kind(docs, "Deployment").items()
    }


def test_manager_accepts_every_deployment_flag(default: list[dict[str, Any]]) -> None:
    """The args are `lookout manager` flags the manager really defines (Go-style parsing)."""
    from controllers.manager_cmd import CONTROLLER_MODULES, build_flagset, controller_name

    all_in_one = kustomize(ROOT / "config" / "all-in-one")
    for name, args in {**_manager_args(default), **_manager_args(all_in_one)}.items():
        assert args[0] == "manager", name
        flags = build_flagset({"RUNTIME_NAMESPACE": "flux-system"})
        flags.parse(args[1:])
        assert flags.args == [], name
        values = flags.values()
        assert values["enable_leader_election"] is True
        assert values["storage_path"] == "/data"
        assert set(values["controllers"]) <= set(CONTROLLER_MODULES), name
        if name in CONTROLLERS:
            # Events are reported `From` Flux's name.
            assert controller_name(values["controllers"]) == EVENT_SOURCES[name]


def test_services_for_metrics_and_artifacts(default: list[dict[str, Any]]) -> None:
    services = by_kind(default, "Service")
    for name in CONTROLLERS:
        svc = services[f"{name}-metrics"]
        assert svc["spec"]["selector"] == {"app": name}
        assert svc["spec"]["ports"][0]["targetPort"] == "http-prom"
    artifacts = services["lookout-source-controller"]
    assert artifacts["spec"]["ports"] == [
        {"name": "http", "port": 80, "protocol": "TCP", "targetPort": "http"}
    ]
    source = by_kind(default, "Deployment")["lookout-source-controller"]["spec"]["template"]["spec"]
    source = source["containers"][0]
    adv = "--storage-adv-addr=lookout-source-controller.$(RUNTIME_NAMESPACE).svc.cluster.local."
    assert adv in source["args"]
    assert {"containerPort": 9090, "name": "http", "protocol": "TCP"} in source["ports"]


def _rules(role: dict[str, Any]) -> dict[tuple[str, str], set[str]]:
    out: dict[tuple[str, str], set[str]] = {}
    for rule in role["rules"]:
        for group in rule["apiGroups"]:
            for res in rule["resources"]:
                out.setdefault((group, res), set()).update(rule["verbs"])
    return out


READ = {"get", "list", "watch"}
OWN = {"get", "list", "watch", "patch"}  # informer reads, patches of the object (finalizers)
#: Exactly what each controller calls: objects it owns (cache reads, patches of the object
#: and of /status, finalizers), what it only reads by name (get), and events it records.
EXPECTED_RULES: dict[str, dict[tuple[str, str], set[str]]] = {
    "lookout-image-reflector-controller": {
        ("image.toolkit.fluxcd.io", "imagerepositories"): OWN,
        ("image.toolkit.fluxcd.io", "imagepolicies"): OWN,
        ("image.toolkit.fluxcd.io", "imagerepositories/status"): {"patch"},
        ("image.toolkit.fluxcd.io", "imagepolicies/status"): {"patch"},
        ("image.toolkit.fluxcd.io", "imagerepositories/finalizers"): {"update"},
        ("image.toolkit.fluxcd.io", "imagepolicies/finalizers"): {"update"},
        ("", "secrets"): {"get"},
        ("", "serviceaccounts"): {"get"},
        ("", "namespaces"): {"get"},
        ("", "events"): {"create", "patch"},
    },
    "lookout-image-automation-controller": {
        ("image.toolkit.fluxcd.io", "imageupdateautomations"): OWN,
        ("image.toolkit.fluxcd.io", "imageupdateautomations/status"): {"patch"},
        ("image.toolkit.fluxcd.io", "imageupdateautomations/finalizers"): {"update"},
        ("image.toolkit.fluxcd.io", "imagepolicies"): READ,
        ("source.toolkit.fluxcd.io", "gitrepositories"): READ,
        ("", "secrets"): {"get"},
        ("", "serviceaccounts"): {"get"},
        ("", "events"): {"create", "patch"},
    },
    "lookout-source-controller": {
        ("source.werf.io", "ocirepositories"): OWN,
        ("source.werf.io", "ocirepositories/status"): {"patch"},
        ("source.werf.io", "ocirepositories/finalizers"): {"update"},
        ("", "secrets"): {"get"},
        ("", "serviceaccounts"): {"get"},
        ("", "events"): {"create", "patch"},
    },
}


def test_rbac_is_least_privilege(default: list[dict[str, Any]]) -> None:
    roles = by_kind(default, "ClusterRole")
    assert {name: _rules(role) for name, role in roles.items()} == EXPECTED_RULES
    (election,) = by_kind(default, "Role").values()
    assert election["metadata"]["namespace"] == "flux-system"
    assert _rules(election) == {("coordination.k8s.io", "leases"): {"get", "create", "update"}}
    bindings = by_kind(default, "ClusterRoleBinding")
    for name in CONTROLLERS:
        binding = bindings[role_name(name)]
        assert binding["roleRef"]["name"] == role_name(name)
        assert binding["subjects"] == [{"kind": "ServiceAccount", "name": name, "namespace": "flux-system"}]
    (election_binding,) = by_kind(default, "RoleBinding").values()
    assert sorted(s["name"] for s in election_binding["subjects"]) == sorted(CONTROLLERS)


def test_controllers_call_only_what_rbac_grants_on_core_kinds() -> None:
    """Every direct API call in controllers/ on Secrets, ServiceAccounts and Namespaces is a
    verb the roles grant (today: `get` only, so list/watch/write stay ungranted)."""
    calls = re.compile(r"client\.(\w+)\(\s*\"v1\",\s*\"(Secret|ServiceAccount|Namespace)\"")
    found: set[tuple[str, str]] = set()
    for path in (ROOT / "controllers").rglob("*.py"):
        found |= {(m.group(2), m.group(1)) for m in calls.finditer(path.read_text())}
    assert ("Secret", "get") in found, "the scan finds the controllers' calls"
    granted: dict[str, set[str]] = {}
    for rules in EXPECTED_RULES.values():
        for (group, resource), verbs in rules.items():
            if group == "":
                granted.setdefault(resource, set()).update(verbs)
    for kind, verb in sorted(found):
        assert verb in granted.get(kind.lower() + "s", set()), f"controllers call {verb} on {kind}"


SPEC_PATCHES = ROOT / "tests" / "api" / "testdata" / "spec_patches"


def _pointer_get(doc: Any, path: str) -> Any:
    """The value a JSON pointer names (`/-` meaning the last element of a list)."""
    for token in path.lstrip("/").split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        doc = doc[-1] if token == "-" else doc[int(token)] if isinstance(doc, list) else doc[token]
    return doc


def _contains(whole: Any, part: Any) -> bool:
    """`part` is a deep subset of `whole` (what a strategic merge patch leaves behind)."""
    if isinstance(part, dict):
        return isinstance(whole, dict) and all(k in whole and _contains(whole[k], v) for k, v in part.items())
    return bool(whole == part)


def _targets(docs: list[dict[str, Any]], target: dict[str, Any]) -> list[dict[str, Any]]:
    found = [
        d
        for d in docs
        if d["kind"] == target["kind"]
        and d["metadata"]["name"] == target["name"]
        and target.get("namespace", d["metadata"].get("namespace")) == d["metadata"].get("namespace")
    ]
    assert len(found) == 1, target
    return found


def _spec_cases() -> list[tuple[Path, str, bool]]:
    """(patch file, overlay, rename): the image controllers' patches over config/default; the
    source-controller's verbatim over config/replace-source-controller, and with the name
    `lookout-source-controller` over config/default (what the README tells users)."""
    cases: list[tuple[Path, str, bool]] = []
    for path in sorted(SPEC_PATCHES.glob("*.yaml")):
        if path.stem.startswith("source-"):
            cases += [(path, "replace-source-controller", False), (path, "default", True)]
        else:
            cases.append((path, "default", False))
    return cases


@pytest.mark.parametrize(
    ("path", "overlay", "rename"), _spec_cases(),
    ids=lambda v: v.stem if isinstance(v, Path) else str(v),
)
def test_spec_kustomize_patches_apply(path: Path, overlay: str, rename: bool, tmp_path: Path) -> None:
    """Each kustomization (or `patches:` fragment) the spec tells users to put in
    flux-system/kustomization.yaml, over our install in place of Flux's gotk-components.yaml:
    it builds, and every patch lands on our objects."""
    text = path.read_text()
    if rename:
        text = re.sub(r"name: source-controller\b", "name: lookout-source-controller", text)
    spec_doc = yaml.safe_load(text)
    kustomization = {
        "apiVersion": "kustomize.config.k8s.io/v1beta1",
        "kind": "Kustomization",
        **spec_doc,
        "resources": [os.path.relpath(ROOT / "config" / overlay, tmp_path)],
    }
    (tmp_path / "kustomization.yaml").write_text(yaml.safe_dump(kustomization))
    docs = kustomize(tmp_path)
    for entry in spec_doc["patches"]:
        patch = yaml.safe_load(entry["patch"])
        if isinstance(patch, list):  # JSON 6902 operations on the target
            (target,) = _targets(docs, entry["target"])
            for op in patch:
                assert op["op"] == "add"
                assert _pointer_get(target, op["path"]) == op["value"], (path.name, op)
        else:  # strategic merge: the patched object now holds every field of the patch
            selector = entry.get("target") or {"kind": patch["kind"], **patch["metadata"]}
            (target,) = _targets(docs, selector)
            assert _contains(target, patch), (path.name, target)
            if target["kind"] == "Deployment":
                assert target["spec"]["template"]["spec"]["containers"][0]["name"] == "manager"
    # Whatever flag a patch adds is one `lookout manager` knows.
    from controllers.manager_cmd import build_flagset

    for name, args in _manager_args(docs).items():
        flags = build_flagset({"RUNTIME_NAMESPACE": "flux-system"})
        flags.parse(args[1:])
        assert flags.args == [], name


def test_replace_overlay_takes_the_upstream_names() -> None:
    """config/replace-source-controller: the OCIRepository controller under Flux's names, its
    Services selecting its pods, its artifact URLs on the `source-controller` Service."""
    docs = kustomize(ROOT / "config" / "replace-source-controller")
    deployments = by_kind(docs, "Deployment")
    assert set(deployments) == {
        "image-reflector-controller", "image-automation-controller", "source-controller"}
    pod = deployments["source-controller"]["spec"]["template"]
    assert pod["spec"]["serviceAccountName"] == "source-controller"
    assert "--storage-adv-addr=source-controller.$(RUNTIME_NAMESPACE).svc.cluster.local." in (
        pod["spec"]["containers"][0]["args"])
    assert deployments["source-controller"]["spec"]["selector"]["matchLabels"].items() <= (
        pod["metadata"]["labels"].items())
    services = by_kind(docs, "Service")
    for name in ("source-controller", "source-controller-metrics"):
        assert services[name]["spec"]["selector"].items() <= pod["metadata"]["labels"].items()
    assert "source-controller" in by_kind(docs, "ServiceAccount")
    binding = by_kind(docs, "ClusterRoleBinding")["lookout-source-controller"]
    account = {"kind": "ServiceAccount", "name": "source-controller", "namespace": "flux-system"}
    assert binding["subjects"] == [account]
    (election,) = by_kind(docs, "RoleBinding").values()
    assert account in election["subjects"]
    assert not any(d["metadata"]["name"] == "lookout-source-controller" for d in docs
                   if d["kind"] in ("Deployment", "Service", "ServiceAccount"))


def test_all_in_one_runs_every_controller_in_one_deployment() -> None:
    docs = kustomize(ROOT / "config" / "all-in-one")
    (deploy,) = by_kind(docs, "Deployment").values()
    container = deploy["spec"]["template"]["spec"]["containers"][0]
    assert container["args"][:2] == [
        "manager",
        "--controllers=imagerepository,imagepolicy,imageupdateautomation,ocirepository",
    ]
    labels = deploy["spec"]["template"]["metadata"]["labels"]
    for svc in by_kind(docs, "Service").values():
        assert svc["spec"]["selector"].items() <= labels.items()
    account = deploy["spec"]["template"]["spec"]["serviceAccountName"]
    bound = {
        b["roleRef"]["name"]
        for b in by_kind(docs, "ClusterRoleBinding").values()
        if {"kind": "ServiceAccount", "name": account, "namespace": "flux-system"} in b["subjects"]
    }
    assert bound == {
        "lookout-image-reflector-controller",
        "lookout-image-automation-controller",
        "lookout-source-controller",
    }
    # No idle per-controller identity keeps its grants: the one pod's account is the only one.
    assert set(by_kind(docs, "ServiceAccount")) == {account}
    for binding in [*by_kind(docs, "ClusterRoleBinding").values(), *by_kind(docs, "RoleBinding").values()]:
        assert binding["subjects"] == [
            {"kind": "ServiceAccount", "name": account, "namespace": "flux-system"}
        ], binding["metadata"]["name"]
    (election,) = by_kind(docs, "RoleBinding").values()
    assert election["roleRef"]["name"] == "lookout-leader-election"


def test_gitrepository_component_adds_the_crd(tmp_path: Path) -> None:
    base = os.path.relpath(ROOT / "config" / "default", tmp_path)
    component = os.path.relpath(ROOT / "config" / "components" / "gitrepository", tmp_path)
    (tmp_path / "kustomization.yaml").write_text(
        yaml.safe_dump(
            {
                "apiVersion": "kustomize.config.k8s.io/v1beta1",
                "kind": "Kustomization",
                "resources": [base],
                "components": [component],
            }
        )
    )
    crds = by_kind(kustomize(tmp_path), "CustomResourceDefinition")
    assert "gitrepositories.source.toolkit.fluxcd.io" in crds


def test_samples_kustomization_builds() -> None:
    docs = kustomize(ROOT / "config" / "samples")
    assert {d["metadata"]["namespace"] for d in docs} == {"default"}
    assert {d["kind"] for d in docs} == {
        "ImageRepository",
        "ImagePolicy",
        "ImageUpdateAutomation",
        "OCIRepository",
    }


def test_flux_cli_finds_the_install_by_its_labels(default: list[dict[str, Any]]) -> None:
    """`flux check` and `flux logs` select `app.kubernetes.io/part-of=flux` in flux-system:
    the Deployments (pods through their selectors, container `manager`) and the CRDs."""
    flux = [d for d in default
            if (d["metadata"].get("labels") or {}).get("app.kubernetes.io/part-of") == "flux"]
    deployments = {d["metadata"]["name"]: d for d in flux if d["kind"] == "Deployment"}
    assert set(deployments) == set(CONTROLLERS)
    for name, d in deployments.items():
        assert d["metadata"]["namespace"] == "flux-system"
        template = d["spec"]["template"]
        assert d["spec"]["selector"]["matchLabels"] == {"app": name}  # unchanged by the labels
        assert template["metadata"]["labels"]["app"] == name
        assert template["spec"]["containers"][0]["name"] == "manager"
        # Flux's PodMonitor scrapes the port named http-prom of pods labelled `app`.
        ports = template["spec"]["containers"][0]["ports"]
        assert {"containerPort": 8080, "name": "http-prom", "protocol": "TCP"} in ports
    crds = {d["metadata"]["name"] for d in flux if d["kind"] == "CustomResourceDefinition"}
    assert crds == {"imagerepositories.image.toolkit.fluxcd.io", "imagepolicies.image.toolkit.fluxcd.io",
                    "imageupdateautomations.image.toolkit.fluxcd.io", "ocirepositories.source.werf.io"}


def test_the_deployments_of_available_controllers_start_without_warnings(
    default: list[dict[str, Any]]
) -> None:
    """What config/ deploys must run: every flag of a Deployment whose controllers exist parses
    as `lookout manager` parses it, and none is one that has no effect."""
    from controllers.manager_cmd import available_controllers, parse_options

    available = set(available_controllers())
    checked = 0
    for name, args in _manager_args(default).items():
        controllers = next(a.split("=", 1)[1] for a in args if a.startswith("--controllers=")).split(",")
        if not set(controllers) <= available:
            continue  # refused at start as "not available in this build" (its issue is open)
        opts = parse_options(args[1:], environ={"RUNTIME_NAMESPACE": "flux-system"})
        assert opts.warnings == [], (name, opts.warnings)
        checked += 1
    assert checked >= 1


def test_sharding_example_splits_the_image_reflector_controller_in_four() -> None:
    """config/sharding: three shards and the unsharded Deployment, selectors that never select
    each other's pods, one ServiceAccount, and args the manager accepts as they are."""
    from controllers.manager_cmd import leader_election_id, parse_options

    deployments = by_kind(kustomize(ROOT / "config" / "sharding"), "Deployment")
    irc = {n: d for n, d in deployments.items() if n.startswith("image-reflector-controller")}
    shards = {f"image-reflector-controller-shard{i}" for i in (1, 2, 3)}
    assert set(irc) == {"image-reflector-controller"} | shards
    selectors: dict[str, str] = {}
    for name, d in irc.items():
        spec = d["spec"]["template"]["spec"]
        assert spec["serviceAccountName"] == "image-reflector-controller"
        opts = parse_options(spec["containers"][0]["args"][1:], environ={"RUNTIME_NAMESPACE": "flux-system"})
        assert opts.warnings == []
        selectors[name] = opts.watch_label_selector
        for other, od in irc.items():
            if other != name:  # no Deployment's selector matches another's pods
                template = od["spec"]["template"]["metadata"]["labels"]
                assert not d["spec"]["selector"]["matchLabels"].items() <= template.items()
    assert selectors["image-reflector-controller"] == "!sharding.fluxcd.io/key"
    assert selectors["image-reflector-controller-shard2"] == "sharding.fluxcd.io/key=shard2"
    ids = {leader_election_id(["imagerepository", "imagepolicy"], s) for s in selectors.values()}
    assert len(ids) == 4  # each leads under its own lease
