"""Registry credentials from Kubernetes pull Secrets (`.dockerconfigjson` and legacy `.dockercfg`).

These are pure functions over a Secret's `data` (base64 values, as the API returns them):
the controller reads the Secret, this module decides which entry applies to the image.
Matching follows the kubelet's keyring, which `kubectl create secret docker-registry`
users rely on: keys may be `host`, `host:port`, `host/path`, or URLs such as
`https://index.docker.io/v1/`; `*` globs a single host label; a key with a path only
applies to repositories under that path; the most specific key wins. Docker Hub's
aliases (`docker.io`, `index.docker.io`, `registry-1.docker.io`, the `/v1/` URL) are one
registry.
"""

from __future__ import annotations

import base64
import binascii
import fnmatch
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from controllers.registry.errors import ConfigurationError
from controllers.registry.reference import DEFAULT_REGISTRY, ImageRef

DOCKERCONFIGJSON_KEY = ".dockerconfigjson"
DOCKERCFG_KEY = ".dockercfg"
_DOCKER_HUB_ALIASES = frozenset({"docker.io", "index.docker.io", "registry-1.docker.io"})


@dataclass(frozen=True)
class Credentials:
    """What to present to a registry. All fields empty means anonymous.

    `identity_token` is an OAuth2 refresh token for the registry's token service;
    `registry_token` is a bearer token sent to the registry as is.
    """

    username: str = ""
    password: str = ""
    identity_token: str = ""
    registry_token: str = ""

    @property
    def anonymous(self) -> bool:
        return not (self.username or self.password or self.identity_token or self.registry_token)

    @property
    def fingerprint(self) -> str:
        """A stable digest identifying these credentials in caches without holding them as keys."""
        h = hashlib.sha256()
        for part in (self.username, self.password, self.identity_token, self.registry_token):
            h.update(part.encode() + b"\0")
        return h.hexdigest()[:32]

    def __repr__(self) -> str:  # never print secrets, even in debug logs
        kind = "anonymous" if self.anonymous else f"username={self.username!r}"
        return f"Credentials({kind}, <redacted>)"

    __str__ = __repr__


ANONYMOUS = Credentials()


def basic_authorization(username: str, password: str) -> str:
    """An `Authorization: Basic` value (UTF-8, as Docker clients send it)."""
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode("ascii")


def _b64decode(value: str | bytes, what: str) -> bytes:
    try:
        return base64.b64decode(value, validate=False)
    except (binascii.Error, ValueError):
        raise ConfigurationError(f"{what} is not valid base64") from None


def _decode_secret_value(data: Mapping[str, str], key: str, secret: str) -> bytes:
    return _b64decode(data[key], f"secret '{secret}': key '{key}'")


def _entry_credentials(entry: Any, key: str, secret: str) -> Credentials:
    if not isinstance(entry, dict):
        raise ConfigurationError(f"secret '{secret}': auth entry for '{key}' is not an object")
    username = str(entry.get("username") or "")
    password = str(entry.get("password") or "")
    auth = entry.get("auth")
    if auth:
        decoded = _b64decode(str(auth), f"secret '{secret}': 'auth' of '{key}'").decode(
            "utf-8", errors="replace"
        )
        user, sep, pw = decoded.partition(":")
        if not sep:
            raise ConfigurationError(
                f"secret '{secret}': 'auth' of '{key}' must be base64 of 'username:password'"
            )
        username, password = user, pw
    return Credentials(
        username=username,
        password=password,
        identity_token=str(entry.get("identitytoken") or entry.get("identityToken") or ""),
        registry_token=str(entry.get("registrytoken") or entry.get("registryToken") or ""),
    )


def parse_docker_config(data: Mapping[str, str], *, secret: str = "") -> dict[str, Credentials]:
    """All auth entries of a pull Secret, keyed as written in it.

    `data` is the Secret's `.data` (base64 values). Raises ConfigurationError naming the
    Secret and the problem, never its content.
    """
    if DOCKERCONFIGJSON_KEY in data:
        key = DOCKERCONFIGJSON_KEY
    elif DOCKERCFG_KEY in data:
        key = DOCKERCFG_KEY
    else:
        raise ConfigurationError(
            f"secret '{secret}': key '{DOCKERCONFIGJSON_KEY}' not found (nor legacy '{DOCKERCFG_KEY}')"
        )
    raw = _decode_secret_value(data, key, secret)
    try:
        doc = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        reason = e.msg if isinstance(e, json.JSONDecodeError) else "not UTF-8"
        raise ConfigurationError(f"secret '{secret}': '{key}' is not valid JSON: {reason}") from None
    if not isinstance(doc, dict):
        raise ConfigurationError(f"secret '{secret}': '{key}' must be a JSON object")
    auths = doc.get("auths") if "auths" in doc else doc
    if not isinstance(auths, dict):
        raise ConfigurationError(f"secret '{secret}': 'auths' in '{key}' must be a JSON object")
    return {str(k): _entry_credentials(v, str(k), secret) for k, v in auths.items()}


@dataclass(frozen=True)
class _Key:
    host: str  # lower-case host, Docker Hub aliases folded, may contain '*'
    port: str
    path: str  # repository path prefix, "" for the whole registry
    original: str


def _normalise_key(key: str) -> _Key | None:
    value = key.strip()
    if "://" not in value:
        value = "https://" + value
    try:
        parts = urlsplit(value)
        port = str(parts.port) if parts.port is not None else ""
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if not host:
        return None
    path = parts.path
    for prefix in ("/v1/", "/v2/"):
        if path.startswith(prefix) or path == prefix.rstrip("/"):
            path = path[len(prefix) :]
    path = path.strip("/")
    if host in _DOCKER_HUB_ALIASES and not port:
        host = DEFAULT_REGISTRY
    return _Key(host=host, port=port, path=path, original=key)


def _host_matches(pattern: str, host: str) -> bool:
    pattern_labels, host_labels = pattern.split("."), host.split(".")
    if len(pattern_labels) != len(host_labels):
        return False
    return all(fnmatch.fnmatchcase(h, p) for p, h in zip(pattern_labels, host_labels, strict=True))


def _key_matches(key: _Key, ref: ImageRef) -> bool:
    host, port = ref.hostname.strip("[]").lower(), ref.port
    if host in _DOCKER_HUB_ALIASES and not port:
        host = DEFAULT_REGISTRY
    if key.port != port or not _host_matches(key.host, host):
        return False
    if not key.path:
        return True
    repo = ref.repository
    return repo == key.path or repo.startswith(key.path + "/")


def match_credentials(entries: Mapping[str, Credentials], ref: ImageRef) -> Credentials | None:
    """The entry that applies to `ref`: the most specific matching key, or None."""
    candidates: list[tuple[_Key, Credentials]] = []
    for raw, creds in entries.items():
        key = _normalise_key(raw)
        if key is not None and _key_matches(key, ref):
            candidates.append((key, creds))
    if not candidates:
        return None
    # Most specific first: longer paths, then literal hosts before globs, then key text.
    candidates.sort(key=lambda kc: (-len(kc[0].path), "*" in kc[0].host, kc[0].original))
    return candidates[0][1]


def credentials_from_pull_secret(
    data: Mapping[str, str], ref: ImageRef, *, secret: str = ""
) -> Credentials | None:
    """The credentials a pull Secret holds for `ref`'s registry, or None if it has none."""
    return match_credentials(parse_docker_config(data, secret=secret), ref)
