"""Objects the CRDs must refuse, refused with the offending field named (client and kubectl)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from api.gitrepository.v1.gitrepository import SERVICE_ACCOUNT_NEEDS_CLOUD_PROVIDER
from api.image.v1.imagepolicy import INTERVAL_ONLY_WITH_ALWAYS, INTERVAL_REQUIRED_WITH_ALWAYS
from controller_runtime.client import errors

IMAGE = "image.toolkit.fluxcd.io"

REPO: dict[str, Any] = {
    "apiVersion": f"{IMAGE}/v1",
    "kind": "ImageRepository",
    "metadata": {"name": "bad"},
    "spec": {"image": "ghcr.io/stefanprodan/podinfo", "interval": "5m"},
}
POLICY: dict[str, Any] = {
    "apiVersion": f"{IMAGE}/v1",
    "kind": "ImagePolicy",
    "metadata": {"name": "bad"},
    "spec": {"imageRepositoryRef": {"name": "podinfo"}, "policy": {"semver": {"range": ">=1.0.0"}}},
}
AUTOMATION: dict[str, Any] = {
    "apiVersion": f"{IMAGE}/v1",
    "kind": "ImageUpdateAutomation",
    "metadata": {"name": "bad"},
    "spec": {
        "interval": "5m",
        "sourceRef": {"kind": "GitRepository", "name": "flux-system"},
        "git": {"commit": {"author": {"email": "fluxbot@example.com"}}},
    },
}
OCI: dict[str, Any] = {
    "apiVersion": "source.werf.io/v1",
    "kind": "OCIRepository",
    "metadata": {"name": "bad"},
    "spec": {"url": "oci://ghcr.io/stefanprodan/manifests/podinfo", "interval": "5m"},
}
GIT: dict[str, Any] = {
    "apiVersion": "source.toolkit.fluxcd.io/v1",
    "kind": "GitRepository",
    "metadata": {"name": "bad"},
    "spec": {"url": "https://github.com/org/repo", "interval": "1m"},
}


def with_change(
    base: dict[str, Any], path: str, value: Any, api_version: str | None = None
) -> dict[str, Any]:
    """A copy of `base` with the dotted `path` set to `value` (or removed when value is ...)."""
    obj = copy.deepcopy(base)
    if api_version:
        obj["apiVersion"] = api_version
    *parents, leaf = path.split(".")
    node = obj
    for key in parents:
        node = node.setdefault(key, {})
    if value is ...:
        node.pop(leaf, None)
    else:
        node[leaf] = value
    return obj


CASES = [
    # (id, object, field named in the error, what the error says about it)
    ("repo-missing-image", with_change(REPO, "spec.image", ...), "spec.image", "Required value"),
    ("repo-missing-interval", with_change(REPO, "spec.interval", ...), "spec.interval", "Required value"),
    ("repo-bad-provider", with_change(REPO, "spec.provider", "docker"), "spec.provider", "Unsupported value"),
    ("repo-bad-interval", with_change(REPO, "spec.interval", "5 minutes"), "spec.interval", "Invalid value"),
    ("repo-timeout-in-hours", with_change(REPO, "spec.timeout", "1h"), "spec.timeout", "Invalid value"),
    (
        "repo-too-many-exclusions",
        with_change(REPO, "spec.exclusionList", [f"^{i}$" for i in range(26)]),
        "spec.exclusionList",
        "Too many",
    ),
    (
        "repo-v1beta2-bad-interval",
        with_change(REPO, "spec.interval", "1d", api_version=f"{IMAGE}/v1beta2"),
        "spec.interval",
        "Invalid value",
    ),
    (
        "repo-v1beta1-missing-image",
        with_change(REPO, "spec.image", ..., api_version=f"{IMAGE}/v1beta1"),
        "spec.image",
        "Required value",
    ),
    (
        "policy-missing-repository-ref",
        with_change(POLICY, "spec.imageRepositoryRef", ...),
        "spec.imageRepositoryRef",
        "Required value",
    ),
    (
        "policy-bad-order",
        with_change(POLICY, "spec.policy", {"numerical": {"order": "up"}}),
        "spec.policy.numerical.order",
        "Unsupported value",
    ),
    (
        "policy-bad-reflection",
        with_change(POLICY, "spec.digestReflectionPolicy", "Sometimes"),
        "spec.digestReflectionPolicy",
        "Unsupported value",
    ),
    (
        "policy-semver-without-range",
        with_change(POLICY, "spec.policy", {"semver": {}}),
        "spec.policy.semver.range",
        "Required value",
    ),
    (
        "automation-bad-source-kind",
        with_change(AUTOMATION, "spec.sourceRef", {"kind": "Bucket", "name": "b"}),
        "spec.sourceRef.kind",
        "Unsupported value",
    ),
    (
        "automation-bad-strategy",
        with_change(AUTOMATION, "spec.update", {"strategy": "Regex"}),
        "spec.update.strategy",
        "Unsupported value",
    ),
    (
        "automation-author-without-email",
        with_change(AUTOMATION, "spec.git", {"commit": {"author": {"name": "bot"}}}),
        "spec.git.commit.author.email",
        "Required value",
    ),
    ("oci-https-url", with_change(OCI, "spec.url", "https://ghcr.io/org/repo"), "spec.url", "Invalid value"),
    ("oci-missing-url", with_change(OCI, "spec.url", ...), "spec.url", "Required value"),
    ("oci-bad-timeout", with_change(OCI, "spec.timeout", "2h"), "spec.timeout", "Invalid value"),
    (
        "oci-bad-layer-operation",
        with_change(OCI, "spec.layerSelector", {"operation": "move"}),
        "spec.layerSelector.operation",
        "Unsupported value",
    ),
    (
        "oci-bad-verify-provider",
        with_change(OCI, "spec.verify", {"provider": "gpg"}),
        "spec.verify.provider",
        "Unsupported value",
    ),
    (
        "oci-v1beta2-bad-url",
        with_change(OCI, "spec.url", "ghcr.io/org/repo", api_version="source.werf.io/v1beta2"),
        "spec.url",
        "Invalid value",
    ),
    ("git-scp-url", with_change(GIT, "spec.url", "git@github.com:org/repo"), "spec.url", "Invalid value"),
]


@pytest.mark.parametrize(("obj", "field", "says"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
async def test_invalid_object_is_rejected_naming_the_field(
    obj: dict[str, Any], field: str, says: str, client: Any, namespace: str
) -> None:
    obj = copy.deepcopy(obj)
    obj["metadata"]["namespace"] = namespace
    with pytest.raises(errors.InvalidError) as info:
        await client.create(obj)
    message = str(info.value)
    assert f"{field}: {says}" in message, message
    if says == "Invalid value":  # pattern mismatches quote the pattern, like kube-apiserver
        assert f"{field} in body should match '^" in message, message
    with pytest.raises(errors.NotFoundError):
        await client.get(obj["apiVersion"], obj["kind"], "bad", namespace=namespace)


async def test_kubectl_shows_the_rejected_field(kubectl: Any, namespace: str) -> None:
    obj = with_change(OCI, "spec.url", "https://ghcr.io/org/repo")
    obj["metadata"]["namespace"] = namespace
    result = await kubectl.run("apply", "-f", "-", input=yaml.safe_dump(obj), check=False)
    assert result.returncode != 0
    assert 'The OCIRepository "bad" is invalid' in result.stderr
    assert 'spec.url: Invalid value: "https://ghcr.io/org/repo"' in result.stderr


async def test_defaults_are_applied(client: Any, namespace: str) -> None:
    """What `kubectl get -o yaml` shows for a minimal object: the CRD defaults filled in."""
    repo = await client.create(with_change(REPO, "metadata.namespace", namespace))
    assert repo["spec"]["provider"] == "generic"
    assert repo["spec"]["exclusionList"] == ["^.*\\.sig$"]
    policy = await client.create(
        with_change(with_change(POLICY, "metadata.namespace", namespace), "spec.policy", {"alphabetical": {}})
    )
    assert policy["spec"]["digestReflectionPolicy"] == "Never"
    assert policy["spec"]["policy"] == {"alphabetical": {"order": "asc"}}
    auto = await client.create(with_change(AUTOMATION, "metadata.namespace", namespace))
    assert auto["spec"]["update"] == {"strategy": "Setters"}
    oci = await client.create(
        with_change(with_change(OCI, "metadata.namespace", namespace), "spec.verify", {"provider": "cosign"})
    )
    assert oci["spec"]["provider"] == "generic"
    assert oci["spec"]["timeout"] == "60s"
    for obj in (repo, policy, auto, oci):
        assert obj["status"] == {"observedGeneration": -1}


CEL_CASES = [
    # (id, object, the rule's message) -- x-kubernetes-validations, reported on `spec`
    (
        "policy-interval-without-always",
        with_change(POLICY, "spec.interval", "5m"),
        INTERVAL_ONLY_WITH_ALWAYS,
    ),
    (
        "policy-interval-with-if-not-present",
        with_change(
            with_change(POLICY, "spec.interval", "5m"), "spec.digestReflectionPolicy", "IfNotPresent"
        ),
        INTERVAL_ONLY_WITH_ALWAYS,
    ),
    (
        "policy-always-without-interval",
        with_change(POLICY, "spec.digestReflectionPolicy", "Always"),
        INTERVAL_REQUIRED_WITH_ALWAYS,
    ),
    (
        "policy-v1beta2-always-without-interval",
        with_change(POLICY, "spec.digestReflectionPolicy", "Always", api_version=f"{IMAGE}/v1beta2"),
        INTERVAL_REQUIRED_WITH_ALWAYS,
    ),
    (
        "git-service-account-with-generic-provider",
        with_change(GIT, "spec.serviceAccountName", "git-sa"),
        SERVICE_ACCOUNT_NEEDS_CLOUD_PROVIDER,
    ),
]


@pytest.mark.parametrize(("obj", "message"), [c[1:] for c in CEL_CASES], ids=[c[0] for c in CEL_CASES])
async def test_cel_rules_reject_with_their_message(
    obj: dict[str, Any], message: str, client: Any, namespace: str
) -> None:
    obj = copy.deepcopy(obj)
    obj["metadata"]["namespace"] = namespace
    with pytest.raises(errors.InvalidError) as info:
        await client.create(obj)
    assert f'spec: Invalid value: "object": {message}' in str(info.value), str(info.value)


async def test_cel_rules_accept_what_upstream_accepts(client: Any, namespace: str) -> None:
    accepted = [
        with_change(with_change(POLICY, "spec.digestReflectionPolicy", "Always"), "spec.interval", "10m"),
        with_change(with_change(GIT, "spec.serviceAccountName", "git-sa"), "spec.provider", "aws"),
        with_change(with_change(GIT, "spec.serviceAccountName", "git-sa"), "spec.provider", "azure"),
    ]
    for i, obj in enumerate(accepted):
        obj["metadata"].update(namespace=namespace, name=f"ok{i}")
        created = await client.create(obj)
        assert obj["spec"].items() <= created["spec"].items(), created["spec"]


async def test_status_artifact_requires_a_digest(client: Any, namespace: str) -> None:
    """Artifacts always name their digest (meta.Artifact): consumers verify downloads with it."""
    oci = await client.create(with_change(OCI, "metadata.namespace", namespace))
    oci["status"] = {
        "artifact": {
            "path": "ocirepository/ns/bad/x.tar.gz",
            "url": "http://source-controller.flux-system.svc.cluster.local./ocirepository/ns/bad/x.tar.gz",
            "revision": "latest@sha256:9f3bc0f341d4ecf2bab460cc59320a2a9ea292f01d7b96e32740a9abfd341088",
            "lastUpdateTime": "2025-08-08T09:35:45Z",
        }
    }
    with pytest.raises(errors.InvalidError) as info:
        await client.update_status(oci)
    assert "status.artifact.digest: Required value" in str(info.value), str(info.value)
