"""`lookout manager` end to end: flags -> manager -> controllers -> probes -> clean exit."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from controller_runtime.manager import Manager
from controllers import manager_cmd
from tests.support.wait import eventually

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def captured() -> Any:
    managers: list[tuple[Manager, manager_cmd.ControllerOptions]] = []
    manager_cmd.register("widget", lambda mgr, opts: managers.append((mgr, opts)))
    yield managers
    manager_cmd.CONTROLLERS.pop("widget", None)


async def test_serve_runs_the_selected_controllers_with_probes(
    env: Any, namespace: str, captured: Any
) -> None:
    port = free_port()
    opts = manager_cmd.parse_options(
        [
            f"--kubeconfig={env.kubeconfig_path}",
            "--controllers=widget",
            f"--health-addr=127.0.0.1:{port}",
            "--metrics-addr=0",
            "--enable-leader-election",
            "--leader-election-lease-duration=3s",
            "--leader-election-renew-deadline=2s",
            "--leader-election-retry-period=500ms",
        ],
        environ={"RUNTIME_NAMESPACE": namespace},
    )
    task = asyncio.create_task(manager_cmd.serve(opts, install_signals=False))
    await eventually(lambda: captured)
    mgr, seen = captured[0]
    assert seen is opts
    await eventually(mgr.elected.is_set)
    async with aiohttp.ClientSession() as s:
        for path in ("/healthz", "/readyz"):
            async with s.get(f"http://127.0.0.1:{port}{path}") as r:
                assert r.status == 200
    lease = await mgr.client.get(
        "coordination.k8s.io/v1", "Lease", "lookout-leader-election", namespace=namespace
    )
    assert lease["spec"]["holderIdentity"] == mgr.elector.identity
    mgr.stop()
    assert await task == 0


async def test_signal_stops_the_process_with_exit_0_and_bad_flags_exit_2(env: Any, namespace: str) -> None:
    script = (
        "import sys; from controllers import manager_cmd; "
        "manager_cmd.register('widget', lambda m, o: None); "
        "import argparse; p = argparse.ArgumentParser(); manager_cmd.add_subcommand(p.add_subparsers()); "
        "a = p.parse_args(['manager'] + sys.argv[1:]); sys.exit(a.func(a))"
    )
    env_vars = {**os.environ, "PYTHONPATH": str(ROOT), "RUNTIME_NAMESPACE": namespace}
    bad = await asyncio.create_subprocess_exec(
        sys.executable, "-c", script, "--concurrent=x", env=env_vars, stderr=asyncio.subprocess.PIPE
    )
    _, err = await bad.communicate()
    assert bad.returncode == 2
    assert err.decode().startswith('invalid value "x" for flag -concurrent: parse error\n')

    port = free_port()
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        script,
        f"--kubeconfig={env.kubeconfig_path}",
        "--controllers=widget",
        f"--health-addr=127.0.0.1:{port}",
        "--metrics-addr=0",
        "--log-encoding=console",
        env=env_vars,
        stderr=asyncio.subprocess.PIPE,
    )
    try:

        async def healthy() -> bool:
            try:
                async with aiohttp.ClientSession() as s, s.get(f"http://127.0.0.1:{port}/healthz") as r:
                    return r.status == 200
            except aiohttp.ClientError:
                return False

        await eventually(healthy, timeout=30)
        proc.send_signal(signal.SIGTERM)
        async with asyncio.timeout(30):
            _, err = await proc.communicate()
        assert proc.returncode == 0, err.decode()[-2000:]
        assert "starting manager" in err.decode()
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()


def test_registry_rate_limit_flags_reach_the_controllers_and_are_checked() -> None:
    opts = manager_cmd.parse_options(["--registry-qps=2.5", "-registry-burst", "7"], environ={})
    assert (opts.registry_qps, opts.registry_burst) == (2.5, 7)
    defaults = manager_cmd.parse_options([], environ={})
    assert (defaults.registry_qps, defaults.registry_burst) == (20.0, 40)
    with pytest.raises(manager_cmd.OptionsError, match="--registry-qps"):
        manager_cmd.parse_options(["--registry-qps=0"], environ={})


def test_events_addr_must_be_an_http_url() -> None:
    url = "http://notification-controller.flux-system.svc.cluster.local./"
    assert manager_cmd.parse_options([f"--events-addr={url}"], environ={}).events_addr == url
    assert manager_cmd.parse_options([], environ={"EVENTS_ADDR": url}).events_addr == url
    for bad in ("notification-controller:80", "ftp://x/", "http://"):
        with pytest.raises(manager_cmd.OptionsError, match="invalid --events-addr"):
            manager_cmd.parse_options([f"--events-addr={bad}"], environ={})
