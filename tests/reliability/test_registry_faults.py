"""A registry (or its token service) misbehaving: the ImageRepository says so, loses nothing,
and recovers by itself once the fault is gone.

An HTTP fault proxy sits in front of a real registry. For each fault, an ImageRepository that
scanned fine (and an ImagePolicy on it) is asked to scan again while the fault is on. What a
user must see: Ready=False with a message naming the problem; the manager still running; a
repository on another registry still scanned on request; the tags stored by the last good scan
still there and the policy's latestRef unchanged; and, once the fault is lifted, Ready=True
again without anyone touching the object (the time from lift to Ready goes to the report).
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from controller_runtime.client import Client
from controller_runtime.fluxruntime import conditions
from controllers.registry import RegistryClient
from controllers.scanning.shared import ScanResources, scan_resources
from controllers.storage import repo_key
from tests.imagepolicy.conftest import IP, image_policy
from tests.imagerepository.conftest import IR, image_repository, pull_secret
from tests.reliability.http_fault_proxy import (
    AddHeaders,
    CutBody,
    Fault,
    Hang,
    HTTPFaultProxy,
    Reset,
    Status,
    Truncate,
)
from tests.support.manager import RunningManager, run_manager
from tests.support.registry import RegistryServer, TokenServer
from tests.support.registry_fixtures import PASSWORD, USER
from tests.support.report import record
from tests.support.wait import eventually

TAGS = ["1.0.0", "1.1.0", "2.0.0", "latest", "2.0.0.sig"]
#: What a scan stores: the default exclusion list leaves out signatures.
STORED = ["1.0.0", "1.1.0", "2.0.0", "latest"]
#: Fast retries, so a failed scan is tried again within a second of the fault being lifted.
OPTIONS = {"min_retry_delay": 0.05, "max_retry_delay": 1.0, "requeue_dependency": 0.5}
#: Each scan's deadline (spec.timeout): a hang fails in seconds, a healthy scan never comes close.
SCAN_TIMEOUT = "2s"
TAGS_PATH = r"^/v2/[^?]+/tags/list"
REGISTRY_ERROR = {"errors": [{"code": "UNKNOWN", "message": "unknown error"}]}


# ---------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def short_token_server() -> Iterator[TokenServer]:
    """Tokens good for one second, so every scan after the first asks the token service again."""
    server = TokenServer({USER: PASSWORD}, token_ttl=1).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def short_token_registry(workdir: Path, short_token_server: TokenServer) -> Iterator[RegistryServer]:
    server = RegistryServer(workdir / "short-token", token=short_token_server).start()
    server.push_tags("secure/app", TAGS)
    yield server
    server.stop()


@dataclass
class Setup:
    """A running manager, a repository scanned through `proxy` with a policy on it, and a
    repository on another registry (the bystander)."""

    client: Client
    namespace: str
    manager: RunningManager
    resources: ScanResources
    proxy: HTTPFaultProxy
    stored: list[str]

    async def request_scan(self, name: str) -> str:
        token = uuid.uuid4().hex
        patch = {"metadata": {"annotations": {"reconcile.fluxcd.io/requestedAt": token}}}
        await self.client.patch(*IR, name, patch, namespace=self.namespace)
        return token

    async def repo(self, name: str) -> dict[str, Any]:
        return dict(await self.client.get(*IR, name, namespace=self.namespace))

    async def stored_tags(self) -> list[str]:
        return await self.resources.store.tags(repo_key(self.namespace, "app")) or []

    async def latest_ref(self) -> str | None:
        policy = await self.client.get(*IP, "app", namespace=self.namespace)
        return ((policy.get("status") or {}).get("latestRef") or {}).get("tag")


async def _ready(setup: Setup, name: str, handled: str | None = None) -> dict[str, Any] | None:
    """The repository once Ready=True for its generation (and request `handled`, if given)."""
    obj = await setup.repo(name)
    status = obj.get("status") or {}
    if not conditions.is_true(obj, "Ready") or conditions.has(obj, "Reconciling"):
        return None
    if status.get("observedGeneration") != obj["metadata"]["generation"]:
        return None
    if handled is not None and status.get("lastHandledReconcileAt") != handled:
        return None
    return obj


@contextlib.asynccontextmanager
async def _start(env: Any, client: Client, namespace: str, tmp_path: Path, proxy: HTTPFaultProxy,
                 image: str, bystander: str, **spec: Any) -> AsyncIterator[Setup]:
    async with run_manager(env, ["imagerepository", "imagepolicy"], namespace=namespace,
                           storage_path=tmp_path, options_overrides=OPTIONS) as mgr:
        resources = await scan_resources(mgr.manager, mgr.options)
        setup = Setup(client, namespace, mgr, resources, proxy, [])
        await client.create(image_repository(namespace, "app", image, timeout=SCAN_TIMEOUT, **spec))
        await client.create(image_repository(namespace, "bystander", bystander))
        await client.create(image_policy(namespace, "app", {
            "imageRepositoryRef": {"name": "app"}, "policy": {"semver": {"range": ">=1.0.0"}}}))
        await eventually(lambda: _ready(setup, "app"), message="app scanned")
        await eventually(lambda: _ready(setup, "bystander"), message="bystander scanned")
        await eventually(lambda: _latest_is(setup, "2.0.0"), message="the policy picked 2.0.0")
        setup.stored = await setup.stored_tags()
        assert sorted(setup.stored) == STORED
        yield setup


async def _latest_is(setup: Setup, tag: str) -> bool:
    return await setup.latest_ref() == tag


@pytest.fixture
async def registry_faults(plain_registry: RegistryServer) -> AsyncIterator[HTTPFaultProxy]:
    proxy = HTTPFaultProxy(plain_registry.url)
    await proxy.start()
    yield proxy
    await proxy.stop()


@pytest.fixture
async def plain(env: Any, client: Client, namespace: str, tmp_path: Path, plain_registry: RegistryServer,
                registry_faults: HTTPFaultProxy) -> AsyncIterator[Setup]:
    """`app` scans the plain registry through the fault proxy; `bystander` scans it directly."""
    async with _start(env, client, namespace, tmp_path, registry_faults,
                      f"{registry_faults.host}/team/app", plain_registry.image("team/app")) as setup:
        yield setup


@pytest.fixture
async def token_faults(short_token_server: TokenServer) -> AsyncIterator[HTTPFaultProxy]:
    proxy = HTTPFaultProxy(f"http://127.0.0.1:{short_token_server.port}")
    await proxy.start()
    yield proxy
    await proxy.stop()


@pytest.fixture
async def token(env: Any, client: Client, namespace: str, tmp_path: Path, plain_registry: RegistryServer,
                short_token_registry: RegistryServer, short_token_server: TokenServer,
                token_faults: HTTPFaultProxy) -> AsyncIterator[Setup]:
    """`app` scans a token-auth registry whose realm (rewritten by the registry's proxy) is the
    token service's fault proxy; `setup.proxy` is that token proxy."""
    realm = f"http://127.0.0.1:{short_token_server.port}"
    registry = HTTPFaultProxy(short_token_registry.url, rewrite={realm: token_faults.url})
    await registry.start()
    try:
        await client.create(pull_secret(namespace, "creds", registry.host, USER, PASSWORD))
        async with _start(env, client, namespace, tmp_path, token_faults,
                          f"{registry.host}/secure/app", plain_registry.image("team/app"),
                          secretRef={"name": "creds"}) as setup:
            yield setup
    finally:
        await registry.stop()


# ---------------------------------------------------------------------------------- the drill


@dataclass
class Outcome:
    """What one fault did, in the report's terms."""

    said: str = ""
    kept_running: bool = False
    bystander_ok: bool = False
    lost: int = 0
    latest_kept: bool = False
    recovery: float | None = None

    @property
    def survived(self) -> bool:
        return bool(self.said) and self.kept_running and self.bystander_ok and self.lost == 0 \
            and self.latest_kept and self.recovery is not None


async def drill(setup: Setup, klass: str, inject: Callable[[], object], expect: str,
                before_scan: Callable[[], Any] | None = None,
                sound: Callable[[], bool] = lambda: True) -> Outcome:
    """Fault on, rescan, check what users see, fault off, time the recovery; the row is
    recorded whatever happens, before the caller asserts on it (`sound()`: the fault did
    no other harm)."""
    out = Outcome()
    try:
        inject()
        if before_scan is not None:
            await eventually(before_scan, message="ready for the faulted scan")
        await setup.request_scan("app")

        async def failed() -> str | None:
            obj = await setup.repo("app")
            ready = conditions.get(obj, "Ready") or {}
            return str(ready["message"]) if ready.get("status") == "False" else None

        message: str = await eventually(failed, message=f"app Ready=False ({expect})")
        assert expect in message, message
        out.said = message

        # The fault is still on: nothing else may suffer from it.
        out.kept_running = not setup.manager.task.done()
        handled = await setup.request_scan("bystander")
        out.bystander_ok = bool(await eventually(lambda: _ready(setup, "bystander", handled),
                                                 message="the bystander rescanned"))
        out.lost = len(set(setup.stored) - set(await setup.stored_tags()))
        out.latest_kept = await setup.latest_ref() == "2.0.0"
        repo = await setup.repo("app")
        assert repo["status"]["lastScanResult"]["tagCount"] == len(STORED)  # the last good scan stays

        setup.proxy.lift()
        lifted = time.monotonic()
        await eventually(lambda: _ready(setup, "app"), timeout=30, message="app recovered")
        out.recovery = time.monotonic() - lifted
        out.lost = max(out.lost, len(set(setup.stored) - set(await setup.stored_tags())))
        out.latest_kept = out.latest_kept and await setup.latest_ref() == "2.0.0"
    finally:
        record(klass, 1, int(out.survived and sound()), out.lost, out.recovery)
    return out


def _check(out: Outcome) -> None:
    assert out.kept_running
    assert out.bystander_ok
    assert out.lost == 0
    assert out.latest_kept
    assert out.recovery is not None


# ---------------------------------------------------------------------------------- the faults


@dataclass(frozen=True)
class Case:
    id: str
    klass: str
    fault: Fault
    expect: str


REGISTRY_CASES = [
    Case("500", "registry: HTTP 5xx", Status(500, REGISTRY_ERROR), "UNKNOWN: unknown error"),
    Case("502-html", "registry: HTTP 5xx",
         Status(502, b"<html><body>Bad Gateway</body></html>", content_type="text/html"),
         "unexpected status code 502 Bad Gateway"),
    Case("503-retried", "registry: HTTP 5xx", Status(503, b""),
         "unexpected status code 503 Service Unavailable (retrying after"),
    Case("truncated-json", "registry: malformed answer", Truncate(), "response is not JSON"),
    Case("cut-mid-body", "registry: malformed answer", CutBody(),
         "the connection closed before the whole response arrived"),
    Case("html-login-page", "registry: malformed answer",
         Status(200, b"<html><body>Sign in to the hotel Wi-Fi</body></html>", content_type="text/html"),
         "response is not JSON (Content-Type: text/html"),
    Case("hang", "registry: hang (no answer)", Hang(),
         f"did not finish within {SCAN_TIMEOUT} (no answer to GET http://"),
    Case("reset", "registry: connection reset", Reset(),
         "tags/list: the server closed the connection without answering"),
]


@pytest.mark.parametrize("case", REGISTRY_CASES, ids=[c.id for c in REGISTRY_CASES])
async def test_a_registry_fault_is_reported_loses_nothing_and_heals(plain: Setup, case: Case) -> None:
    out = await drill(plain, case.klass, lambda: plain.proxy.fail(case.fault, TAGS_PATH), case.expect)
    _check(out)


async def test_a_link_to_another_host_is_refused_and_never_followed(plain: Setup) -> None:
    """A registry (or a man in the middle) naming another host as the next page would get our
    credentials and decide our tags; the scan stops there, and that host hears nothing."""
    foreign = HTTPFaultProxy(plain.proxy.upstream)  # it would answer: following it would "work"
    await foreign.start()
    try:
        link = f'<http://localhost:{foreign.port}/v2/team/app/tags/list?n=1000&last=latest>; rel="next"'
        out = await drill(plain, "registry: Link to another host",
                          lambda: plain.proxy.fail(AddHeaders({"Link": link}), TAGS_PATH),
                          f"refusing to follow pagination link to another origin: http://localhost:{foreign.port}")
        assert foreign.seen == []
    finally:
        await foreign.stop()
    _check(out)


async def test_a_retry_after_beyond_the_timeout_fails_the_scan_and_is_still_honoured(plain: Setup) -> None:
    """A 429 asking for more time than a scan has: the scan fails at once and says why, and
    the retries that follow do not ask the registry again before the time it named."""
    fault = Status(429, {"errors": [{"code": "TOOMANYREQUESTS", "message": "slow down"}]},
                   headers={"Retry-After": "3"})

    def gaps() -> list[float]:
        """Seconds from each refused listing to the next listing the registry saw."""
        tags = plain.proxy.requests(TAGS_PATH)
        return [tags[i + 1].at - s.at for i, s in enumerate(tags[:-1]) if s.fault is not None]

    out = await drill(plain, "registry: 429 with Retry-After", lambda: plain.proxy.fail(fault, TAGS_PATH),
                      "TOOMANYREQUESTS: slow down (retrying after 3s would exceed the timeout)",
                      sound=lambda: bool(gaps()) and min(gaps()) >= 3.0)
    _check(out)
    assert gaps() and min(gaps()) >= 3.0, gaps()
    # The next attempt came when the registry said, not on the backoff's schedule: no attempt
    # in between failed with "not sent" (each would have been one more Warning).
    events = (await plain.client.list("v1", "Event", namespace=plain.namespace))["items"]
    early = [e["message"] for e in events if "not sent: the registry asked us" in e["message"]]
    assert early == [], early


async def test_retry_after_is_honoured(plain: Setup) -> None:
    """A 429 whose Retry-After fits in the scan's deadline is waited out, not failed: the scan
    succeeds, and the registry hears from us again only after the time it asked for."""
    rule = plain.proxy.fail(Status(429, headers={"Retry-After": "1"}), TAGS_PATH, times=1)
    honoured = False
    try:
        handled = await plain.request_scan("app")
        await eventually(lambda: _ready(plain, "app", handled), message="app rescanned after the 429")
        tags = plain.proxy.requests(TAGS_PATH)
        refused = next(i for i, s in enumerate(tags) if s.fault is not None)
        waited = tags[refused + 1].at - tags[refused].at
        honoured = rule.hits == 1 and waited >= 1.0
    finally:
        record("registry: 429 with Retry-After", 1, int(honoured))
    assert rule.hits == 1
    assert waited >= 1.0


TOKEN_CASES = [
    Case("token-hang", "token service: slow or dead", Hang(),
         f"did not finish within {SCAN_TIMEOUT} (no answer to GET http://"),
    Case("token-reset", "token service: slow or dead", Reset(),
         "fetching a registry token failed: GET http://"),
    Case("token-503", "token service: slow or dead",
         Status(503, b"<html>down</html>", content_type="text/html"),
         "fetching a registry token failed: GET"),
]


@pytest.mark.parametrize("case", TOKEN_CASES, ids=[c.id for c in TOKEN_CASES])
async def test_a_token_service_fault_is_reported_loses_nothing_and_heals(token: Setup, case: Case) -> None:
    # The manager's token (one second) must have expired, so the faulted scan asks for one.
    out = await drill(token, case.klass, lambda: token.proxy.fail(case.fault, r"^/token"), case.expect,
                      before_scan=lambda: _tokens_expired(token.resources.registry))
    _check(out)
    assert token.proxy.requests(r"^/token", faulted=True)


def _tokens_expired(registry: RegistryClient) -> bool:
    now = time.monotonic()
    return all(t.refresh_at <= now for t in registry._tokens.values())
