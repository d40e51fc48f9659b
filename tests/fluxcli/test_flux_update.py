"""`flux get|reconcile|suspend|resume image update` against Lookout's ImageUpdateAutomation:
flux2's requests and output, on the session's API server and on a real kube-apiserver."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from controller_runtime.client import Client
from tests.fluxcli.flux import API_VERSION, Flux, condition, go_rfc3339, table
from tests.imageupdateautomation.conftest import (
    FAST,
    PASSWORD,
    USER,
    automation,
    git_repository,
    head,
    secret,
    set_policy,
)
from tests.support.gitserver import GitHTTPServer, init_bare_repo
from tests.support.manager import RunningManager, run_manager
from tests.support.servers import env  # noqa: F401 -- every test here runs on both API servers
from tests.support.wait import eventually

IUA = "ImageUpdateAutomation"


@pytest.fixture
async def automation_controller(
    env: Any,  # noqa: F811 -- the parametrised fixture imported above
    namespace: str,
    tmp_path: Path,
) -> AsyncIterator[RunningManager]:
    async with run_manager(
        env,
        ["imageupdateautomation"],
        namespace=namespace,
        storage_path=tmp_path / "data",
        options_overrides=FAST,
    ) as running:
        yield running


async def test_reconcile_get_suspend_resume_image_update(
    client: Client,
    namespace: str,
    automation_controller: RunningManager,
    tmp_path: Path,
) -> None:
    flux = Flux(client, namespace, timeout=30.0, poll_interval=0.1)
    async with GitHTTPServer(root=tmp_path / "remote", username=USER, password=PASSWORD) as server:
        bare = server.root / "fleet.git"
        marked = f'image: registry.example/web:1.0.0 # {{"$imagepolicy": "{namespace}:web"}}\n'
        await asyncio.to_thread(init_bare_repo, bare, {"deploy.yaml": marked.encode()})
        await client.create(secret(namespace, "git", {"username": USER, "password": PASSWORD}))
        await client.create(
            git_repository(namespace, "fleet", server.url("fleet.git"), secretRef={"name": "git"})
        )
        await set_policy(client, namespace, "web", "registry.example/web", "1.0.0")
        await client.create(automation(namespace, "fleet", "fleet"))
        idle = automation(namespace, "idle", "fleet")
        idle["spec"]["suspend"] = True
        await client.create(idle)

        async def ready() -> Any:
            obj = dict(await client.get(API_VERSION, IUA, "fleet", namespace=namespace))
            cond = condition(obj, "Ready")
            return obj if cond and cond.get("status") == "True" else None

        await eventually(ready)
        # A new tag, then `flux reconcile image update`: it waits for the run and prints Ready's message.
        await set_policy(client, namespace, "web", "registry.example/web", "1.1.0")
        run = await flux("reconcile", "image", "update", "fleet")
        assert run.code == 0, run
        assert run.stderr[0] == f"► annotating ImageUpdateAutomation fleet in {namespace} namespace"
        assert run.stderr[-1] == "✔ repository up-to-date", run.stderr
        obj = dict(await client.get(API_VERSION, IUA, "fleet", namespace=namespace))
        assert obj["status"]["lastPushCommit"] == head(bare)

        run = await flux("get", "image", "update")
        assert run.code == 0 and not run.stderr, run
        assert run.stdout == table(
            ["Name", "Ready", "Message", "Last run", "Suspended"],
            [
                [
                    "fleet",
                    "True",
                    "repository up-to-date",
                    go_rfc3339(obj["status"]["lastAutomationRunTime"]),
                    "False",
                ],
                ["idle", "False", "waiting to be reconciled", "", "True"],
            ],
        )

        run = await flux("reconcile", "image", "update", "idle")
        assert (run.code, run.stderr[-1]) == (1, "✗ resource is suspended")
        run = await flux("resume", "image", "update", "idle")
        assert run.code == 0, run
        assert run.stderr[1] == "✔ image update automation resumed", run.stderr
        assert run.stderr[-2:] == [
            "✔ ImageUpdateAutomation idle reconciliation completed",
            "✔ repository up-to-date",
        ], run.stderr
        run = await flux("suspend", "image", "update", "fleet")
        assert run.code == 0 and run.stderr[-1] == "✔ image update automation suspended", run.stderr
