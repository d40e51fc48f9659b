"""What the credential and connection code raises, and how its credential-holding objects print,
never carries a secret: exceptions end up in conditions, events and (with their causes and
tracebacks, at debug level) in logs, and objects end up in log key/values and crash reports.

These call the product functions directly with the secrets, on every failure path each
has, and grep str(), repr() and the formatted traceback (causes included) of what they
raise, the repr() and str() of the objects they return, and the debug logs meanwhile.
"""

from __future__ import annotations

import base64
import json
import os
import textwrap
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path
from typing import Any

from controller_runtime.client import Client, RestConfig
from controller_runtime.client.auth import ExecCredential
from controller_runtime.client.config import ConfigError, ExecConfig, config_from_kubeconfig_dict, load_config
from controller_runtime.envtest.certs import generate_ca, generate_cert
from controllers.registry import (
    ANONYMOUS,
    ConfigurationError,
    Credentials,
    ProviderLogin,
    ProxyConfig,
    RegistryClient,
    TLSMaterial,
    TransportOptions,
    credentials_from_pull_secret,
    parse_docker_config,
    parse_image,
    proxy_from_secret,
    tls_from_secret,
)
from controllers.registry.transport import ssl_context
from controllers.scanning import auth_options
from tests.registry.proxy import ForwardProxy
from tests.security.conftest import ROBOT, Site
from tests.security.leaks import (
    LogCapture,
    SecretBook,
    b64,
    exception_text,
    image_repository,
    opaque_secret,
    pull_secret,
    verdict,
)
from tests.support.registry import free_port

HOST = "registry.example.com"


def raised(fn: Callable[[], object]) -> BaseException:
    """The exception `fn` raises (a call that succeeds is a test failure)."""
    try:
        fn()
    except Exception as e:
        return e
    raise AssertionError(f"{fn} raised nothing")


async def araised(pending: Awaitable[object]) -> BaseException:
    """The exception awaiting `pending` raises (one that succeeds is a test failure)."""
    try:
        await pending
    except Exception as e:
        return e
    raise AssertionError(f"{pending} raised nothing")


def shown(*objects: object) -> str:
    """Every way an object is printed: repr, str, and in an f-string."""
    return "\n".join(f"{o!r}\n{o!s}\n{o}" for o in objects)


def garbage_key(marker: str) -> bytes:
    body = base64.b64encode(os.urandom(48) + marker.encode() + os.urandom(48)).decode()
    return ("-----BEGIN PRIVATE KEY-----\n" + "\n".join(textwrap.wrap(body, 64))
            + "\n-----END PRIVATE KEY-----\n").encode()


def test_pull_secret_parsing(debug_logs: LogCapture) -> None:
    """Every way `.dockerconfigjson` can be malformed, with a secret inside; and how parsed
    credentials print."""
    book = SecretBook()
    ref = parse_image(f"{HOST}/team/app")

    def config(doc: object) -> dict[str, str]:
        return {".dockerconfigjson": b64(json.dumps(doc))}

    s = book.new
    truncated = s("password in truncated JSON")
    book.add("truncated user:password", f"{ROBOT}:{truncated}")
    not_utf8 = s("password next to bad UTF-8")
    malformed: dict[str, tuple[dict[str, str], str]] = {
        "not base64": ({".dockerconfigjson": s("config that is no base64")}, "is not valid base64"),
        "truncated": ({".dockerconfigjson": b64(json.dumps({"auths": {HOST: {
            "auth": b64(f"{ROBOT}:{truncated}"), "password": truncated}}})[:-3])}, "is not valid JSON"),
        "not UTF-8": ({".dockerconfigjson": b64(
            b'{"auths": {"%s": {"password": "%s\xff"}}}' % (HOST.encode(), not_utf8.encode()))},
            "not UTF-8"),
        "entry string": (config({"auths": {HOST: s("entry that is a string")}}), "is not an object"),
        "auth not base64": (config({"auths": {HOST: {"auth": s("auth that is no base64")}}}),
                            "is not valid base64"),
        "auth without colon": (config({"auths": {HOST: {"auth": b64(s("auth without a colon"))}}}),
                               "must be base64 of 'username:password'"),
        "auths string": (config({"auths": s("auths that is a string")}), "must be a JSON object"),
        "config string": (config(s("config that is a string")), "must be a JSON object"),
        "config list": (config([s("config that is a list")]), "must be a JSON object"),
        "legacy truncated": ({".dockercfg": b64(json.dumps({HOST: {"password": s("legacy")}})[:-3])},
                             "'.dockercfg' is not valid JSON"),
        "no key": ({"password": b64(s("password under another key"))}, "not found"),
    }
    errors = [raised(partial(credentials_from_pull_secret, data, ref, secret="ns/regcred"))
              for data, _ in malformed.values()]
    assert all(isinstance(e, ConfigurationError) for e in errors), errors

    password, identity, bearer = s("password"), s("identity token", "refresh"), s("registry token", "bearer")
    book.add("user:password", f"{ROBOT}:{password}")
    parsed = parse_docker_config(config({"auths": {
        "a.example.com": {"username": ROBOT, "password": password},
        "b.example.com": {"auth": b64(f"{ROBOT}:{password}")},
        "c.example.com": {"identitytoken": identity},
        "d.example.com": {"registrytoken": bearer},
    }}))
    assert parsed["b.example.com"] == Credentials(ROBOT, password)
    sinks = {
        "exceptions": "\n".join(exception_text(e) for e in errors),
        "repr": shown(*parsed.values(), parsed, ANONYMOUS),
        "logs": debug_logs.text,
    }
    verdict("secrets: exception texts and reprs: pull Secret parsing", book, sinks, {
        "exceptions": ["ns/regcred", *(message for _, message in malformed.values())],
        "repr": ["Credentials(username='robot', <redacted>)", "anonymous"],
    }, may_be_empty=["logs"])


def test_tls_and_proxy_material(debug_logs: LogCapture) -> None:
    """certSecretRef and proxySecretRef data, malformed every way, with secrets inside; and how
    parsed TLS material, proxies and transport options print."""
    book = SecretBook()
    s = book.new
    ca = generate_ca("security-test-ca")
    client_cert = generate_cert(ca, "security-test-client", client=True)
    other = generate_cert(ca, "security-test-other", client=True)
    book.pem_key("client key", client_cert.key_pem)
    book.pem_key("other key", other.key_pem)
    marker = s("marker in an unparsable key")
    garbage = garbage_key(marker)
    book.pem_key("unparsable key", garbage)
    ca_marker = s("marker in an unparsable CA")
    bad_ca = garbage_key(ca_marker).replace(b"PRIVATE KEY", b"CERTIFICATE")

    def enc(**data: str | bytes) -> dict[str, str]:
        return {k: b64(v) for k, v in data.items()}

    proxy_cases: dict[str, tuple[dict[str, str], str]] = {
        "socks": (enc(address=f"socks5://{ROBOT}:{s('socks proxy password')}@proxy:1080"),
                  "supported schemes"),
        "bad port": (enc(address=f"http://{ROBOT}:{s('password, bad port')}@proxy:99999"),
                     "failed to parse proxy address"),
        "no host": (enc(address=f"http://{ROBOT}:{s('password, no host')}@"), "has no host"),
        "too long": (enc(address=f"http://{ROBOT}:{s('password, long URL')}{'x' * 2100}@proxy:3128"),
                     "exceeds maximum length"),
        "password not base64": ({"address": b64("http://proxy:3128"), "password": s("raw password")},
                                "key 'password' is not valid base64"),
        "no address": (enc(username=ROBOT, password=s("password without address")), "'address' not found"),
    }
    tls_cases: dict[str, tuple[dict[str, str], str]] = {
        "key only": (enc(**{"tls.key": client_cert.key_pem}), "contains 'tls.key' but missing 'tls.crt'"),
        "key not base64": ({"tls.crt": b64(client_cert.cert_pem), "tls.key": s("raw key")},
                           "key 'tls.key' is not valid base64"),
    }
    errors = [raised(partial(proxy_from_secret, data, secret="ns/proxy"))
              for data, _ in proxy_cases.values()]
    errors += [raised(partial(tls_from_secret, data, secret="ns/certs")) for data, _ in tls_cases.values()]
    materials = {
        "mismatched key": TLSMaterial(ca.cert_pem, client_cert.cert_pem, other.key_pem),
        "unparsable key": TLSMaterial(ca.cert_pem, client_cert.cert_pem, garbage),
        "unparsable CA": TLSMaterial(bad_ca),
    }
    errors += [raised(partial(ssl_context, m)) for m in materials.values()]
    assert all(isinstance(e, ConfigurationError) for e in errors), errors

    password, address_password = s("proxy password"), s("proxy password in the address")
    proxies = [proxy_from_secret(enc(address="http://proxy:3128", username=ROBOT, password=password)),
               proxy_from_secret(enc(address=f"http://{ROBOT}:{address_password}@proxy:3128"))]
    assert proxies[1] == ProxyConfig("http://proxy:3128", ROBOT, address_password)
    tls = tls_from_secret(enc(**{"ca.crt": ca.cert_pem, "tls.crt": client_cert.cert_pem,
                                 "tls.key": client_cert.key_pem}))
    sinks = {
        "exceptions": "\n".join(exception_text(e) for e in errors),
        "repr": shown(*proxies, tls, TransportOptions(tls=tls, proxy=proxies[0]), *materials.values()),
        "logs": debug_logs.text,
    }
    verdict("secrets: exception texts and reprs: TLS and proxy Secrets", book, sinks, {
        "exceptions": ["failed to parse TLS certificate and key", "failed to parse CA certificate",
                       *(m for _, m in proxy_cases.values()), *(m for _, m in tls_cases.values())],
        "repr": ["ProxyConfig(url='http://proxy:3128', <redacted>)", "TLSMaterial(ca=True, client_cert=True"],
    }, may_be_empty=["logs"])


async def test_registry_client(
    basic_site: Site, token_site: Site, hostile_site: Site, tls_site: Site, debug_logs: LogCapture
) -> None:
    """The registry client with good and bad credentials of every kind, against a registry that is
    not there, a token service that fails quoting what it got, and proxies that refuse."""
    assert token_site.tokens is not None and tls_site.registry.tls is not None
    book = SecretBook()
    book.basic("basic registry password", basic_site.user, basic_site.password)
    book.basic("token registry password", token_site.user, token_site.password)
    book.add("identity token", token_site.identity_token)
    basic_ref, token_ref = parse_image(basic_site.image), parse_image(token_site.image)
    hostile_ref, tls_ref = parse_image(hostile_site.image), parse_image(tls_site.image)
    dead_ref = parse_image(f"127.0.0.1:{free_port()}/team/app")
    ca = TransportOptions(tls=TLSMaterial(ca_pem=tls_site.registry.tls.ca.cert_pem))

    def creds(label: str, user: str = ROBOT) -> Credentials:
        password = book.new(label)
        book.add(f"{label} (user:password)", f"{user}:{password}")
        return Credentials(user, password)

    proxy_password = book.new("proxy password")
    book.add("proxy user:password", f"{ROBOT}:{proxy_password}")
    async with RegistryClient(max_retries=0) as rc, \
            ForwardProxy(credentials=(ROBOT, proxy_password)).running() as proxy:
        good = {
            "basic": (basic_ref, Credentials(ROBOT, basic_site.password), None),
            "token": (token_ref, Credentials(ROBOT, token_site.password), None),
            "identity": (token_ref, Credentials(identity_token=token_site.identity_token), None),
            "proxied": (tls_ref, ANONYMOUS, TransportOptions(tls=ca.tls, proxy=ProxyConfig(
                proxy.url, ROBOT, proxy_password))),
        }
        for ref, cred, transport in good.values():
            tags = await rc.list_tags(ref, cred, transport=transport, time_limit=10)
            assert sorted(tags) == ["1.0.0", "1.1.0"]
            assert (await rc.get_digest(ref, "1.1.0", cred, transport=transport)).startswith("sha256:")

        def wrong_proxy(label: str) -> ProxyConfig:
            return ProxyConfig(proxy.url, ROBOT, book.new(label))

        failing: dict[str, tuple[Any, Credentials, TransportOptions | None, str]] = {
            "basic wrong password": (basic_ref, creds("wrong password"), None, "UNAUTHORIZED"),
            "token wrong password": (token_ref, creds("wrong token password"), None,
                                     "invalid username or password"),
            "unknown identity token": (token_ref, Credentials(identity_token=book.new("unknown refresh")),
                                       None, "invalid refresh token"),
            "forged registry token": (token_ref, Credentials(registry_token=book.new("forged bearer")),
                                      None, "UNAUTHORIZED"),
            "no registry": (dead_ref, creds("password for no registry"), None, "cannot connect"),
            "echo-json": (hostile_ref, creds("echoed (json)", "echo-json"), None, "bad credentials"),
            "echo-text": (hostile_ref, creds("echoed (text)", "echo-text"), None, "500"),
            "not-json": (hostile_ref, creds("echoed (not json)", "not-json"), None, "is not JSON"),
            "no-token": (hostile_ref, creds("echoed (no token)", "no-token"), None, "has no token"),
            "echoed identity": (hostile_ref, Credentials(identity_token=book.new("echoed refresh")), None,
                                "unknown grant"),
            "proxy refuses CONNECT": (tls_ref, ANONYMOUS, TransportOptions(
                tls=ca.tls, proxy=wrong_proxy("wrong proxy password (CONNECT)")), "407"),
            "proxy refuses request": (basic_ref, Credentials(ROBOT, basic_site.password), TransportOptions(
                proxy=wrong_proxy("wrong proxy password (plain)")), "407"),
            "no proxy": (tls_ref, creds("password behind no proxy"), TransportOptions(
                tls=ca.tls, proxy=ProxyConfig(f"http://127.0.0.1:{free_port()}", ROBOT,
                                              book.new("password of no proxy"))), "cannot connect to proxy"),
        }
        errors: list[BaseException] = []
        for ref, cred, transport, _ in failing.values():
            errors.append(await araised(rc.list_tags(ref, cred, transport=transport, time_limit=10)))
            errors.append(await araised(rc.get_digest(ref, "1.1.0", cred, transport=transport,
                                                      time_limit=10)))
        calls = [await rc._call(ref, cred, transport, 10) for ref, cred, transport in good.values()]
        tokens = list(rc._tokens.values())
        assert tokens, "no bearer token was cached"
    for i, token in enumerate(dict.fromkeys([*token_site.tokens.issued, *(t.value for t in tokens)])):
        book.add(f"bearer token {i}", token)

    sinks = {
        "exceptions": "\n".join(exception_text(e) for e in errors),
        "repr": shown(*tokens, *calls, *(cred for _, cred, _, _ in failing.values())),
        "logs": debug_logs.text,
    }
    verdict("secrets: exception texts and reprs: registry client", book, sinks, {
        "exceptions": [message for *_, message in failing.values()],
        "repr": ["Credentials(username='robot', <redacted>)", "ProxyConfig("],
    })


async def test_auth_options(client: Client, namespace: str, debug_logs: LogCapture) -> None:
    """What the controllers call to read the referenced Secrets: each malformed kind, through
    `.spec.secretRef`, a service account and the connection Secrets; and how its result prints."""
    book = SecretBook()
    s = book.new
    ref = parse_image(f"{HOST}/team/app")
    ca = generate_ca("security-test-ca")
    client_cert = generate_cert(ca, "security-test-client", client=True)
    book.pem_key("client key", client_cert.key_pem)
    password, proxy_password = s("password"), s("proxy password")
    book.add("user:password", f"{ROBOT}:{password}")
    secrets = [
        pull_secret(namespace, "good", {HOST: {"username": ROBOT, "password": password}}),
        opaque_secret(namespace, "truncated", {".dockerconfigjson": json.dumps(
            {"auths": {HOST: {"password": s("password in truncated JSON")}}})[:-3]}),
        opaque_secret(namespace, "no-key", {"password": s("password under another key")}),
        opaque_secret(namespace, "certs", {"ca.crt": ca.cert_pem, "tls.crt": client_cert.cert_pem,
                                           "tls.key": client_cert.key_pem}),
        opaque_secret(namespace, "key-only", {"tls.key": client_cert.key_pem}),
        opaque_secret(namespace, "proxy", {"address": f"http://{ROBOT}:{proxy_password}@proxy:3128"}),
        opaque_secret(namespace, "socks", {"address": f"socks5://{ROBOT}:{s('socks password')}@proxy"}),
    ]
    for obj in secrets:
        await client.create(obj)
    await client.create({"apiVersion": "v1", "kind": "ServiceAccount",
                         "metadata": {"name": "broken", "namespace": namespace},
                         "imagePullSecrets": [{"name": "truncated"}]})
    specs: dict[str, tuple[dict[str, Any], str]] = {
        "truncated": ({"secretRef": {"name": "truncated"}}, "not valid JSON"),
        "no-key": ({"secretRef": {"name": "no-key"}}, "not found"),
        "service account": ({"serviceAccountName": "broken"}, "not valid JSON"),
        "key only": ({"certSecretRef": {"name": "key-only"}}, "missing 'tls.crt'"),
        "socks": ({"proxySecretRef": {"name": "socks"}}, "supported schemes"),
        "missing": ({"secretRef": {"name": "absent"}}, 'secrets "absent" not found'),
    }
    login = ProviderLogin()

    def repository(**spec: Any) -> dict[str, Any]:
        return image_repository(namespace, "app", f"{HOST}/team/app", **spec)

    errors = [await araised(auth_options(client, repository(**spec), ref, login=login))
              for spec, _ in specs.values()]
    good = await auth_options(client, repository(secretRef={"name": "good"}, certSecretRef={"name": "certs"},
                                                 proxySecretRef={"name": "proxy"}), ref, login=login)
    assert good.credentials == Credentials(ROBOT, password)
    assert good.transport.proxy is not None and good.transport.proxy.password == proxy_password
    sinks = {
        "exceptions": "\n".join(exception_text(e) for e in errors),
        "repr": shown(good, good.transport, good.credentials),
        "logs": debug_logs.text,
    }
    verdict("secrets: exception texts and reprs: auth options", book, sinks, {
        "exceptions": [message for _, message in specs.values()],
        "repr": ["AuthOptions(provider='generic'", "<redacted>"],
    }, may_be_empty=["logs"])


def _plugin(tmp_path: Path, name: str, stdout: str, code: int, stderr: str = "") -> str:
    path = tmp_path / name
    path.write_text(f"#!/bin/sh\ncat <<'EOF'\n{stdout}\nEOF\necho '{stderr}' >&2\nexit {code}\n")
    path.chmod(0o700)
    return str(path)


async def test_kubernetes_client_config(env: Any, tmp_path: Path, debug_logs: LogCapture) -> None:
    """The API client's own credentials: a proxy URL with a password (refused, unreachable),
    bearer tokens, basic auth, client keys, exec plugins that fail loudly, kubeconfigs that do
    not parse; and how RestConfig and exec credentials print."""
    book = SecretBook()
    s = book.new
    ca = generate_ca("security-test-ca")
    client_cert = generate_cert(ca, "security-test-client", client=True)
    book.pem_key("client key", client_cert.key_pem)
    token, password, proxy_password = s("bearer token", "bearer"), s("basic password"), s("proxy password")
    book.add("user:password", f"{ROBOT}:{password}")
    book.add("proxy user:password", f"{ROBOT}:{proxy_password}")
    exec_token, env_secret = s("exec plugin token", "bearer"), s("exec plugin env value")
    config = RestConfig(
        host=f"https://{ROBOT}:{s('password in the host URL')}@kube.example.com:6443",
        ca_data=ca.cert_pem, cert_data=client_cert.cert_pem, key_data=client_cert.key_pem,
        token=token, username=ROBOT, password=password,
        proxy_url=f"http://{ROBOT}:{proxy_password}@proxy.example.com:3128",
        exec_provider=ExecConfig(command="get-token", env={"API_KEY": env_secret}),
    )
    objects = [config, config.exec_provider, ExecCredential(token=exec_token, cert_data=client_cert.cert_pem,
                                                            key_data=client_cert.key_pem, expires_at=None)]

    async def get_namespaces(cfg: RestConfig) -> None:
        async with Client(cfg) as c:
            await c.list("v1", "Namespace", limit=1)

    errors: list[BaseException] = []
    expected: list[str] = []
    async with ForwardProxy(credentials=(ROBOT, proxy_password)).running() as proxy:
        # Through the proxy with its password the client works; with a wrong one it is refused.
        await get_namespaces(env.config.copy(proxy_url=f"http://{ROBOT}:{proxy_password}@127.0.0.1:{proxy.port}"))
        wrong = s("wrong proxy password")
        errors.append(await araised(get_namespaces(env.config.copy(
            proxy_url=f"http://{ROBOT}:{wrong}@127.0.0.1:{proxy.port}", token=token))))
        expected.append("407")
        assert proxy.refused >= 1
    dead = s("password of no proxy")
    errors.append(await araised(get_namespaces(env.config.copy(
        proxy_url=f"http://{ROBOT}:{dead}@127.0.0.1:{free_port()}"))))
    expected.append("cannot connect")
    not_http = s("password in a non-HTTP host")
    errors.append(await araised(get_namespaces(env.config.copy(
        host=f"ftp://{ROBOT}:{not_http}@kube.example.com"))))
    expected.append("is not an http or https URL")

    # Exec plugins that fail after printing the token they were after (stderr) or a broken answer.
    loud = s("token a failing plugin prints", "bearer")
    garbled = s("token in a garbled answer", "bearer")
    for name, out, code, err, message in (
        ("fails", "", 1, f"could not refresh {loud}", "failed with exit code 1"),
        ("garbles", f'{{"token": "{garbled}"', 0, "", "not a JSON ExecCredential"),
    ):
        plugin = ExecConfig(command=_plugin(tmp_path, name, out, code, err), interactive_mode="Never")
        errors.append(await araised(get_namespaces(env.config.copy(exec_provider=plugin))))
        expected.append(message)

    # Kubeconfigs that do not parse, with credentials on the broken lines.
    broken_yaml = tmp_path / "kubeconfig"
    yaml_token = s("token on a line YAML cannot parse", "bearer")
    broken_yaml.write_text(f"users:\n- name: u\n  user:\n    token: {yaml_token}\n  : : [\n")
    errors.append(raised(partial(load_config, kubeconfig=str(broken_yaml))))
    expected.append("is not valid YAML")
    key_marker = s("client key data that is no base64")
    doc = {"clusters": [{"name": "c", "cluster": {"server": "https://kube.example.com"}}],
           "users": [{"name": "u", "user": {"client-certificate-data": b64(client_cert.cert_pem),
                                             "client-key-data": key_marker}}],
           "contexts": [{"name": "x", "context": {"cluster": "c", "user": "u"}}], "current-context": "x"}
    errors.append(raised(partial(config_from_kubeconfig_dict, doc)))
    expected.append("is not valid base64")
    assert isinstance(errors[-1], ConfigError) and isinstance(errors[-2], ConfigError)

    sinks = {
        "exceptions": "\n".join(exception_text(e) for e in errors),
        "repr": shown(*objects, config.copy(proxy_url=None)),
        "logs": debug_logs.text,
    }
    verdict("secrets: exception texts and reprs: Kubernetes client", book, sinks, {
        "exceptions": expected,
        "repr": ["token=<set>", f"proxy_url='http://{ROBOT}:xxxxx@proxy.example.com:3128'", "<1 vars>"],
    })
