"""The event loop a manager process runs on: uvloop where it is installed, else asyncio's own.

A controller's work is network I/O: every reconcile talks to the API server, every watch
event is a TLS record to decrypt and a line to decode. uvloop runs the transports and TLS
in C and cuts the CPU each request costs, with asyncio's semantics unchanged (kopf's CLI makes
the same choice). Platforms without uvloop keep the standard loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop's loop constructor, or None for asyncio's default."""
    try:
        import uvloop
    except ImportError:
        return None
    factory: Callable[[], asyncio.AbstractEventLoop] = uvloop.new_event_loop
    return factory


def run(main: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` on the best loop available."""
    with asyncio.Runner(loop_factory=loop_factory()) as runner:
        return runner.run(main)
