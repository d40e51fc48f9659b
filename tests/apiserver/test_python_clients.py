"""The `kubernetes` package's client against the embedded server (it runs blocking calls, so
each runs in a thread)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from kubernetes import client as k8s
from kubernetes import watch as k8s_watch

from controller_runtime.envtest.apiserver import APIServer
from tests.apiserver.conftest import Http


def _api_client(server: APIServer, tmp_path: Path) -> k8s.ApiClient:
    cfg = k8s.Configuration()
    cfg.host = server.url
    assert server.ca_pem is not None
    ca = tmp_path / "ca.crt"
    ca.write_bytes(server.ca_pem)
    cfg.ssl_ca_cert = str(ca)
    cfg.api_key = {"authorization": f"Bearer {server.token}"}
    return k8s.ApiClient(cfg)


def _exercise(api: k8s.ApiClient) -> dict[str, Any]:
    core = k8s.CoreV1Api(api)
    created = core.create_namespaced_config_map("default", {"metadata": {"name": "py"}, "data": {"a": "1"}})
    patched = core.patch_namespaced_config_map("py", "default", {"data": {"b": "2"}})
    listed = core.list_namespaced_config_map("default", label_selector="")
    events = [
        (e["type"], e["object"].metadata.name)
        for e in k8s_watch.Watch().stream(core.list_namespaced_config_map, "default", timeout_seconds=1)
    ]
    try:
        core.read_namespaced_config_map("missing", "default")
        missing = 0
    except k8s.ApiException as e:
        missing = e.status
    widgets = k8s.CustomObjectsApi(api).list_namespaced_custom_object(
        "test.lookout.dev", "v1", "default", "widgets"
    )
    deleted = core.delete_namespaced_config_map("py", "default")
    return {
        "rv": created.metadata.resource_version,
        "data": patched.data,
        "names": [i.metadata.name for i in listed.items],
        "events": events,
        "missing": missing,
        "widgets": widgets["kind"],
        "deleted": deleted.status,
    }


async def test_kubernetes_package_client(tmp_path: Path) -> None:
    server = APIServer(tls=True)
    await server.start()
    try:
        import ssl

        import aiohttp

        assert server.ca_pem is not None
        tls = ssl.create_default_context(cadata=server.ca_pem.decode())
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=tls)) as s:
            await Http(server, s).install_test_crds()
        api = _api_client(server, tmp_path)
        try:
            result = await asyncio.to_thread(_exercise, api)
        finally:
            await asyncio.to_thread(api.close)
    finally:
        await server.stop()
    assert result["data"] == {"a": "1", "b": "2"}
    assert result["names"] == ["py"]
    assert result["events"] == [("ADDED", "py")]
    assert result["missing"] == 404
    assert result["widgets"] == "WidgetList"
    assert result["deleted"] == "Success"


OPERATOR = """
import kopf

@kopf.on.create("test.lookout.dev", "v1", "widgets")
def created(spec, patch, **_):
    patch.status["lastMessage"] = "seen " + spec["image"]
"""


async def test_kopf_operator_handles_custom_resources(tmp_path: Path) -> None:
    import json
    import os
    import sys

    import aiohttp
    import yaml

    from tests.apiserver.conftest import WIDGETS, widget
    from tests.support.wait import eventually

    server = APIServer(tls=False)
    await server.start()
    kubeconfig = tmp_path / "kubeconfig"
    kubeconfig.write_text(
        yaml.safe_dump(
            {
                "apiVersion": "v1",
                "kind": "Config",
                "current-context": "c",
                "clusters": [{"name": "e", "cluster": {"server": server.url}}],
                "users": [{"name": "u", "user": {"token": server.token}}],
                "contexts": [{"name": "c", "context": {"cluster": "e", "user": "u"}}],
            }
        )
    )
    (tmp_path / "operator.py").write_text(OPERATOR)
    proc = None
    try:
        async with aiohttp.ClientSession() as s:
            http = Http(server, s)
            await http.install_test_crds()
            proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "kopf",
                "run",
                str(tmp_path / "operator.py"),
                "--standalone",
                "-A",
                env={**os.environ, "KUBECONFIG": str(kubeconfig)},
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.DEVNULL,
            )
            await http.post(WIDGETS, widget("handled", image="busybox"))

            async def handled() -> bool:
                obj = json.loads((await http.get(f"{WIDGETS}/handled")).text)
                return obj.get("status", {}).get("lastMessage") == "seen busybox"

            await eventually(handled, timeout=60)
            obj = json.loads((await http.get(f"{WIDGETS}/handled")).text)
            assert "kopf.zalando.org/last-handled-configuration" in obj["metadata"]["annotations"]
    finally:
        if proc is not None and proc.returncode is None:
            proc.terminate()
            await proc.wait()
        await server.stop()
