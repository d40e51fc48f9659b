"""The whole loop: a tag pushed to a real registry ends as a signed commit (SSH, checked by
`git verify-commit`) in a real Git repository, with ImageRepository, ImagePolicy and
ImageUpdateAutomation running in one manager."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from controller_runtime.client import Client
from tests.imagepolicy.conftest import image_policy
from tests.imagerepository.conftest import IR, image_repository
from tests.imageupdateautomation.conftest import (
    FAST,
    PASSWORD,
    USER,
    automation,
    git_repository,
    head,
    log_message,
    secret,
    show,
    verify_ssh_signature,
    wait_ready,
)
from tests.support.gitserver import GitHTTPServer, init_bare_repo, ssh_keypair
from tests.support.manager import run_manager
from tests.support.registry import RegistryServer

EMAIL = "fluxbot@example.com"  # the automation's commit author
KUSTOMIZATION = """\
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - deployment.yaml
images:
  - name: app
    newName: {image} # {{"$imagepolicy": "{ns}:app:name"}}
    newTag: 1.0.0 # {{"$imagepolicy": "{ns}:app:tag"}}
"""


async def test_new_tag_in_the_registry_becomes_a_commit(
    env: Any,
    client: Client,
    namespace: str,
    plain_registry: RegistryServer,
    http_git: GitHTTPServer,
    tmp_path: Path,
) -> None:
    image = plain_registry.image("loop/app")
    await plain_registry.apush_tags("loop/app", ["1.0.0", "1.1.0"])
    bare = http_git.root / "fleet.git"
    text = KUSTOMIZATION.format(image=image, ns=namespace)
    await asyncio.to_thread(init_bare_repo, bare, {"apps/kustomization.yaml": text.encode()})
    controllers = ["imagerepository", "imagepolicy", "imageupdateautomation"]
    async with run_manager(
        env, controllers, namespace=namespace, storage_path=tmp_path / "data", options_overrides=FAST
    ):
        await client.create(image_repository(namespace, "app", image))
        await client.create(
            image_policy(
                namespace,
                "app",
                {"imageRepositoryRef": {"name": "app"}, "policy": {"semver": {"range": ">=1.0.0"}}},
            )
        )
        await client.create(secret(namespace, "git", {"username": USER, "password": PASSWORD}))
        await client.create(
            git_repository(namespace, "fleet", http_git.url("fleet.git"), secretRef={"name": "git"})
        )
        key, public = ssh_keypair()
        await client.create(secret(namespace, "signing", {"identity": key}))
        spec = automation(namespace, "fleet", "fleet")
        spec["spec"]["git"]["commit"]["signingKey"] = {"type": "ssh", "secretRef": {"name": "signing"}}
        spec["spec"]["git"]["commit"]["messageTemplate"] = (
            "{{ range .Changed.Changes }}{{ .OldValue }} -> {{ .NewValue }}\n{{ end }}"
        )
        await client.create(spec)

        obj = await wait_ready(client, namespace, "fleet", tag="1.1.0", within=60)
        first = head(bare)
        assert obj["status"]["lastPushCommit"] == first
        assert show(bare, first, "apps/kustomization.yaml") == text.replace("newTag: 1.0.0", "newTag: 1.1.0")
        assert log_message(bare, first) == "1.0.0 -> 1.1.0"
        report = await asyncio.to_thread(verify_ssh_signature, tmp_path, bare, first, public, EMAIL)
        assert f'Good "git" signature for {EMAIL}' in report, report

        # A new release: the scan finds it, the policy picks it, the automation commits it.
        await plain_registry.apush_tags("loop/app", ["1.2.0"])
        await client.patch(
            *IR,
            "app",
            {"metadata": {"annotations": {"reconcile.fluxcd.io/requestedAt": "release"}}},
            namespace=namespace,
        )
        await wait_ready(client, namespace, "fleet", pushed=first, tag="1.2.0", within=60)
        second = head(bare)
        assert show(bare, second, "apps/kustomization.yaml") == text.replace("newTag: 1.0.0", "newTag: 1.2.0")
        assert log_message(bare, second) == "1.1.0 -> 1.2.0"
        report = await asyncio.to_thread(verify_ssh_signature, tmp_path, bare, second, public, EMAIL)
        assert f'Good "git" signature for {EMAIL}' in report, report
