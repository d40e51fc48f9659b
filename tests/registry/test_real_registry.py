"""The registry client against a real registry (distribution 2.8) in every auth and TLS flavour."""

from __future__ import annotations

import hashlib
import ssl
from pathlib import Path

import pytest

from controllers.registry import (
    ANONYMOUS,
    AuthenticationError,
    ConfigurationError,
    Credentials,
    ManifestNotFoundError,
    RegistryClient,
    RegistryReadError,
    RepositoryNotFoundError,
    TLSMaterial,
    TransportOptions,
    credentials_from_pull_secret,
    parse_image,
)
from tests.registry.conftest import (
    PASSWORD,
    USER,
    basic_entry,
    ca_material,
    docker_config_secret,
)
from tests.support.registry import DOCKER_MANIFEST, RegistryServer, TokenServer


async def test_anonymous_plain_http_lists_every_tag(
    plain_registry: RegistryServer, registry_client: RegistryClient
) -> None:
    ref = parse_image(plain_registry.image("team/app"))
    tags = await registry_client.list_tags(ref, time_limit=10)
    assert sorted(tags) == ["1.0.0", "1.1.0", "2.0.0", "2.0.0.sig", "latest"]


async def test_insecure_flag_reaches_plain_http_registry(
    plain_registry: RegistryServer, registry_client: RegistryClient
) -> None:
    ref = parse_image(plain_registry.image("team/app"), insecure=True)
    assert len(await registry_client.list_tags(ref, time_limit=10)) == 5


async def test_missing_repository_is_typed_and_names_the_url(
    plain_registry: RegistryServer, registry_client: RegistryClient
) -> None:
    ref = parse_image(plain_registry.image("team/nope"))
    with pytest.raises(RepositoryNotFoundError) as exc:
        await registry_client.list_tags(ref, time_limit=10)
    assert exc.value.reason == "ReadOperationFailed"
    assert "NAME_UNKNOWN" in str(exc.value)
    assert f"{plain_registry.url}/v2/team/nope/tags/list" in str(exc.value)


async def test_digest_of_a_tag_matches_the_pushed_manifest(
    plain_registry: RegistryServer, registry_client: RegistryClient
) -> None:
    digest = await plain_registry.apush_tags("digests/app", ["oci"], payload=b"one")
    docker_digest = await plain_registry.apush_tags(
        "digests/app", ["docker"], payload=b"two", media_type=DOCKER_MANIFEST
    )
    ref = parse_image(plain_registry.image("digests/app"))
    assert await registry_client.get_digest(ref, "oci", time_limit=10) == digest
    assert await registry_client.get_digest(ref, "docker", time_limit=10) == docker_digest
    assert digest != docker_digest
    with pytest.raises(ManifestNotFoundError):
        await registry_client.get_digest(ref, "missing", time_limit=10)


async def test_basic_auth_with_dockerconfigjson_secret(
    basic_registry: RegistryServer, registry_client: RegistryClient
) -> None:
    ref = parse_image(basic_registry.image("private/app"))
    secret = docker_config_secret({basic_registry.host: basic_entry(USER, PASSWORD)})
    creds = credentials_from_pull_secret(secret, ref, secret="default/regcred")
    assert creds is not None
    assert sorted(await registry_client.list_tags(ref, creds, time_limit=10)) == ["v1", "v2", "v3"]


async def test_basic_auth_refuses_anonymous_and_bad_password_without_leaking_it(
    basic_registry: RegistryServer, registry_client: RegistryClient
) -> None:
    ref = parse_image(basic_registry.image("private/app"))
    with pytest.raises(AuthenticationError) as anon:
        await registry_client.list_tags(ref, ANONYMOUS, time_limit=10)
    assert anon.value.reason == "AuthenticationFailed"
    assert "401" in str(anon.value) or "UNAUTHORIZED" in str(anon.value)

    bad = Credentials(username=USER, password="not-the-password-xyz")
    with pytest.raises(AuthenticationError) as exc:
        await registry_client.list_tags(ref, bad, time_limit=10)
    assert "not-the-password-xyz" not in str(exc.value)
    assert "not-the-password-xyz" not in repr(bad)


async def test_token_auth_with_username_password(
    token_registry: RegistryServer, token_server: TokenServer, registry_client: RegistryClient
) -> None:
    ref = parse_image(token_registry.image("secure/app"))
    creds = Credentials(username=USER, password=PASSWORD)
    before = token_server.requests
    assert sorted(await registry_client.list_tags(ref, creds, time_limit=10)) == ["a", "b", "c", "d"]
    # A second scan reuses the cached token: no new request to the token service.
    after_first = token_server.requests
    assert after_first == before + 1
    await registry_client.list_tags(ref, creds, time_limit=10)
    assert token_server.requests == after_first


async def test_token_auth_identity_token_and_registry_token(
    token_registry: RegistryServer, token_server: TokenServer, registry_client: RegistryClient
) -> None:
    ref = parse_image(token_registry.image("secure/app"))
    refresh = Credentials(identity_token="refresh-abc")
    via_refresh = await registry_client.list_tags(ref, refresh, time_limit=10)
    assert len(via_refresh) == 4

    token = token_server.sign(USER, [{"type": "repository", "name": "secure/app", "actions": ["pull"]}])
    bearer = Credentials(registry_token=token)
    via_registry_token = await registry_client.list_tags(ref, bearer, time_limit=10)
    assert sorted(via_registry_token) == ["a", "b", "c", "d"]


async def test_token_auth_failures_are_authentication_errors(
    token_registry: RegistryServer, registry_client: RegistryClient
) -> None:
    ref = parse_image(token_registry.image("secure/app"))
    with pytest.raises(AuthenticationError) as bad:
        wrong = Credentials(username=USER, password="wrong-pw-123")
        await registry_client.list_tags(ref, wrong, time_limit=10)
    assert "wrong-pw-123" not in str(bad.value)
    # Anonymous gets a token without pull access: the registry then refuses with 401.
    with pytest.raises(AuthenticationError):
        await registry_client.list_tags(ref, ANONYMOUS, time_limit=10)


async def test_token_response_with_only_access_token(workdir: Path, registry_client: RegistryClient) -> None:
    tokens = TokenServer({USER: PASSWORD}, access_token_only=True).start()
    server = RegistryServer(workdir / "token-access-only", token=tokens).start()
    try:
        await server.apush_tags("only/access", ["t1", "t2"])
        ref = parse_image(server.image("only/access"))
        creds = Credentials(username=USER, password=PASSWORD)
        tags = await registry_client.list_tags(ref, creds, time_limit=10)
        assert sorted(tags) == ["t1", "t2"]
    finally:
        server.stop()
        tokens.stop()


async def test_expired_token_is_fetched_again(workdir: Path) -> None:
    """Tokens live `expires_in` seconds; a scan after (most of) that fetches a new one."""
    tokens = TokenServer({USER: PASSWORD}, token_ttl=120).start()
    server = RegistryServer(workdir / "token-expiry", token=tokens).start()
    now = [1000.0]
    try:
        await server.apush_tags("expiring/app", ["t1"])
        ref = parse_image(server.image("expiring/app"))
        creds = Credentials(username=USER, password=PASSWORD)
        async with RegistryClient(clock=lambda: now[0]) as c:
            await c.list_tags(ref, creds)
            first = tokens.requests
            now[0] += 60  # still fresh
            await c.list_tags(ref, creds)
            assert tokens.requests == first
            now[0] += 50  # within the refresh margin before expiry
            await c.list_tags(ref, creds)
            assert tokens.requests == first + 1
    finally:
        server.stop()
        tokens.stop()


async def test_tls_with_private_ca(tls_registry: RegistryServer, registry_client: RegistryClient) -> None:
    ref = parse_image(tls_registry.image("tls/app"))
    transport = TransportOptions(tls=ca_material(tls_registry))
    assert sorted(await registry_client.list_tags(ref, transport=transport, time_limit=10)) == ["0.1", "0.2"]


async def test_tls_without_the_ca_fails_verification(tls_registry: RegistryServer) -> None:
    ref = parse_image(tls_registry.image("tls/app"))
    async with RegistryClient() as c:
        with pytest.raises(RegistryReadError) as exc:
            await c.list_tags(ref, time_limit=10)
    assert "certificate" in str(exc.value).lower()


async def test_mutual_tls(mtls_registry: RegistryServer, registry_client: RegistryClient) -> None:
    ref = parse_image(mtls_registry.image("mtls/app"))
    with_cert = TransportOptions(tls=ca_material(mtls_registry, client_cert=True))
    tags = await registry_client.list_tags(ref, transport=with_cert, time_limit=10)
    assert sorted(tags) == ["x1", "x2", "x3"]

    without_cert = TransportOptions(tls=ca_material(mtls_registry))
    async with RegistryClient() as fresh:
        with pytest.raises(RegistryReadError):
            await fresh.list_tags(ref, transport=without_cert, time_limit=10)


async def test_unusable_client_certificate_is_a_configuration_error(
    mtls_registry: RegistryServer, registry_client: RegistryClient
) -> None:
    ref = parse_image(mtls_registry.image("mtls/app"))
    assert mtls_registry.tls is not None
    broken = TLSMaterial(ca_pem=mtls_registry.tls.ca.cert_pem, cert_pem=b"garbage", key_pem=b"garbage")
    with pytest.raises(ConfigurationError) as exc:
        await registry_client.list_tags(ref, transport=TransportOptions(tls=broken), time_limit=10)
    assert "failed to parse TLS certificate and key" in str(exc.value)


async def test_registry_going_down_and_coming_back(workdir: Path, registry_client: RegistryClient) -> None:
    server = RegistryServer(workdir / "flaky").start()
    try:
        await server.apush_tags("flaky/app", ["1", "2"])
        ref = parse_image(server.image("flaky/app"))
        assert len(await registry_client.list_tags(ref, time_limit=10)) == 2
        await server.astop()
        with pytest.raises(RegistryReadError) as exc:
            await registry_client.list_tags(ref, time_limit=10)
        assert "cannot connect" in str(exc.value)
        await server.astart()
        assert sorted(await registry_client.list_tags(ref, time_limit=10)) == ["1", "2"]
    finally:
        server.stop()


async def test_many_tags_from_a_real_registry(workdir: Path, registry_client: RegistryClient) -> None:
    server = RegistryServer(workdir / "many").start()
    try:
        wanted = {f"1.{i}.{j}" for i in range(30) for j in range(50)}
        await server.apush_tags("many/app", wanted, concurrency=48)
        tags = await registry_client.list_tags(parse_image(server.image("many/app")), time_limit=30)
        assert len(tags) == len(wanted) and set(tags) == wanted
    finally:
        server.stop()


def test_registry_digest_is_content_addressed(plain_registry: RegistryServer) -> None:
    """The fixture reports the manifest digest the registry computes (sanity for digest tests)."""
    digest = plain_registry.push_tags("sanity/app", ["s1"], payload=b"sanity")
    assert digest.startswith("sha256:") and len(digest) == len("sha256:") + 64
    assert digest != "sha256:" + hashlib.sha256(b"sanity").hexdigest()


def test_ssl_contexts_trust_the_system_pool_plus_the_ca(tls_registry: RegistryServer) -> None:
    from controllers.registry.transport import ssl_context

    ctx = ssl_context(ca_material(tls_registry))
    assert ctx.verify_mode == ssl.CERT_REQUIRED
    system = ssl.create_default_context()
    assert len(ctx.get_ca_certs()) == len(system.get_ca_certs()) + 1
