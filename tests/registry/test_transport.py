"""Certificate and proxy Secrets, and scanning through a proxy."""

from __future__ import annotations

import logging

import pytest

from controllers.registry import (
    ConfigurationError,
    ProxyConfig,
    RegistryClient,
    RegistryReadError,
    TransportOptions,
    parse_image,
    proxy_from_secret,
    tls_from_secret,
)
from controllers.registry.transport import TLS_DEPRECATION_WARNING, ssl_context
from tests.registry.conftest import b64, ca_material
from tests.registry.proxy import ForwardProxy
from tests.support.registry import RegistryServer

CA, CRT, KEY = "-----BEGIN CERTIFICATE-----\nca\n", "-----BEGIN CERTIFICATE-----\ncrt\n", "key-pem"


def test_tls_secret_standard_keys() -> None:
    material = tls_from_secret({"ca.crt": b64(CA), "tls.crt": b64(CRT), "tls.key": b64(KEY)})
    assert (material.ca_pem, material.cert_pem, material.key_pem) == (CA.encode(), CRT.encode(), KEY.encode())
    assert KEY not in repr(material)
    assert tls_from_secret({"ca.crt": b64(CA)}).cert_pem == b""


def test_tls_secret_legacy_keys_log_a_deprecation(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        material = tls_from_secret(
            {"caFile": b64(CA), "certFile": b64(CRT), "keyFile": b64(KEY)}, secret="apps/certs"
        )
    assert material.ca_pem == CA.encode() and material.key_pem == KEY.encode()
    warnings = [r for r in caplog.records if r.getMessage() == TLS_DEPRECATION_WARNING]
    assert len(warnings) == 1 and getattr(warnings[0], "secret", None) == "apps/certs"
    assert all(KEY not in r.getMessage() for r in caplog.records)


def test_standard_keys_win_over_legacy(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        material = tls_from_secret({"ca.crt": b64("new"), "caFile": b64("old")})
    assert material.ca_pem == b"new"
    assert not caplog.records


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"tls.crt": b64(CRT)}, "secret 'apps/certs' contains 'tls.crt' but missing 'tls.key'"),
        ({"tls.key": b64(KEY), "ca.crt": b64(CA)},
         "secret 'apps/certs' contains 'tls.key' but missing 'tls.crt'"),
        ({"other": b64("x")},
         "secret 'apps/certs' must contain either 'ca.crt' or both 'tls.crt' and 'tls.key'"),
    ],
)
def test_tls_secret_errors(data: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigurationError) as exc:
        tls_from_secret(data, secret="apps/certs")
    assert str(exc.value) == message


def test_unparseable_ca_is_reported() -> None:
    bad_pem = "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n"
    material = tls_from_secret({"ca.crt": b64(bad_pem)})
    with pytest.raises(ConfigurationError) as exc:
        ssl_context(material)
    assert str(exc.value) == "failed to parse CA certificate"


def test_proxy_secret() -> None:
    proxy = proxy_from_secret({"address": b64("http://proxy.example.com:3128"), "username": b64("pu"),
                               "password": b64("pp-secret")})
    assert proxy == ProxyConfig(url="http://proxy.example.com:3128", username="pu", password="pp-secret")
    assert "pp-secret" not in repr(proxy)
    # Credentials in the address are moved out of the URL.
    inline = proxy_from_secret({"address": b64("https://u:inline-pw@proxy.example.com")})
    assert inline == ProxyConfig(url="https://proxy.example.com", username="u", password="inline-pw")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "secret 'apps/proxy': key 'address' not found"),
        ({"address": b64("")}, "secret 'apps/proxy': proxy address is empty"),
        ({"address": b64("ftp://proxy:21")},
         "secret 'apps/proxy': proxy URL must use one of the supported schemes (http, https), got 'ftp'"),
        ({"address": b64("http://proxy:notaport")}, "secret 'apps/proxy': failed to parse proxy address"),
    ],
)
def test_proxy_secret_errors(data: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigurationError) as exc:
        proxy_from_secret(data, secret="apps/proxy")
    assert str(exc.value) == message


async def test_scan_through_a_proxy(plain_registry: RegistryServer) -> None:
    ref = parse_image(plain_registry.image("team/app"))
    async with ForwardProxy().running() as proxy, RegistryClient() as c:
        transport = TransportOptions(proxy=ProxyConfig(url=proxy.url))
        assert len(await c.list_tags(ref, transport=transport, time_limit=10)) == 5
    assert plain_registry.host in proxy.targets


async def test_plain_http_scan_through_an_authenticating_proxy(plain_registry: RegistryServer) -> None:
    """Plain HTTP goes to the proxy as absolute-form requests: each must carry the credentials."""
    ref = parse_image(plain_registry.image("team/app"))
    async with ForwardProxy(credentials=("pu", "pp-secret")).running() as proxy, RegistryClient() as c:
        good = TransportOptions(proxy=ProxyConfig(url=proxy.url, username="pu", password="pp-secret"))
        assert len(await c.list_tags(ref, transport=good, time_limit=10)) == 5
        assert proxy.refused == 0 and proxy.targets and set(proxy.targets) == {plain_registry.host}


async def test_tls_scan_through_an_authenticating_proxy(tls_registry: RegistryServer) -> None:
    ref = parse_image(tls_registry.image("tls/app"))
    async with ForwardProxy(credentials=("pu", "pp-secret")).running() as proxy, RegistryClient() as c:
        good = TransportOptions(tls=ca_material(tls_registry),
                                proxy=ProxyConfig(url=proxy.url, username="pu", password="pp-secret"))
        assert sorted(await c.list_tags(ref, transport=good, time_limit=10)) == ["0.1", "0.2"]
        assert proxy.targets == [tls_registry.host] * len(proxy.targets) and proxy.targets

        bad = TransportOptions(tls=ca_material(tls_registry),
                               proxy=ProxyConfig(url=proxy.url, username="pu", password="wrong-proxy-pw"))
        async with RegistryClient() as fresh:
            with pytest.raises(RegistryReadError) as exc:
                await fresh.list_tags(ref, transport=bad, time_limit=10)
        assert "wrong-proxy-pw" not in str(exc.value)
        assert proxy.refused >= 1


async def test_unreachable_proxy_is_a_read_error(plain_registry: RegistryServer) -> None:
    ref = parse_image(plain_registry.image("team/app"))
    proxy = ProxyConfig(url="http://127.0.0.1:1", username="u", password="pw-hidden")
    transport = TransportOptions(proxy=proxy)
    async with RegistryClient() as c:
        with pytest.raises(RegistryReadError) as exc:
            await c.list_tags(ref, transport=transport, time_limit=10)
    assert "proxy" in str(exc.value) and "pw-hidden" not in str(exc.value)
