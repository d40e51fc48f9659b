"""Run a Lookout Manager in-process against the test API server, with chosen controllers.

    async with run_manager(env, controllers=["imagerepository"], namespace=ns,
                           options_overrides={"min_retry_delay": 0.05}, storage_path=tmp) as mgr:
        ...  # mgr.manager, mgr.options, mgr.client

The options are those `lookout manager` parses from its flags (Flux's defaults), with
the servers off, then `options_overrides` applied (ControllerOptions field names; unknown
names go to `options.extra`, e.g. `{"some-new-flag": 5}`). `namespace` restricts the
manager's cache to one namespace (`--watch-all-namespaces=false`), so managers of
different tests never reconcile each other's objects. On exit the manager stops
gracefully, as on SIGTERM.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
from collections.abc import AsyncIterator, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from controller_runtime.client import Client
from controller_runtime.manager import Manager
from controllers.manager_cmd import (
    ControllerOptions,
    available_controllers,
    manager_options,
    parse_options,
)
from tests.support.wait import eventually


@dataclass
class RunningManager:
    manager: Manager
    options: ControllerOptions
    client: Client
    task: asyncio.Task[None]

    async def stop(self) -> None:
        """Stop gracefully and re-raise whatever ended the manager abnormally."""
        self.manager.stop()
        await self.task


def build_options(
    controllers: Iterable[str],
    *,
    storage_path: str | os.PathLike[str] | None = None,
    namespace: str | None = None,
    options_overrides: Mapping[str, Any] | None = None,
) -> ControllerOptions:
    """ControllerOptions as `lookout manager` would build them, for in-process tests."""
    names = list(controllers)
    argv = [f"--controllers={','.join(names)}", "--metrics-addr=0", "--health-addr=0"]
    if storage_path is not None:
        argv.append(f"--storage-path={os.fspath(storage_path)}")
    environ: dict[str, str] = {}
    if namespace is not None:
        argv.append("--watch-all-namespaces=false")
        environ["RUNTIME_NAMESPACE"] = namespace
    opts = parse_options(argv, environ=environ)
    fields = {f.name for f in dataclasses.fields(ControllerOptions)}
    known = {k: v for k, v in (options_overrides or {}).items() if k in fields and k != "extra"}
    extra = {k: v for k, v in (options_overrides or {}).items() if k not in fields}
    extra.update(dict((options_overrides or {}).get("extra") or {}))
    opts = dataclasses.replace(opts, **known)
    opts.extra.update(extra)
    opts.graceful_shutdown_timeout = min(opts.graceful_shutdown_timeout, 30.0)
    return opts


@contextlib.asynccontextmanager
async def run_manager(
    env: Any,
    controllers: Iterable[str] = ("imagerepository",),
    *,
    namespace: str | None = None,
    options_overrides: Mapping[str, Any] | None = None,
    storage_path: str | os.PathLike[str] | None = None,
    manager_overrides: Mapping[str, Any] | None = None,
) -> AsyncIterator[RunningManager]:
    """A started, elected manager running `controllers`; stopped (and checked) on exit.
    `manager_overrides` replace ManagerOptions fields (the runtime's, not a flag's)."""
    opts = build_options(
        controllers, storage_path=storage_path, namespace=namespace, options_overrides=options_overrides
    )
    available = available_controllers()
    async with Client(env.config, field_manager=opts.controller_name) as client:
        manager = Manager(client, dataclasses.replace(manager_options(opts), **dict(manager_overrides or {})))
        for name in opts.controllers:
            result = available[name](manager, opts)
            if result is not None:
                await result
        task = asyncio.create_task(manager.start(), name="test manager")
        running = RunningManager(manager=manager, options=opts, client=client, task=task)
        try:
            await eventually(lambda: manager.elected.is_set() or task.done())
            if task.done():
                task.result()  # surface a start failure
            yield running
        finally:
            if not task.done():
                manager.stop()
            await task
