"""Pull Secret parsing and matching an entry to the image's registry."""

from __future__ import annotations

import pytest

from controllers.registry import (
    ConfigurationError,
    Credentials,
    credentials_from_pull_secret,
    parse_docker_config,
    parse_image,
)
from tests.registry.conftest import b64, basic_entry, docker_config_secret

HUB_KEYS = ["docker.io", "index.docker.io", "registry-1.docker.io", "https://index.docker.io/v1/",
            "https://index.docker.io/v2/", "http://docker.io"]


@pytest.mark.parametrize("key", HUB_KEYS)
@pytest.mark.parametrize("image", ["alpine", "org/app", "docker.io/org/app", "index.docker.io/org/app"])
def test_docker_hub_aliases_are_one_registry(key: str, image: str) -> None:
    secret = docker_config_secret({key: basic_entry("hubuser", "hubpass")})
    creds = credentials_from_pull_secret(secret, parse_image(image))
    assert creds == Credentials(username="hubuser", password="hubpass")


@pytest.mark.parametrize(
    ("key", "image", "matches"),
    [
        ("ghcr.io", "ghcr.io/org/app", True),
        ("https://ghcr.io", "ghcr.io/org/app", True),
        ("ghcr.io", "docker.io/org/app", False),
        ("registry.example.com:5000", "registry.example.com:5000/team/app", True),
        ("registry.example.com:5000", "registry.example.com/team/app", False),
        ("registry.example.com", "registry.example.com:5000/team/app", False),
        ("http://127.0.0.1:5000", "127.0.0.1:5000/team/app", True),
        ("*.example.com", "registry.example.com/team/app", True),
        ("*.example.com", "a.b.example.com/team/app", False),
        ("ghcr.io/org", "ghcr.io/org/app", True),
        ("ghcr.io/org", "ghcr.io/other/app", False),
        ("ghcr.io/org/app", "ghcr.io/org/application", False),
        ("GHCR.IO", "ghcr.io/org/app", True),
    ],
)
def test_key_forms(key: str, image: str, matches: bool) -> None:
    secret = docker_config_secret({key: basic_entry("u", "p")})
    found = credentials_from_pull_secret(secret, parse_image(image))
    assert (found is not None) is matches


def test_most_specific_key_wins() -> None:
    secret = docker_config_secret({
        "ghcr.io": basic_entry("registry-wide", "p1"),
        "ghcr.io/org": basic_entry("org-wide", "p2"),
        "ghcr.io/org/app": basic_entry("repo-only", "p3"),
        "*.io": basic_entry("glob", "p4"),
    })
    def found(image: str) -> Credentials | None:
        return credentials_from_pull_secret(secret, parse_image(image))

    assert found("ghcr.io/org/app") == Credentials("repo-only", "p3")
    assert found("ghcr.io/org/x") == Credentials("org-wide", "p2")
    assert found("ghcr.io/y/x") == Credentials("registry-wide", "p1")
    assert found("quay.io/y/x") == Credentials("glob", "p4")


def test_entry_forms() -> None:
    config = parse_docker_config(docker_config_secret({
        "auth.example.com": {"auth": b64("user:pa:ss")},
        "fields.example.com": {"username": "u2", "password": "p2"},
        "identity.example.com": {"identitytoken": "refresh-123"},
        "token.example.com": {"registrytoken": "bearer-456"},
        "both.example.com": {"username": "ignored", "password": "ignored", "auth": b64("real:pw")},
    }))
    assert config["auth.example.com"] == Credentials("user", "pa:ss")
    assert config["fields.example.com"] == Credentials("u2", "p2")
    assert config["identity.example.com"] == Credentials(identity_token="refresh-123")
    assert config["token.example.com"] == Credentials(registry_token="bearer-456")
    assert config["both.example.com"] == Credentials("real", "pw")


def test_legacy_dockercfg() -> None:
    secret = docker_config_secret({"https://index.docker.io/v1/": basic_entry("old", "school")}, legacy=True)
    assert credentials_from_pull_secret(secret, parse_image("alpine")) == Credentials("old", "school")


def test_spec_example_secret() -> None:
    """The Secret shown in the ImageRepository spec grants foo:bar on Docker Hub."""
    data = {".dockerconfigjson": "eyJhdXRocyI6eyJodHRwczovL2luZGV4LmRvY2tlci5pby92MS8iOnsidXNlcm5hbW"
                                 "UiOiJmb28iLCJwYXNzd29yZCI6ImJhciIsImF1dGgiOiJabTl2T21KaGNnPT0ifX19"}
    creds = credentials_from_pull_secret(data, parse_image("stefanprodan/podinfo"))
    assert creds == Credentials("foo", "bar")


def test_no_matching_entry_is_none() -> None:
    secret = docker_config_secret({"quay.io": basic_entry("u", "p")})
    assert credentials_from_pull_secret(secret, parse_image("ghcr.io/org/app")) is None


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({}, "key '.dockerconfigjson' not found"),
        ({".dockerconfigjson": b64("{not json")}, "is not valid JSON"),
        ({".dockerconfigjson": b64("[1, 2]")}, "must be a JSON object"),
        ({".dockerconfigjson": b64('{"auths": ["x"]}')},
         "'auths' in '.dockerconfigjson' must be a JSON object"),
        ({".dockerconfigjson": b64('{"auths": {"h": "x"}}')}, "auth entry for 'h' is not an object"),
        ({".dockerconfigjson": b64('{"auths": {"h": {"auth": "c2VjcmV0LW5vLWNvbG9u"}}}')},
         "must be base64 of 'username:password'"),
    ],
)
def test_bad_secrets_give_clear_errors_without_content(data: dict[str, str], fragment: str) -> None:
    with pytest.raises(ConfigurationError) as exc:
        credentials_from_pull_secret(data, parse_image("alpine"), secret="apps/regcred")
    assert fragment in str(exc.value)
    assert "apps/regcred" in str(exc.value)
    assert "secret-no-colon" not in str(exc.value)
    assert exc.value.reason == "AuthenticationFailed"


def test_credentials_never_print_secrets() -> None:
    creds = Credentials(username="me", password="hunter2", identity_token="idtok", registry_token="regtok")
    for text in (repr(creds), str(creds), f"{creds}"):
        assert "hunter2" not in text and "idtok" not in text and "regtok" not in text
    assert creds.fingerprint != Credentials(username="me", password="hunter3").fingerprint
