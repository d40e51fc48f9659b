"""The three ImagePolicy patterns of the automation reference, end to end: a real registry,
the ImageRepository controller scanning it and the ImagePolicy controller choosing a tag."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from controller_runtime.client import Client
from tests.imagepolicy.conftest import FAST, image_policy, image_repository, wait_policy
from tests.support.kubectl import Kubectl
from tests.support.manager import run_manager
from tests.support.registry import RegistryServer

# The specs as the automation reference writes them (spec/image-automation-reference.md).
DEV = {
    "imageRepositoryRef": {"name": "app-name-dev"},
    "filterTags": {"pattern": "^dev-[0-9a-fA-F]{7,40}-(?P<run>[0-9]+)$", "extract": "$run"},
    "policy": {"numerical": {"order": "asc"}},
}
PROD = {
    "imageRepositoryRef": {"name": "app-name-prod"},
    "filterTags": {"pattern": "^v(?P<version>[0-9]+\\.[0-9]+\\.[0-9]+)$", "extract": "$version"},
    "policy": {"semver": {"range": ">=1.0.0"}},
}
STAGING = {
    "imageRepositoryRef": {"name": "app-name-staging"},
    "filterTags": {"pattern": "^staging-(?P<sha>[0-9a-fA-F]{7,40})$", "extract": "$sha"},
    "policy": {"alphabetical": {"order": "desc"}},
}

DEV_TAGS = ["dev-abc1234-99", "dev-def5678-100", "dev-0123abc-1001", "main-abc1234-5000", "dev-zz-7000",
            "latest"]
PROD_TAGS = ["v0.9.9", "v1.2.3", "v1.10.0", "v2.0.0-rc.1", "3.0.0", "latest"]
STAGING_TAGS = ["staging-abc1234", "staging-0def567", "staging-fff0000", "staging-xyz", "dev-0000000-1"]


async def test_reference_patterns_select_the_documented_tags(
    env: Any, client: Client, namespace: str, registry: RegistryServer, storage: Path, kubectl: Kubectl
) -> None:
    repo = f"app-{uuid.uuid4().hex[:8]}"
    for suffix, tags in (("dev", DEV_TAGS), ("prod", PROD_TAGS), ("staging", STAGING_TAGS)):
        await registry.apush_tags(f"{repo}/{suffix}", tags)

    async with run_manager(env, ["imagerepository", "imagepolicy"], namespace=namespace,
                           storage_path=storage, options_overrides=FAST):
        for suffix, spec in (("dev", DEV), ("prod", PROD), ("staging", STAGING)):
            await client.create(image_repository(namespace, f"app-name-{suffix}",
                                                 registry.image(f"{repo}/{suffix}")))
            await client.create(image_policy(namespace, f"app-name-{suffix}", spec))

        dev = await wait_policy(client, namespace, "app-name-dev", tag="dev-0123abc-1001")
        prod = await wait_policy(client, namespace, "app-name-prod", tag="v1.10.0")
        staging = await wait_policy(client, namespace, "app-name-staging", tag="staging-0def567")

    for obj, suffix, tag in ((dev, "dev", "dev-0123abc-1001"), (prod, "prod", "v1.10.0"),
                             (staging, "staging", "staging-0def567")):
        image = registry.image(f"{repo}/{suffix}")
        status = obj["status"]
        assert status["latestRef"] == {"name": image, "tag": tag}  # no digest: reflection is Never
        assert status["latestImage"] == f"{image}:{tag}"
        assert "observedPreviousRef" not in status
        assert status["observedGeneration"] == obj["metadata"]["generation"]
        assert obj["metadata"]["finalizers"] == ["finalizers.fluxcd.io"]
        ready = next(c for c in status["conditions"] if c["type"] == "Ready")
        assert ready["reason"] == "Succeeded"
        assert ready["message"] == f"Latest image tag for {image} resolved to {tag}"
        assert [c["type"] for c in status["conditions"]] == ["Ready"]  # Reconciling gone

    # What the reference's troubleshooting section tells users to run.
    table = await kubectl.run("get", "imagepolicy", "-n", namespace)
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["NAME", "IMAGE", "TAG", "READY", "STATUS", "AGE"]
    row = next(line for line in lines if line.startswith("app-name-prod "))
    assert row.split()[:4] == ["app-name-prod", registry.image(f"{repo}/prod"), "v1.10.0", "True"]
    assert f"Latest image tag for {registry.image(f'{repo}/prod')} resolved to v1.10.0" in row
    latest = await kubectl.run("get", "imagepolicy", "app-name-dev", "-n", namespace,
                               "-o", "jsonpath={.status.latestImage}")
    assert latest.stdout == f"{registry.image(f'{repo}/dev')}:dev-0123abc-1001"
