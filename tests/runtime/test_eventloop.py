"""The loop `lookout manager` and `envtest serve` run on: uvloop when installed, asyncio's otherwise."""

from __future__ import annotations

import asyncio
import sys

import pytest
import uvloop

from controller_runtime.manager import eventloop


async def _running_loop_type() -> type[asyncio.AbstractEventLoop]:
    return type(asyncio.get_running_loop())


def test_runs_on_uvloop_when_installed() -> None:
    assert eventloop.run(_running_loop_type()) is uvloop.Loop


def test_falls_back_to_asyncio_without_uvloop(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "uvloop", None)  # `import uvloop` now raises ImportError
    loop_type = eventloop.run(_running_loop_type())
    assert loop_type is not uvloop.Loop
    assert issubclass(loop_type, asyncio.BaseEventLoop)
