"""SIGTERM/SIGINT handling: the first signal stops the manager gracefully, a second exits 1."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from collections.abc import Callable

log = logging.getLogger("controller_runtime.manager.signals")

_installed = False


def setup_signal_handler(
    on_first: Callable[[], None],
    *,
    loop: asyncio.AbstractEventLoop | None = None,
    exit_fn: Callable[[int], None] = os._exit,
) -> asyncio.Event:
    """Install the handlers once per process; returns an Event set on the first signal.

    ``on_first`` is typically ``task.cancel`` of the manager's task. The second signal
    means the operator lost patience with the graceful shutdown: exit at once with 1.
    """
    global _installed
    if _installed:
        raise RuntimeError("setup_signal_handler may only be called once")
    _installed = True
    loop = loop or asyncio.get_running_loop()
    stopped = asyncio.Event()

    def handle(signum: int) -> None:
        if stopped.is_set():
            log.error("second signal %s received, exiting immediately", signal.Signals(signum).name)
            exit_fn(1)
            return
        log.info("signal %s received, shutting down", signal.Signals(signum).name)
        stopped.set()
        on_first()

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, handle, sig)
    return stopped


def reset_for_tests(loop: asyncio.AbstractEventLoop | None = None) -> None:
    """Remove the handlers and allow a new installation (tests run several managers per process)."""
    global _installed
    _installed = False
    if loop is not None:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
