"""Which ImageRepository updates re-evaluate the policies that use it.

The repository controller writes its status on every scan (scan time, conditions), but a
policy's outcome only depends on the scanned tags (the revision), the image name, the
repository's readiness and its ACL: every other write must not wake every policy.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from controller_runtime.event import CreateEvent, DeleteEvent, UpdateEvent
from controllers.imagepolicy import RepositoryChanged, index_repository_ref

REPO: dict[str, Any] = {
    "apiVersion": "image.toolkit.fluxcd.io/v1", "kind": "ImageRepository",
    "metadata": {"name": "app", "namespace": "apps", "generation": 1, "resourceVersion": "10"},
    "spec": {"image": "ghcr.io/org/app", "interval": "1m"},
    "status": {
        "canonicalImageName": "ghcr.io/org/app",
        "lastScanResult": {"revision": "sha256:aaa", "tagCount": 3, "scanTime": "2026-01-01T00:00:00Z"},
        "conditions": [{"type": "Ready", "status": "True", "reason": "Succeeded",
                        "message": "successful scan, found 3 tags",
                        "lastTransitionTime": "2026-01-01T00:00:00Z"}],
    },
}


def _changed(**paths: Any) -> dict[str, Any]:
    new = copy.deepcopy(REPO)
    new["metadata"]["resourceVersion"] = "11"
    for path, value in paths.items():
        node = new
        *parents, leaf = path.split("__")
        for p in parents:
            node = node[p]
        node[leaf] = value
    return new


@pytest.mark.parametrize(
    ("new", "passes"),
    [
        (_changed(status__lastScanResult={"revision": "sha256:aaa", "tagCount": 3,
                                          "scanTime": "2026-01-01T00:05:00Z"}), False),
        (_changed(status__observedGeneration=1), False),
        (_changed(spec__interval="5m"), False),
        (_changed(status__lastScanResult={"revision": "sha256:bbb", "tagCount": 4,
                                          "scanTime": "2026-01-01T00:05:00Z"}), True),
        (_changed(status__canonicalImageName="ghcr.io/org/app2"), True),
        (_changed(status__conditions=[{"type": "Ready", "status": "False", "reason": "ReadOperationFailed",
                                       "message": "scan failed", "lastTransitionTime": "x"}]), True),
        (_changed(spec__accessFrom={"namespaceSelectors": [{"matchLabels": {}}]}), True),
    ],
    ids=["scan-time-only", "observed-generation", "interval", "new-revision", "canonical-name",
         "readiness", "access-from"],
)
def test_repository_updates_that_reach_policies(new: dict[str, Any], passes: bool) -> None:
    assert RepositoryChanged().update(UpdateEvent(old=REPO, new=new)) is passes


def test_repository_created_or_deleted_reaches_policies() -> None:
    assert RepositoryChanged().create(CreateEvent(obj=REPO))
    assert RepositoryChanged().delete(DeleteEvent(obj=REPO))


def test_index_key_defaults_to_the_policy_namespace() -> None:
    local = {"metadata": {"name": "p", "namespace": "team"}, "spec": {"imageRepositoryRef": {"name": "app"}}}
    remote = {"metadata": {"name": "p", "namespace": "team"},
              "spec": {"imageRepositoryRef": {"name": "app", "namespace": "apps"}}}
    assert index_repository_ref(local) == ["team/app"]
    assert index_repository_ref(remote) == ["apps/app"]
    assert index_repository_ref({"metadata": {"name": "p", "namespace": "team"}, "spec": {}}) == []
