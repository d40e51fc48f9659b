from __future__ import annotations

from pathlib import Path
from typing import Any

from controller_runtime.client import Client
from tests.imagerepository.conftest import FAST, image_repository, wait_ready
from tests.support.manager import run_manager
from tests.support.registry import RegistryServer


async def test_anonymous(env: Any, client: Client, namespace: str, plain_registry: RegistryServer,
                         tmp_path: Path) -> None:
    async with run_manager(env, namespace=namespace, storage_path=tmp_path, options_overrides=FAST):
        await client.create(image_repository(namespace, "app", plain_registry.image("team/app")))
        obj = await wait_ready(client, namespace, "app")
        print(obj["status"])
