"""Cloud provider logins against local stand-ins: moto's server for ECR, HTTP endpoints for
ECR Public, the GCE metadata server, Azure managed identity and ACR's token exchange."""

from __future__ import annotations

import base64
import importlib
import json
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from controllers.registry import (
    ANONYMOUS,
    AuthenticationError,
    ConfigurationError,
    Credentials,
    ImageRef,
    ProviderLogin,
    parse_image,
)
from controllers.registry.providers import (
    AWSProvider,
    AzureProvider,
    CloudProvider,
    GCPProvider,
    ProviderCredentials,
)
from tests.registry.standin import gce_metadata_app, gce_metadata_at, serve
from tests.support.registry import free_port

ECR_IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app"


@pytest.fixture(scope="module")
def moto_url() -> Iterator[str]:
    """moto's standalone server, the way the AWS SDK would reach a real endpoint."""
    port = free_port()
    moto_server = Path(sys.executable).parent / "moto_server"
    proc = subprocess.Popen(
        [str(moto_server), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/moto-api/", timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("moto_server did not start") from None
                time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch, moto_url: str, tmp_path: Path) -> str:
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_url)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "aws-credentials"))
    return moto_url


async def test_aws_private_ecr_via_moto(aws_env: str) -> None:
    login = ProviderLogin()
    creds = await login.credentials("aws", parse_image(ECR_IMAGE))
    # moto issues "AWS:<account>-auth-token", the SDK's usual user:password form
    assert creds == Credentials(username="AWS", password="123456789012-auth-token")


async def test_aws_public_ecr_uses_us_east_1(monkeypatch: pytest.MonkeyPatch, aws_env: str) -> None:
    calls: list[tuple[str, str]] = []
    expires = time.time() + 12 * 3600

    async def ecr_public(request: web.Request) -> web.Response:
        # The SDK signs for the region it talks to: us-east-1 is where ECR Public issues tokens.
        calls.append((request.headers.get("X-Amz-Target", ""), request.headers.get("Authorization", "")))
        token = base64.b64encode(b"AWS:public-token-value").decode()
        return web.json_response(
            {"authorizationData": {"authorizationToken": token, "expiresAt": expires}},
            content_type="application/x-amz-json-1.1",
        )

    app = web.Application()
    app.router.add_post("/", ecr_public)
    async with serve(app) as host:
        monkeypatch.setenv("AWS_ENDPOINT_URL_ECR_PUBLIC", f"http://{host}")
        login = ProviderLogin()
        creds = await login.credentials("aws", parse_image("public.ecr.aws/team/app"))
        assert creds == Credentials(username="AWS", password="public-token-value")
        await login.credentials("aws", parse_image("public.ecr.aws/other/app"))
    assert len(calls) == 1  # cached until shortly before the 12h expiry
    target, authorization = calls[0]
    assert target.endswith("GetAuthorizationToken")
    assert "/us-east-1/ecr-public/" in authorization


async def test_aws_refused_identity_is_an_authentication_error(monkeypatch: pytest.MonkeyPatch) -> None:
    async def deny(request: web.Request) -> web.Response:
        return web.json_response(
            {"__type": "UnrecognizedClientException", "message": "The security token is invalid."},
            status=400, content_type="application/x-amz-json-1.1",
        )

    app = web.Application()
    app.router.add_post("/", deny)
    async with serve(app) as host:
        monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://{host}")
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "very-secret-key")
        with pytest.raises(AuthenticationError) as exc:
            await AWSProvider().login(parse_image(ECR_IMAGE), "eu-west-1")
    assert "UnrecognizedClientException" in str(exc.value)
    assert "very-secret-key" not in str(exc.value)


@pytest.mark.parametrize(
    ("provider", "image", "message"),
    [
        ("aws", "ghcr.io/org/app",
         "invalid AWS registry: 'ghcr.io'. must match ([0-9+]*).dkr[.-]ecr(?:-fips)?\\.([^/.]*)\\."),
        ("aws", "123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.example/app", "invalid AWS registry"),
        ("gcp", "docker.io/org/app",
         "invalid GCP registry: 'index.docker.io'. must match ^(((.+\\.)?gcr\\.io)|(.+-docker\\.pkg\\.dev)"),
        ("azure", "myregistry.azurecr.io.example.com/app",
         "invalid Azure registry: 'myregistry.azurecr.io.example.com'. must match ^.+\\.(azurecr\\.io|"),
        ("oracle", "ghcr.io/org/app", "unsupported provider 'oracle'"),
    ],
)
async def test_provider_refuses_foreign_registries(provider: str, image: str, message: str) -> None:
    with pytest.raises(ConfigurationError) as exc:
        await ProviderLogin().credentials(provider, parse_image(image))
    assert str(exc.value).startswith(message)
    assert exc.value.reason == "AuthenticationFailed"


async def test_generic_provider_gives_no_cloud_credentials() -> None:
    assert await ProviderLogin().credentials("generic", parse_image("ghcr.io/org/app")) is None
    assert await ProviderLogin().credentials("", parse_image("ghcr.io/org/app")) is None


async def test_aws_autologin_flag(aws_env: str) -> None:
    ecr = parse_image(ECR_IMAGE)
    assert await ProviderLogin().autologin(ecr, aws_autologin_for_ecr=False) is None
    assert await ProviderLogin().autologin(parse_image("ghcr.io/org/app"), aws_autologin_for_ecr=True) is None
    expected = ("aws", Credentials(username="AWS", password="123456789012-auth-token"))
    assert await ProviderLogin().autologin(ecr, aws_autologin_for_ecr=True) == expected
    # --aws-autologin-for-ecr as the manager configures it, without the caller's flag
    assert await ProviderLogin(autologin={"aws"}).autologin(ecr) == expected


# ----------------------------------------------------------------------------- GCP


async def test_gcp_metadata_server_token(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    tokens: list[str] = []
    now = [time.time()]
    async with serve(gce_metadata_app(tokens, lifetime=3600)) as host:
        with gce_metadata_at(host, tmp_path / "gcloud"):
            login = ProviderLogin(clock=lambda: now[0])
            ref = parse_image("europe-docker.pkg.dev/project/repo/app")
            creds = await login.credentials("gcp", ref)
            assert creds == Credentials(username="oauth2accesstoken", password="ya29.token-1")
            # Another Google registry shares the token until shortly before it expires.
            assert await login.credentials("gcp", parse_image("gcr.io/project/app")) == creds
            assert tokens == ["ya29.token-1"]
            now[0] += 3600 - 200  # inside the refresh margin
            refreshed = await login.credentials("gcp", ref)
            assert refreshed is not None and refreshed.password == "ya29.token-2"


async def test_gcp_without_any_identity_fails_clearly(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from google.auth.compute_engine import _metadata

    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    monkeypatch.setenv("CLOUDSDK_CONFIG", str(tmp_path / "gcloud"))
    monkeypatch.setenv("GCE_METADATA_HOST", "127.0.0.1:1")
    monkeypatch.setenv("GCE_METADATA_IP", "127.0.0.1:1")
    monkeypatch.setenv("GCE_METADATA_DETECT_RETRIES", "1")
    monkeypatch.setenv("NO_GCE_CHECK", "True")
    importlib.reload(_metadata)
    try:
        with pytest.raises(AuthenticationError) as exc:
            await GCPProvider().login(parse_image("gcr.io/p/app"), "gcp")
        assert str(exc.value).startswith("failed to get GCP access token")
    finally:
        monkeypatch.undo()
        importlib.reload(_metadata)


# ----------------------------------------------------------------------------- Azure


def _fake_jwt(exp: float) -> str:
    def part(doc: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(doc).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none'})}.{part({'exp': int(exp)})}.c2ln"


async def test_azure_managed_identity_and_acr_exchange(monkeypatch: pytest.MonkeyPatch) -> None:
    aad_requests: list[dict[str, str]] = []
    exchanges: list[dict[str, str]] = []
    refresh_exp = time.time() + 3 * 3600

    async def managed_identity(request: web.Request) -> web.Response:
        aad_requests.append({"resource": request.query.get("resource", ""),
                             "header": request.headers.get("X-IDENTITY-HEADER", "")})
        expires_on = str(int(time.time()) + 3600)
        return web.json_response({"access_token": "aad-access-token", "expires_on": expires_on,
                                  "resource": request.query.get("resource", ""), "token_type": "Bearer"})

    async def exchange(request: web.Request) -> web.Response:
        form = await request.post()
        exchanges.append({k: str(v) for k, v in form.items()})
        return web.json_response({"refresh_token": _fake_jwt(refresh_exp)})

    app = web.Application()
    app.router.add_get("/msi/token", managed_identity)
    app.router.add_post("/oauth2/exchange", exchange)
    async with serve(app) as host:
        for var in ("AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_CLIENT_SECRET", "AZURE_FEDERATED_TOKEN_FILE",
                    "AZURE_AUTHORITY_HOST", "MSI_ENDPOINT", "MSI_SECRET"):
            monkeypatch.delenv(var, raising=False)
        monkeypatch.setenv("IDENTITY_ENDPOINT", f"http://{host}/msi/token")
        monkeypatch.setenv("IDENTITY_HEADER", "identity-header-value")
        azure = AzureProvider(exchange_url=lambda registry: f"http://{host}/oauth2/exchange")
        login = ProviderLogin(azure=azure)
        ref = parse_image("myregistry.azurecr.io/team/app")
        creds = await login.credentials("azure", ref)
        assert creds == Credentials(username="00000000-0000-0000-0000-000000000000",
                                    password=_fake_jwt(refresh_exp))
        assert await login.credentials("azure", ref) == creds  # cached
    assert aad_requests == [{"resource": "https://management.azure.com", "header": "identity-header-value"}]
    assert exchanges == [{"grant_type": "access_token", "service": "myregistry.azurecr.io",
                          "access_token": "aad-access-token"}]


async def test_azure_exchange_refusal(monkeypatch: pytest.MonkeyPatch) -> None:
    class StaticCredential:
        def get_token(self, *scopes: str) -> object:
            from azure.core.credentials import AccessToken

            return AccessToken("aad-token", int(time.time()) + 3600)

    async def refuse(request: web.Request) -> web.Response:
        return web.json_response({"errors": [{"code": "UNAUTHORIZED"}]}, status=401)

    app = web.Application()
    app.router.add_post("/oauth2/exchange", refuse)
    async with serve(app) as host:
        azure = AzureProvider(credential=StaticCredential(),
                              exchange_url=lambda registry: f"http://{host}/oauth2/exchange")
        with pytest.raises(AuthenticationError) as exc:
            await azure.login(parse_image("x.azurecr.us/app"), "x.azurecr.us")
    assert "401" in str(exc.value) and "aad-token" not in str(exc.value)


# ----------------------------------------------------------------------------- autologin, token cache


class Clock:
    """The time ProviderLogin sees, moved by the test."""

    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


class CountingCloud:
    """A cloud with the real provider's registries whose logins are recorded, each giving a
    new password `<registry input>#<n>` valid `lifetime` seconds."""

    def __init__(self, real: CloudProvider, clock: Clock, lifetime: float = 12 * 3600) -> None:
        self.real, self.clock, self.lifetime = real, clock, lifetime
        self.name = real.name
        self.logins: list[str] = []

    def registry_input(self, ref: ImageRef) -> str:
        return self.real.registry_input(ref)

    async def login(self, ref: ImageRef, registry_input: str) -> ProviderCredentials:
        self.logins.append(registry_input)
        creds = Credentials(username=self.name, password=f"{registry_input}#{len(self.logins)}")
        return ProviderCredentials(creds, expires_at=self.clock() + self.lifetime)


def counting_login(clock: Clock, **kwargs: Any) -> tuple[ProviderLogin, dict[str, CountingCloud]]:
    clouds = {"aws": CountingCloud(AWSProvider(), clock), "gcp": CountingCloud(GCPProvider(), clock),
              "azure": CountingCloud(AzureProvider(), clock)}
    return ProviderLogin(**clouds, clock=clock, **kwargs), clouds  # type: ignore[arg-type]


GCR_IMAGE = "eu.gcr.io/project/app"
ACR_IMAGE = "lookout.azurecr.io/team/app"


async def test_autologin_logs_in_to_the_cloud_of_the_registry_when_enabled() -> None:
    login, clouds = counting_login(Clock(), autologin={"gcp", "azure"})

    assert await login.autologin(parse_image(GCR_IMAGE)) == ("gcp", Credentials("gcp", "gcp#1"))
    assert await login.autologin(parse_image("europe-docker.pkg.dev/p/r/app")) == \
        ("gcp", Credentials("gcp", "gcp#1"))  # one Google identity, one token
    assert await login.autologin(parse_image(ACR_IMAGE)) == \
        ("azure", Credentials("azure", "lookout.azurecr.io#1"))
    # ECR without --aws-autologin-for-ecr, and registries of no cloud: anonymous, no login.
    assert await login.autologin(parse_image(ECR_IMAGE)) is None
    for image in ("ghcr.io/org/app", "nginx", "gcr.io.example.com/app", "azurecr.io/app"):
        assert await login.autologin(parse_image(image)) is None, image
    assert await login.autologin(parse_image(ECR_IMAGE), aws_autologin_for_ecr=True) == \
        ("aws", Credentials("aws", "eu-west-1#1"))
    assert {name: c.logins for name, c in clouds.items()} == {
        "aws": ["eu-west-1"], "gcp": ["gcp"], "azure": ["lookout.azurecr.io"]}

    # The provider it names is the one whose token a 401 makes the scan forget.
    login.forget("gcp", parse_image(GCR_IMAGE))
    assert await login.autologin(parse_image(GCR_IMAGE)) == ("gcp", Credentials("gcp", "gcp#2"))


@pytest.mark.parametrize("enabled", ["aws", "gcp", "azure"])
async def test_each_autologin_flag_concerns_its_cloud_only(enabled: str) -> None:
    login, clouds = counting_login(Clock(), autologin={enabled})
    results = {name: await login.autologin(parse_image(image))
               for name, image in (("aws", ECR_IMAGE), ("gcp", GCR_IMAGE), ("azure", ACR_IMAGE))}
    assert {name for name, result in results.items() if result is not None} == {enabled}
    assert [result[0] for result in results.values() if result is not None] == [enabled]
    assert [name for name, c in clouds.items() if c.logins] == [enabled]


def test_autologin_for_an_unknown_cloud_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="oracle"):
        ProviderLogin(autologin={"oracle"})


async def test_token_cache_max_duration_bounds_reuse() -> None:
    clock = Clock()
    login, clouds = counting_login(clock, cache_max_duration=600)
    ref = parse_image(GCR_IMAGE)
    assert await login.credentials("gcp", ref) == Credentials("gcp", "gcp#1")
    clock.now += 599  # the token is valid for 12 hours, but cached for 10 minutes only
    assert await login.credentials("gcp", ref) == Credentials("gcp", "gcp#1")
    clock.now += 1
    assert await login.credentials("gcp", ref) == Credentials("gcp", "gcp#2")
    assert clouds["gcp"].logins == ["gcp", "gcp"]


async def test_token_cache_max_duration_is_capped_at_an_hour_and_expiry_still_counts() -> None:
    clock = Clock()
    login, clouds = counting_login(clock, cache_max_duration=24 * 3600)  # as Flux: at most 1h
    ref = parse_image(GCR_IMAGE)
    await login.credentials("gcp", ref)
    clock.now += 3599
    assert await login.credentials("gcp", ref) == Credentials("gcp", "gcp#1")
    clock.now += 1
    assert await login.credentials("gcp", ref) == Credentials("gcp", "gcp#2")

    # A token that expires before the max duration is refreshed before it expires.
    clouds["gcp"].lifetime = 600
    clock.now += 3600
    assert await login.credentials("gcp", ref) == Credentials("gcp", "gcp#3")
    clock.now += 299
    assert await login.credentials("gcp", ref) == Credentials("gcp", "gcp#3")
    clock.now += 1  # 5 minutes (at most half the lifetime) before expiry
    assert await login.credentials("gcp", ref) == Credentials("gcp", "gcp#4")


async def test_token_cache_max_size_zero_logs_in_every_time() -> None:
    login, clouds = counting_login(Clock(), cache_max_size=0, autologin={"azure"})
    ref = parse_image(ACR_IMAGE)
    passwords = [(await login.credentials("azure", ref) or ANONYMOUS).password for _ in range(3)]
    auto = await login.autologin(ref)
    assert auto is not None
    assert [*passwords, auto[1].password] == [f"lookout.azurecr.io#{n}" for n in (1, 2, 3, 4)]
    assert len(clouds["azure"].logins) == 4


async def test_token_cache_evicts_the_least_recently_used_token_beyond_max_size() -> None:
    login, clouds = counting_login(Clock(), cache_max_size=2)

    async def password(registry: str) -> str:
        creds = await login.credentials("azure", parse_image(f"{registry}.azurecr.io/app"))
        assert creds is not None
        return creds.password.removeprefix(f"{registry}.azurecr.io")

    assert [await password(r) for r in ("a", "b", "a")] == ["#1", "#2", "#1"]  # a is now the newest
    assert await password("c") == "#3"  # evicts b, the least recently used
    assert await password("a") == "#1"
    assert await password("b") == "#4"  # logged in again; evicts c
    assert await password("a") == "#1"
    assert await password("c") == "#5"
    assert clouds["azure"].logins == [f"{r}.azurecr.io" for r in ("a", "b", "c", "b", "c")]
