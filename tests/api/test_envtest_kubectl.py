"""What users see with kubectl: the spec's columns for each kind and version, short names,
categories, deprecation warnings, and the kustomize installation applied to the server."""

from __future__ import annotations

import re
from typing import Any

import pytest

READY = {
    "type": "Ready",
    "status": "True",
    "reason": "Succeeded",
    "message": "successful scan, found 211 tags",
    "lastTransitionTime": "2022-09-15T22:38:42Z",
    "observedGeneration": 1,
}
IMAGE = "image.toolkit.fluxcd.io"
AGE = re.compile(r"^\d+s$")

KINDS: dict[str, dict[str, Any]] = {
    "ImageRepository": {
        "group": IMAGE,
        "plural": "imagerepositories",
        "spec": {"image": "ghcr.io/stefanprodan/podinfo", "interval": "1h"},
        "status": {
            "conditions": [READY],
            "lastScanResult": {"tagCount": 211, "scanTime": "2022-09-15T22:34:05Z"},
        },
    },
    "ImagePolicy": {
        "group": IMAGE,
        "plural": "imagepolicies",
        "spec": {"imageRepositoryRef": {"name": "podinfo"}, "policy": {"semver": {"range": "6.x"}}},
        "status": {
            "conditions": [
                dict(READY, message="Latest image tag for ghcr.io/stefanprodan/podinfo resolved to 6.2.0")
            ],
            "latestRef": {"name": "ghcr.io/stefanprodan/podinfo", "tag": "6.2.0"},
            "latestImage": "ghcr.io/stefanprodan/podinfo:6.2.0",
        },
    },
    "ImageUpdateAutomation": {
        "group": IMAGE,
        "plural": "imageupdateautomations",
        "spec": {"interval": "5m", "sourceRef": {"kind": "GitRepository", "name": "flux-system"}},
        "status": {
            "conditions": [dict(READY, message="repository up-to-date")],
            "lastAutomationRunTime": "2024-01-02T03:04:05Z",
        },
    },
    "OCIRepository": {
        "group": "source.werf.io",
        "plural": "ocirepositories",
        "spec": {"url": "oci://ghcr.io/stefanprodan/manifests/podinfo", "interval": "5m0s"},
        "status": {
            "conditions": [
                dict(
                    READY, message="stored artifact for revision 'latest@sha256:3b6cdcc7adcc9a84d3214ee1c029'"
                )
            ]
        },
    },
    "GitRepository": {
        "group": "source.toolkit.fluxcd.io",
        "plural": "gitrepositories",
        "spec": {"url": "https://github.com/stefanprodan/podinfo", "interval": "1m"},
        "status": {
            "conditions": [dict(READY, message="stored artifact for revision 'master@sha1:132f4e71'")]
        },
    },
}

READY_MSG = {kind: info["status"]["conditions"][0]["message"] for kind, info in KINDS.items()}

# (kind, version, wide) -> [(header, expected cell or a pattern)]
COLUMNS: list[tuple[str, str, bool, list[tuple[str, Any]]]] = [
    # imagerepositories-v1beta2.md: "NAME   LAST SCAN   TAGS"
    ("ImageRepository", "v1beta2", False, [("LAST SCAN", "2022-09-15T22:34:05Z"), ("TAGS", "211")]),
    ("ImageRepository", "v1beta1", False, [("LAST SCAN", "2022-09-15T22:34:05Z"), ("TAGS", "211")]),
    (
        "ImageRepository",
        "v1",
        False,
        [
            ("IMAGE", "ghcr.io/stefanprodan/podinfo"),
            ("TAGS", "211"),
            ("READY", "True"),
            ("STATUS", READY_MSG["ImageRepository"]),
            ("AGE", AGE),
        ],
    ),
    (
        "ImageRepository",
        "v1",
        True,
        [
            ("IMAGE", "ghcr.io/stefanprodan/podinfo"),
            ("TAGS", "211"),
            ("READY", "True"),
            ("STATUS", READY_MSG["ImageRepository"]),
            ("LAST SCAN", "2022-09-15T22:34:05Z"),
            ("AGE", AGE),
        ],
    ),
    (
        "ImagePolicy",
        "v1",
        False,
        [
            ("IMAGE", "ghcr.io/stefanprodan/podinfo"),
            ("TAG", "6.2.0"),
            ("READY", "True"),
            ("STATUS", READY_MSG["ImagePolicy"]),
            ("AGE", AGE),
        ],
    ),
    ("ImagePolicy", "v1beta2", False, [("LATESTIMAGE", "ghcr.io/stefanprodan/podinfo:6.2.0")]),
    ("ImagePolicy", "v1beta1", False, [("LATESTIMAGE", "ghcr.io/stefanprodan/podinfo:6.2.0")]),
    (
        "ImageUpdateAutomation",
        "v1",
        False,
        [("READY", "True"), ("STATUS", READY_MSG["ImageUpdateAutomation"]), ("AGE", AGE)],
    ),
    (
        "ImageUpdateAutomation",
        "v1",
        True,
        [
            ("READY", "True"),
            ("STATUS", READY_MSG["ImageUpdateAutomation"]),
            ("LAST RUN", "2024-01-02T03:04:05Z"),
            ("AGE", AGE),
        ],
    ),
    ("ImageUpdateAutomation", "v1beta2", False, [("LAST RUN", "2024-01-02T03:04:05Z")]),
    # ocirepositories-source.werf.io-v1.md: "NAME   URL   AGE   READY   STATUS"
    *[
        (
            "OCIRepository",
            version,
            False,
            [
                ("URL", "oci://ghcr.io/stefanprodan/manifests/podinfo"),
                ("AGE", AGE),
                ("READY", "True"),
                ("STATUS", READY_MSG["OCIRepository"]),
            ],
        )
        for version in ("v1", "v1beta2")
    ],
    # The optional component's GitRepository: Flux source-controller's columns.
    (
        "GitRepository",
        "v1",
        False,
        [
            ("URL", "https://github.com/stefanprodan/podinfo"),
            ("AGE", AGE),
            ("READY", "True"),
            ("STATUS", READY_MSG["GitRepository"]),
        ],
    ),
]


async def create_with_status(client: Any, kind: str, version: str, namespace: str, name: str) -> None:
    info = KINDS[kind]
    created = await client.create(
        {
            "apiVersion": f"{info['group']}/{version}",
            "kind": kind,
            "metadata": {"name": name, "namespace": namespace},
            "spec": info["spec"],
        }
    )
    created["status"] = info["status"]
    await client.update_status(created)


def parse_table(out: str) -> list[dict[str, str]]:
    """kubectl's table: each column starts where its header starts (cells may be empty)."""
    header, *rows = [line.rstrip() for line in out.splitlines() if line.strip()]
    starts = [m.start() for m in re.finditer(r"(?:^|(?<=\s{2}))\S", header)]
    spans = list(zip(starts, [*starts[1:], None], strict=True))
    names = [header[a:b].strip() for a, b in spans]
    return [{n: row[a:b].strip() for n, (a, b) in zip(names, spans, strict=True)} for row in rows]


@pytest.mark.parametrize(
    ("kind", "version", "wide", "expected"),
    COLUMNS,
    ids=[f"{k}-{v}{'-wide' if w else ''}" for k, v, w, _ in COLUMNS],
)
async def test_kubectl_get_shows_the_spec_columns(
    kind: str,
    version: str,
    wide: bool,
    expected: list[tuple[str, Any]],
    client: Any,
    kubectl: Any,
    namespace: str,
) -> None:
    await create_with_status(client, kind, version, namespace, "podinfo")
    resource = f"{KINDS[kind]['plural']}.{version}.{KINDS[kind]['group']}"
    args = ["get", resource, "-n", namespace] + (["-o", "wide"] if wide else [])
    result = await kubectl.run(*args)
    (row,) = parse_table(result.stdout)
    assert list(row) == ["NAME"] + [name for name, _ in expected], result.stdout
    assert row["NAME"] == "podinfo"
    for name, want in expected:
        if isinstance(want, re.Pattern):
            assert want.match(row[name]), (name, row[name])
        else:
            assert row[name] == want, (name, result.stdout)
    if version != "v1":
        assert f"Warning: {version} {kind} is deprecated, upgrade to v1" in result.stderr
    else:
        assert "deprecated" not in result.stderr


@pytest.mark.parametrize(
    ("short", "kind"),
    [
        ("imgrepo", "ImageRepository"),
        ("imagerepo", "ImageRepository"),
        ("imgpol", "ImagePolicy"),
        ("imagepol", "ImagePolicy"),
        ("iua", "ImageUpdateAutomation"),
        ("imgupd", "ImageUpdateAutomation"),
        ("imgauto", "ImageUpdateAutomation"),
        ("ocirepo", "OCIRepository"),
        ("gitrepo", "GitRepository"),
    ],
)
async def test_short_names(short: str, kind: str, client: Any, kubectl: Any, namespace: str) -> None:
    await create_with_status(client, kind, "v1", namespace, "short")
    result = await kubectl.run("get", short, "-n", namespace, "-o", "name")
    assert result.stdout.split() == [f"{kind.lower()}.{KINDS[kind]['group']}/short"]


async def test_categories_list_every_kind(client: Any, kubectl: Any, namespace: str) -> None:
    for kind in KINDS:
        await create_with_status(client, kind, "v1", namespace, "cat")
    images = await kubectl.run("get", "fluxcd-images", "-n", namespace, "-o", "name")
    assert sorted(images.stdout.split()) == sorted(
        f"{k.lower()}.{IMAGE}/cat" for k in ("ImageRepository", "ImagePolicy", "ImageUpdateAutomation")
    )
    everything = await kubectl.run("get", "fluxcd", "-n", namespace, "-o", "name")
    assert sorted(everything.stdout.split()) == sorted(f"{k.lower()}.{KINDS[k]['group']}/cat" for k in KINDS)


async def test_apply_default_installation_twice(kubectl: Any) -> None:
    """Strict field validation: a misspelt or misplaced field in a manifest fails the apply."""
    first = await kubectl.run("apply", "--validate=strict", "-k", "config/default")
    assert "namespace/flux-system" in first.stdout
    for name in ("image-reflector-controller", "image-automation-controller", "lookout-source-controller"):
        assert f"deployment.apps/{name}" in first.stdout
        assert f"serviceaccount/{name}" in first.stdout
    second = await kubectl.run("apply", "--validate=strict", "-k", "config/default")
    changed = [line for line in second.stdout.splitlines() if not line.endswith(" unchanged")]
    assert changed == [], second.stdout
    deployments = await kubectl.run("get", "deployments", "-n", "flux-system", "-o", "name")
    assert {
        "deployment.apps/image-reflector-controller",
        "deployment.apps/image-automation-controller",
        "deployment.apps/lookout-source-controller",
    } <= set(deployments.stdout.split())
    sa = await kubectl.run(
        "get", "serviceaccount", "image-reflector-controller", "-n", "flux-system", "-o", "name"
    )
    assert sa.stdout.strip() == "serviceaccount/image-reflector-controller"


async def test_server_side_apply_of_the_default_installation(kubectl: Any) -> None:
    """`kubectl apply --server-side -k config/default`, on a fresh install or over a
    client-side one (taking over kubectl's own fields), and again (idempotent)."""
    first = await kubectl.run("apply", "--server-side", "--force-conflicts", "-k", "config/default")
    lines = first.stdout.splitlines()
    assert lines and all(line.endswith(" serverside-applied") for line in lines), first.stdout
    again = await kubectl.run("apply", "--server-side", "-k", "config/default")
    assert again.stdout.splitlines() == lines
    deployment = await kubectl.run(
        "get", "deployment", "lookout-source-controller", "-n", "flux-system", "-o", "json"
    )
    container = deployment.json()["spec"]["template"]["spec"]["containers"][0]
    assert container["args"][:2] == ["manager", "--controllers=ocirepository"]


async def test_apply_all_in_one_overlay(kubectl: Any) -> None:
    result = await kubectl.run("apply", "--validate=strict", "-k", "config/all-in-one")
    assert "deployment.apps/lookout-controller" in result.stdout
    assert "serviceaccount/lookout-controller" in result.stdout
    service = await kubectl.run(
        "get", "service", "lookout-source-controller", "-n", "flux-system", "-o", "json")
    assert service.json()["spec"]["selector"] == {"app": "lookout-controller"}
