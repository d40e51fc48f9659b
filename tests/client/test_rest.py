"""The transport against a small local HTTP server: retries, auth refresh, TLS, streams."""

from __future__ import annotations

import asyncio
import json
import logging
import ssl
import sys
from collections.abc import Awaitable
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from controller_runtime.client import Client, RestConfig, errors, rest, wire
from controller_runtime.client.auth import CredentialError
from controller_runtime.client.config import ExecConfig
from controller_runtime.envtest.certs import generate_ca, generate_cert
from tests.client.http_server import Server, tls_material


def status_body(code: int, reason: str, message: str) -> dict[str, Any]:
    return {"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": reason,
            "message": message, "code": code}


def discovery(request: web.Request) -> Awaitable[web.Response]:
    async def respond() -> web.Response:
        return web.json_response({
            "kind": "APIResourceList", "groupVersion": "v1",
            "resources": [{"name": "configmaps", "kind": "ConfigMap", "namespaced": True,
                           "verbs": ["get", "list", "watch"]}],
        })

    return respond()


async def test_429_is_retried_after_retry_after(server: Server) -> None:
    calls = 0

    async def handler(request: web.Request) -> web.Response:
        nonlocal calls
        calls += 1
        if calls < 3:
            return web.json_response(status_body(429, "TooManyRequests", "slow down"), status=429,
                                     headers={"Retry-After": "0"})
        return web.json_response({"ok": True})

    server.route("POST", "/thing", handler)
    await server.start()
    async with Client(RestConfig(host=server.url)) as c:
        assert await c.raw("POST", "/thing", body={"a": 1}) == {"ok": True}
    assert calls == 3


async def test_429_retries_are_bounded(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rest, "MAX_RETRIES", 2)

    async def handler(request: web.Request) -> web.Response:
        return web.json_response(status_body(429, "TooManyRequests", "slow down"), status=429,
                                 headers={"Retry-After": "0"})

    server.route("GET", "/thing", handler)
    await server.start()
    async with Client(RestConfig(host=server.url)) as c:
        with pytest.raises(errors.TooManyRequestsError, match="slow down") as info:
            await c.raw("GET", "/thing")
    assert info.value.retry_after == 0.0
    assert len(server.requests) == 3


async def test_status_and_plain_errors_are_typed(server: Server) -> None:
    async def missing(request: web.Request) -> web.Response:
        return web.json_response(status_body(404, "NotFound", 'configmaps "x" not found'), status=404)

    async def broken(request: web.Request) -> web.Response:
        return web.Response(status=503, text="upstream unavailable")

    server.route("GET", "/missing", missing)
    server.route("GET", "/broken", broken)
    await server.start()
    async with Client(RestConfig(host=server.url)) as c:
        with pytest.raises(errors.NotFoundError) as nf:
            await c.raw("GET", "/missing")
        assert str(nf.value) == 'configmaps "x" not found'
        with pytest.raises(errors.ServiceUnavailableError, match="upstream unavailable"):
            await c.raw("GET", "/broken")


async def test_warnings_are_logged_once_per_message(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    async def handler(request: web.Request) -> web.Response:
        warning = '299 - "v1beta1 Thing is deprecated; use v1 (test-1)"'
        return web.json_response({}, headers={"Warning": warning})

    server.route("GET", "/deprecated", handler)
    await server.start()
    with caplog.at_level(logging.WARNING, logger="controller_runtime.client.rest"):
        async with Client(RestConfig(host=server.url)) as c:
            for _ in range(3):
                await c.raw("GET", "/deprecated")
    messages = [r.getMessage() for r in caplog.records if "deprecated" in r.getMessage()]
    assert messages == ["API server warning: v1beta1 Thing is deprecated; use v1 (test-1)"]


async def test_bearer_token_and_user_agent_are_sent(server: Server) -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.json_response({"auth": request.headers.get("Authorization"),
                                  "ua": request.headers.get("User-Agent")})

    server.route("GET", "/whoami", handler)
    await server.start()
    async with Client(RestConfig(host=server.url, token="t0k", user_agent="tests/1")) as c:
        assert await c.raw("GET", "/whoami") == {"auth": "Bearer t0k", "ua": "tests/1"}


async def test_rotated_token_file_is_reread_on_401(server: Server, tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("old\n")
    accepted = {"Bearer old"}

    async def handler(request: web.Request) -> web.Response:
        if request.headers.get("Authorization") not in accepted:
            return web.json_response(status_body(401, "Unauthorized", "Unauthorized"), status=401)
        return web.json_response({"ok": True})

    server.route("GET", "/x", handler)
    await server.start()
    async with Client(RestConfig(host=server.url, token_file=str(token_file))) as c:
        assert await c.raw("GET", "/x") == {"ok": True}
        token_file.write_text("new\n")  # kubelet rotated the projected token
        accepted = {"Bearer new"}
        assert await c.raw("GET", "/x") == {"ok": True}
        accepted = set()
        with pytest.raises(errors.UnauthorizedError):
            await c.raw("GET", "/x")


def exec_plugin(
    tmp_path: Path, *, expiry: str | None, api_version: str = "client.authentication.k8s.io/v1"
) -> Path:
    """A plugin that counts its runs and returns token-<run>; it echoes KUBERNETES_EXEC_INFO to a file."""
    script = tmp_path / "plugin.py"
    status: dict[str, Any] = {}
    if expiry:
        status["expirationTimestamp"] = expiry
    script.write_text(
        "import json, os, pathlib, sys\n"
        f"d = pathlib.Path({str(tmp_path)!r})\n"
        "n = int((d / 'count').read_text()) + 1 if (d / 'count').exists() else 1\n"
        "(d / 'count').write_text(str(n))\n"
        "(d / 'info.json').write_text(os.environ['KUBERNETES_EXEC_INFO'])\n"
        f"status = {status!r}\n"
        "status['token'] = f'token-{n}'\n"
        f"print(json.dumps({{'apiVersion': {api_version!r}, 'kind': 'ExecCredential', 'status': status}}))\n"
    )
    return script


async def test_exec_plugin_credential_is_cached_until_expiry(server: Server, tmp_path: Path) -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.json_response({"auth": request.headers.get("Authorization")})

    server.route("GET", "/x", handler)
    await server.start()
    script = exec_plugin(tmp_path, expiry="2999-01-01T00:00:00Z")
    ep = ExecConfig(command=sys.executable, args=[str(script)], interactive_mode="Never",
                    provide_cluster_info=True)
    async with Client(RestConfig(host=server.url, exec_provider=ep)) as c:
        assert await c.raw("GET", "/x") == {"auth": "Bearer token-1"}
        assert await c.raw("GET", "/x") == {"auth": "Bearer token-1"}
    assert (tmp_path / "count").read_text() == "1"
    info = json.loads((tmp_path / "info.json").read_text())
    assert info["kind"] == "ExecCredential"
    assert info["spec"]["interactive"] is False
    assert info["spec"]["cluster"]["server"] == server.url


async def test_expired_exec_credential_is_refreshed(server: Server, tmp_path: Path) -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.json_response({"auth": request.headers.get("Authorization")})

    server.route("GET", "/x", handler)
    await server.start()
    script = exec_plugin(
        tmp_path, expiry="2000-01-01T00:00:00Z", api_version="client.authentication.k8s.io/v1beta1"
    )
    ep = ExecConfig(command=sys.executable, args=[str(script)],
                    api_version="client.authentication.k8s.io/v1beta1")
    async with Client(RestConfig(host=server.url, exec_provider=ep)) as c:
        assert await c.raw("GET", "/x") == {"auth": "Bearer token-1"}
        assert await c.raw("GET", "/x") == {"auth": "Bearer token-2"}


async def test_exec_plugin_rerun_on_401(server: Server, tmp_path: Path) -> None:
    async def handler(request: web.Request) -> web.Response:
        if request.headers.get("Authorization") == "Bearer token-1":
            return web.json_response(status_body(401, "Unauthorized", "Unauthorized"), status=401)
        return web.json_response({"auth": request.headers.get("Authorization")})

    server.route("GET", "/x", handler)
    await server.start()
    script = exec_plugin(tmp_path, expiry=None)
    ep = ExecConfig(command=sys.executable, args=[str(script)], interactive_mode="Never")
    async with Client(RestConfig(host=server.url, exec_provider=ep)) as c:
        assert await c.raw("GET", "/x") == {"auth": "Bearer token-2"}


async def test_failing_exec_plugin_is_a_clear_error(server: Server, tmp_path: Path) -> None:
    server.route("GET", "/x", lambda r: discovery(r))
    await server.start()
    script = tmp_path / "fail.py"
    script.write_text(
        "import sys\nprint('{\"token\": \"LEAKED\"}')\n"
        "sys.stderr.write('login failed for token STDERR-SECRET\\n')\nsys.exit(3)\n"
    )
    ep = ExecConfig(command=sys.executable, args=[str(script)], interactive_mode="Never")
    async with Client(RestConfig(host=server.url, exec_provider=ep)) as c:
        with pytest.raises(CredentialError) as info:
            await c.raw("GET", "/x")
    # client-go's words; neither what the plugin printed nor its standard error is kept
    assert str(info.value) == f"exec: executable {sys.executable} failed with exit code 3"
    assert "LEAKED" not in repr(info.value) and "STDERR-SECRET" not in repr(info.value)


async def test_missing_exec_command_names_install_hint(server: Server, tmp_path: Path) -> None:
    await server.start()
    ep = ExecConfig(
        command=str(tmp_path / "nope"), interactive_mode="Never", install_hint="install nope-auth"
    )
    async with Client(RestConfig(host=server.url, exec_provider=ep)) as c:
        with pytest.raises(CredentialError, match="install nope-auth"):
            await c.raw("GET", "/x")


async def test_watch_stream_survives_split_chunks_and_long_lines(server: Server) -> None:
    big = "x" * 300_000  # far beyond any readline buffer
    events = [
        {"type": "ADDED", "object": {"metadata": {"name": "a", "resourceVersion": "1"}, "data": {"k": big}}},
        {"type": "BOOKMARK", "object": {"kind": "ConfigMap", "apiVersion": "v1",
                                        "metadata": {"resourceVersion": "5"}}},
        {"type": "DELETED", "object": {"metadata": {"name": "a", "resourceVersion": "6"}}},
    ]
    payload = "".join(json.dumps(e) + "\n" for e in events).encode()

    async def watch(request: web.Request) -> web.StreamResponse:
        assert request.query["watch"] == "true"
        assert request.query["allowWatchBookmarks"] == "true"
        assert request.query["resourceVersion"] == "0"
        resp = web.StreamResponse()
        await resp.prepare(request)
        for i in range(0, len(payload), 7777):  # cut lines at arbitrary places
            await resp.write(payload[i:i + 7777])
        await resp.write_eof()
        return resp

    server.route("GET", "/api/v1", discovery)
    server.route("GET", "/api/v1/namespaces/ns/configmaps", watch)
    await server.start()
    async with Client(RestConfig(host=server.url)) as c:
        got = [ev async for ev in c.watch("v1", "ConfigMap", "ns", resource_version="0")]
    assert [e.type for e in got] == ["ADDED", "BOOKMARK", "DELETED"]
    assert got[0].object["data"]["k"] == big
    assert got[0].object["kind"] == "ConfigMap"
    assert got[1].object["metadata"]["resourceVersion"] == "5"


async def test_watch_error_event_raises_gone(server: Server) -> None:
    async def watch(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse()
        await resp.prepare(request)
        err = {"type": "ERROR", "object": status_body(410, "Expired", "too old resource version: 1 (50)")}
        await resp.write(json.dumps(err).encode() + b"\n")
        await resp.write_eof()
        return resp

    server.route("GET", "/api/v1", discovery)
    server.route("GET", "/api/v1/configmaps", watch)
    await server.start()
    async with Client(RestConfig(host=server.url)) as c:
        with pytest.raises(errors.GoneError, match="too old resource version"):
            async for _ in c.watch("v1", "ConfigMap", resource_version="1"):
                pass


async def test_tls_with_ca_and_client_certificate(server: Server, tmp_path: Path) -> None:
    ca_pem, server_ctx, cert, key = tls_material(tmp_path)

    async def handler(request: web.Request) -> web.Response:
        peer = request.transport.get_extra_info("peercert") if request.transport else None
        subject = dict(x[0] for x in peer["subject"]) if peer else {}
        return web.json_response({"cn": subject.get("commonName")})

    server.route("GET", "/whoami", handler)
    await server.start(server_ctx)
    async with Client(RestConfig(host=server.url, ca_data=ca_pem, cert_data=cert, key_data=key)) as c:
        assert await c.raw("GET", "/whoami") == {"cn": "admin"}
    async with Client(RestConfig(host=server.url, ca_data=ca_pem)) as c:
        assert await c.raw("GET", "/whoami") == {"cn": None}
    async with Client(RestConfig(host=server.url, insecure_skip_tls_verify=True)) as c:
        assert await c.raw("GET", "/whoami") == {"cn": None}
    async with Client(RestConfig(host=server.url)) as c:  # unknown CA: refused
        with pytest.raises(wire.ConnectError, match="certificate verify failed"):
            await c.raw("GET", "/whoami")


async def test_exec_plugin_client_certificate(server: Server, tmp_path: Path) -> None:
    ca_pem, server_ctx, cert, key = tls_material(tmp_path)
    server_ctx.verify_mode = ssl.CERT_REQUIRED

    async def handler(request: web.Request) -> web.Response:
        peer = request.transport.get_extra_info("peercert") if request.transport else None
        return web.json_response({"cn": dict(x[0] for x in peer["subject"])["commonName"] if peer else None})

    server.route("GET", "/whoami", handler)
    await server.start(server_ctx)
    (tmp_path / "c.pem").write_bytes(cert)
    (tmp_path / "k.pem").write_bytes(key)
    plugin = tmp_path / "certplugin.py"
    plugin.write_text(
        "import json, pathlib\n"
        f"d = pathlib.Path({str(tmp_path)!r})\n"
        "print(json.dumps({'apiVersion': 'client.authentication.k8s.io/v1', 'kind': 'ExecCredential',\n"
        "  'status': {'clientCertificateData': (d / 'c.pem').read_text(),\n"
        "             'clientKeyData': (d / 'k.pem').read_text()}}))\n"
    )
    ep = ExecConfig(command=sys.executable, args=[str(plugin)], interactive_mode="Never")
    async with Client(RestConfig(host=server.url, ca_data=ca_pem, exec_provider=ep)) as c:
        assert await c.raw("GET", "/whoami") == {"cn": "admin"}
        assert await c.raw("GET", "/whoami") == {"cn": "admin"}


async def test_tls_server_name_overrides_the_verified_host(server: Server, tmp_path: Path) -> None:
    ca = generate_ca()
    serving = generate_cert(ca, "kubernetes", hosts=("kubernetes.default.svc",))  # no IP SAN
    crt, key = serving.write(tmp_path, "named")
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(crt, key)

    async def handler(request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    server.route("GET", "/x", handler)
    await server.start(ctx)
    named = RestConfig(host=server.url, ca_data=ca.cert_pem, tls_server_name="kubernetes.default.svc")
    async with Client(named) as c:
        assert await c.raw("GET", "/x") == {"ok": True}
    async with Client(RestConfig(host=server.url, ca_data=ca.cert_pem)) as c:
        with pytest.raises(wire.ConnectError, match="certificate verify failed"):
            await c.raw("GET", "/x")


async def test_client_side_throttling_spaces_requests(
    server: Server, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(rest, "THROTTLE_LOG_THRESHOLD", 0.05)
    stamps: list[float] = []

    async def handler(request: web.Request) -> web.Response:
        stamps.append(asyncio.get_running_loop().time())
        return web.json_response({})

    server.route("GET", "/x", handler)
    await server.start()
    with caplog.at_level(logging.INFO, logger="controller_runtime.client.rest"):
        async with Client(RestConfig(host=server.url, qps=10, burst=2)) as c:
            await asyncio.gather(*(c.raw("GET", "/x") for _ in range(4)))
    # Two requests go out at once (burst), the next two 0.1s apart (10 qps).
    assert stamps[3] - stamps[0] >= 0.18
    assert any("due to client-side throttling - GET /x" in r.getMessage() for r in caplog.records)


async def test_watch_cut_mid_stream_ends_like_a_normal_close(server: Server) -> None:
    first = {"type": "ADDED", "object": {"metadata": {"name": "a", "resourceVersion": "1"}}}

    async def watch(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse()
        await resp.prepare(request)
        await resp.write(json.dumps(first).encode() + b"\n" + b'{"type": "MODIFIED", "obj')
        assert request.transport is not None
        request.transport.close()  # the server goes away mid-event
        return resp

    server.route("GET", "/api/v1", discovery)
    server.route("GET", "/api/v1/namespaces/ns/configmaps", watch)
    await server.start()
    async with Client(RestConfig(host=server.url)) as c:
        async with asyncio.timeout(10):
            got = [ev async for ev in c.watch("v1", "ConfigMap", "ns")]
    assert [(e.type, e.object["metadata"]["name"]) for e in got] == [("ADDED", "a")]
