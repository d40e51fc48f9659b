"""Registries with distinctive secrets, shared by the secret-hygiene tests of this package.

Every password, refresh token and issued bearer token here is random per session, so
finding one in a log or a status can only mean it leaked. `HostileTokenServer` is a token
service that fails while echoing what it was sent, which is what gives a secret the best
chance to end up in an error message.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from tests.security.leaks import LogCapture, capture_logs, new_secret
from tests.support.registry import RegistryServer, RegistryTLS, TokenServer

ROBOT = "robot"
#: Tags every registry of this package holds: semver, so policies pick 1.1.0.
TAGS = ["1.0.0", "1.1.0"]


@dataclass(frozen=True)
class Site:
    """A registry and the credentials it accepts."""

    registry: RegistryServer
    user: str
    password: str
    repository: str
    identity_token: str = ""
    tokens: RecordingTokenServer | None = None

    @property
    def image(self) -> str:
        return self.registry.image(self.repository)


class RecordingTokenServer(TokenServer):
    """A token service that remembers every bearer token it issued: they are secrets too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.issued: list[str] = []

    def sign(self, subject: str, access: list[dict[str, Any]]) -> str:
        token = super().sign(subject, access)
        self.issued.append(token)
        return token


class HostileTokenServer(TokenServer):
    """A token service that errors and quotes the credentials it received, in the ways a broken
    or malicious one might; the username picks the way (`echo-json`, `not-json`, `no-token`,
    anything else: a 500 with a text body). Refresh tokens get a JSON error echoing them."""

    async def _handle(self, request: web.Request) -> web.Response:
        self.requests += 1
        if request.method == "POST":
            form = await request.post()
            echoed = f"refresh_token={form.get('refresh_token')!s}"
            return web.json_response(
                {"errors": [{"code": "DENIED", "message": f"unknown grant ({echoed})"}]}, status=401
            )
        header = request.headers.get("Authorization", "")
        decoded = ""
        if header.lower().startswith("basic "):
            decoded = base64.b64decode(header[6:]).decode(errors="replace")
        user = decoded.partition(":")[0]
        echoed = f"Authorization: {header} ({decoded})"
        if user == "echo-json":
            return web.json_response(
                {"errors": [{"code": "UNAUTHORIZED", "message": f"bad credentials: {echoed}",
                             "detail": echoed}]}, status=401)
        if user == "not-json":
            return web.Response(text=f"<html>welcome {echoed}</html>", status=200)
        if user == "no-token":
            return web.json_response({"detail": echoed}, status=200)
        return web.Response(text=f"internal error handling {echoed}", status=500)


@pytest.fixture
def debug_logs() -> Iterator[LogCapture]:
    """Every log record of the test, at every level, in the manager's JSON form."""
    with capture_logs() as capture:
        yield capture


@pytest.fixture
def storage(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture(scope="package")
def security_workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("security-registries")


@pytest.fixture(scope="package")
def basic_site(security_workdir: Path) -> Iterator[Site]:
    """Plain HTTP with htpasswd basic auth."""
    password = new_secret()
    server = RegistryServer(security_workdir / "basic", htpasswd={ROBOT: password}).start()
    server.push_tags("private/app", TAGS)
    yield Site(server, ROBOT, password, "private/app")
    server.stop()


@pytest.fixture(scope="package")
def token_site(security_workdir: Path) -> Iterator[Site]:
    """Token auth: basic credentials or a refresh (identity) token buy a bearer token."""
    password, identity = new_secret(), new_secret("refresh")
    tokens = RecordingTokenServer({ROBOT: password}, identity_tokens={identity: ROBOT})
    tokens.start()
    server = RegistryServer(security_workdir / "token", token=tokens).start()
    server.push_tags("secure/app", TAGS)
    yield Site(server, ROBOT, password, "secure/app", identity_token=identity, tokens=tokens)
    server.stop()
    tokens.stop()


@pytest.fixture(scope="package")
def hostile_site(security_workdir: Path) -> Iterator[Site]:
    """A token-auth registry whose token service fails, quoting what it was sent. Nothing is
    pushed: no scan gets past the token service."""
    tokens = HostileTokenServer({})
    tokens.start()
    server = RegistryServer(security_workdir / "hostile", token=tokens).start()
    yield Site(server, "", "", "hostile/app")
    server.stop()
    tokens.stop()


@pytest.fixture(scope="package")
def mtls_site(security_workdir: Path) -> Iterator[Site]:
    """Mutual TLS: the client key is the secret."""
    server = RegistryServer(security_workdir / "mtls", tls=RegistryTLS.generate(mutual=True)).start()
    server.push_tags("mtls/app", TAGS)
    yield Site(server, "", "", "mtls/app")
    server.stop()


@pytest.fixture(scope="package")
def tls_site(security_workdir: Path) -> Iterator[Site]:
    """TLS with a private CA, reached through a proxy's CONNECT tunnel."""
    server = RegistryServer(security_workdir / "tls", tls=RegistryTLS.generate()).start()
    server.push_tags("tls/app", TAGS)
    yield Site(server, "", "", "tls/app")
    server.stop()
