"""A private APIServer per test, spoken to over raw HTTP (no client library in between),
so these tests pin the wire behaviour: status codes, Status bodies, headers, streams."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import yaml

from controller_runtime.envtest.apiserver import APIServer

CRD_FILE = Path(__file__).resolve().parent.parent / "testdata" / "crds" / "test.lookout.dev_widgets.yaml"


class Response:
    def __init__(self, status: int, headers: Any, text: str) -> None:
        self.status = status
        self.headers = headers
        self.text = text

    def json(self) -> Any:
        return json.loads(self.text)


class Http:
    """Minimal raw HTTP helper bound to one server."""

    def __init__(self, server: APIServer, session: aiohttp.ClientSession) -> None:
        self.server = server
        self.session = session

    async def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        raw: bytes | None = None,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
        params: dict[str, str] | None = None,
    ) -> Response:
        h = {"Authorization": f"Bearer {self.server.token}", **(headers or {})}
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
        if data is not None:
            h["Content-Type"] = content_type
        async with self.session.request(
            method, self.server.url + path, data=data, headers=h, params=params
        ) as r:
            return Response(r.status, r.headers, await r.text())

    async def get(self, path: str, **kw: Any) -> Response:
        return await self.request("GET", path, **kw)

    async def post(self, path: str, body: Any, **kw: Any) -> Response:
        return await self.request("POST", path, body, **kw)

    async def put(self, path: str, body: Any, **kw: Any) -> Response:
        return await self.request("PUT", path, body, **kw)

    async def patch(self, path: str, body: Any, content_type: str, **kw: Any) -> Response:
        return await self.request("PATCH", path, body, content_type=content_type, **kw)

    async def delete(self, path: str, body: Any = None, **kw: Any) -> Response:
        return await self.request("DELETE", path, body, **kw)

    async def watch_lines(self, path: str, *, until: int, params: dict[str, str]) -> list[dict[str, Any]]:
        """Read a watch stream until `until` events arrived (or the server closed it)."""
        h = {"Authorization": f"Bearer {self.server.token}"}
        out: list[dict[str, Any]] = []
        async with self.session.get(
            self.server.url + path, headers=h, params={"watch": "true", **params}
        ) as r:
            assert r.status == 200, await r.text()
            async for line in r.content:
                if line.strip():
                    out.append(json.loads(line))
                if len(out) >= until:
                    break
        return out

    async def install_test_crds(self) -> None:
        for doc in yaml.safe_load_all(CRD_FILE.read_text()):
            r = await self.post("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", doc)
            assert r.status == 201, r.text

    async def install_test_crds_only(self, name: str) -> None:
        for doc in yaml.safe_load_all(CRD_FILE.read_text()):
            if doc["metadata"]["name"] == name:
                r = await self.post("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", doc)
                assert r.status == 201, r.text


@pytest.fixture
async def server() -> AsyncIterator[APIServer]:
    srv = APIServer(tls=False, history_size=50, bookmark_interval=0.3)
    await srv.start()
    yield srv
    await srv.stop()


@pytest.fixture
async def http(server: APIServer) -> AsyncIterator[Http]:
    async with aiohttp.ClientSession() as s:
        yield Http(server, s)


@pytest.fixture
async def crds(http: Http) -> Http:
    await http.install_test_crds()
    return http


def cm(name: str, ns: str = "default", **extra: Any) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "namespace": ns}, **extra}


def widget(name: str, ns: str = "default", **spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": "test.lookout.dev/v1",
        "kind": "Widget",
        "metadata": {"name": name, "namespace": ns},
        "spec": {"image": "nginx", **spec},
    }


WIDGETS = "/apis/test.lookout.dev/v1/namespaces/default/widgets"
CMS = "/api/v1/namespaces/default/configmaps"
