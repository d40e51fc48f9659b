"""state_dir persistence (clean stop and abrupt kill) and TLS with token or client certificate."""

from __future__ import annotations

import asyncio
import json
import signal
import ssl
import sys
from pathlib import Path

import aiohttp

from controller_runtime.envtest.apiserver import APIServer
from tests.apiserver.conftest import CMS, Http, cm

SERVE = """
import asyncio, sys
from controller_runtime.envtest.apiserver import APIServer

async def main():
    srv = APIServer(tls=False, state_dir=sys.argv[1], token="t0ken")
    await srv.start()
    print(srv.port, flush=True)
    await asyncio.Event().wait()

asyncio.run(main())
"""


async def test_state_survives_clean_restart_on_same_port(tmp_path: Path) -> None:
    srv = APIServer(tls=False, state_dir=tmp_path, token="tok")
    await srv.start()
    port = srv.port
    async with aiohttp.ClientSession() as s:
        http = Http(srv, s)
        created = (await http.post(CMS, cm("kept", data={"a": "1"}))).json()
        await http.post(CMS, cm("removed"))
        await http.delete(f"{CMS}/removed")
        last_rv = int((await http.get(CMS)).json()["metadata"]["resourceVersion"])
    await srv.stop()

    again = APIServer(tls=False, state_dir=tmp_path, token="tok")
    await again.start()
    try:
        assert again.port == port
        async with aiohttp.ClientSession() as s:
            http = Http(again, s)
            got = (await http.get(f"{CMS}/kept")).json()
            assert got == created
            assert (await http.get(f"{CMS}/removed")).status == 404
            new = (await http.post(CMS, cm("after"))).json()
            assert int(new["metadata"]["resourceVersion"]) > last_rv
    finally:
        await again.stop()


async def test_generated_token_and_ca_survive_restart(tmp_path: Path) -> None:
    first = APIServer(tls=True, state_dir=tmp_path)
    await first.start()
    token, ca = first.token, first.ca_pem
    await first.stop()
    second = APIServer(tls=True, state_dir=tmp_path)
    await second.start()
    try:
        assert second.token == token
        assert second.ca_pem == ca
    finally:
        await second.stop()


async def test_state_survives_abrupt_kill(tmp_path: Path) -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", SERVE, str(tmp_path), stdout=asyncio.subprocess.PIPE
    )
    assert proc.stdout is not None
    port = int((await asyncio.wait_for(proc.stdout.readline(), 30)).decode())
    headers = {"Authorization": "Bearer t0ken"}
    url = f"http://127.0.0.1:{port}{CMS}"
    try:
        async with aiohttp.ClientSession(headers=headers) as s:
            for i in range(20):
                async with s.post(url, json=cm(f"k{i}")) as r:
                    assert r.status == 201
            async with s.get(url) as r:
                before = await r.json()
    finally:
        proc.send_signal(signal.SIGKILL)
        await proc.wait()
    srv = APIServer(tls=False, state_dir=tmp_path, token="t0ken")
    await srv.start()
    try:
        async with aiohttp.ClientSession(headers=headers) as s, s.get(f"{srv.url}{CMS}") as r:
            after = await r.json()
        assert [i["metadata"]["name"] for i in after["items"]] == [
            i["metadata"]["name"] for i in before["items"]
        ]
        assert after["items"] == before["items"]
    finally:
        await srv.stop()


async def test_tls_with_token_and_client_certificate(tmp_path: Path) -> None:
    srv = APIServer(tls=True)
    await srv.start()
    try:
        assert srv.url.startswith("https://127.0.0.1:")
        assert srv.ca_pem is not None
        ctx = ssl.create_default_context(cadata=srv.ca_pem.decode())
        async with aiohttp.ClientSession() as s:
            async with s.get(srv.url + "/api", ssl=ctx) as r:
                assert r.status == 401
            async with s.get(
                srv.url + "/api", ssl=ctx, headers={"Authorization": f"Bearer {srv.token}"}
            ) as r:
                assert r.status == 200
        crt, key = srv.admin_client_cert().write(tmp_path, "admin")
        ctx.load_cert_chain(str(crt), str(key))
        async with aiohttp.ClientSession() as s, s.get(srv.url + "/api/v1/namespaces", ssl=ctx) as r:
            assert r.status == 200
            names = [n["metadata"]["name"] for n in json.loads(await r.text())["items"]]
        assert "default" in names
    finally:
        await srv.stop()


async def test_custom_resources_and_their_crds_survive_restart(tmp_path: Path) -> None:
    from tests.apiserver.conftest import WIDGETS, widget

    srv = APIServer(tls=False, state_dir=tmp_path, token="tok")
    await srv.start()
    async with aiohttp.ClientSession() as s:
        http = Http(srv, s)
        await http.install_test_crds()
        created = (await http.post(WIDGETS, widget("kept", size="large"))).json()
    await srv.stop()
    again = APIServer(tls=False, state_dir=tmp_path, token="tok")
    await again.start()
    try:
        async with aiohttp.ClientSession() as s:
            http = Http(again, s)
            assert (await http.get(f"{WIDGETS}/kept")).json() == created
            names = [r["name"] for r in (await http.get("/apis/test.lookout.dev/v1")).json()["resources"]]
            assert "widgets" in names and "widgets/status" in names
    finally:
        await again.stop()
