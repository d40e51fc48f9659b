"""How to reach a registry: TLS material (`.spec.certSecretRef`) and proxy (`.spec.proxySecretRef`).

Parsing is pure (Secret `data` in, dataclasses out) with Flux's messages; building an
`ssl.SSLContext` touches files (OpenSSL only loads client keys from disk) and is cached
by content, so callers run `ssl_context()` off the event loop once per distinct material.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import os
import ssl
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from controllers.registry.errors import ConfigurationError

log = logging.getLogger(__name__)

TLS_CERT_KEY = "tls.crt"
TLS_PRIVATE_KEY_KEY = "tls.key"
CA_CERT_KEY = "ca.crt"
LEGACY_TLS_CERT_KEY = "certFile"
LEGACY_TLS_PRIVATE_KEY_KEY = "keyFile"
LEGACY_CA_CERT_KEY = "caFile"
PROXY_ADDRESS_KEY = "address"
PROXY_USERNAME_KEY = "username"
PROXY_PASSWORD_KEY = "password"
_PROXY_SCHEMES = ("http", "https")
_MAX_PROXY_URL_LENGTH = 2048


@dataclass(frozen=True)
class TLSMaterial:
    """PEM bytes from a certificate Secret; any of them may be empty."""

    ca_pem: bytes = b""
    cert_pem: bytes = b""
    key_pem: bytes = b""

    @property
    def fingerprint(self) -> str:
        h = hashlib.sha256()
        for part in (self.ca_pem, self.cert_pem, self.key_pem):
            h.update(hashlib.sha256(part).digest())
        return h.hexdigest()

    def __repr__(self) -> str:
        return (
            f"TLSMaterial(ca={bool(self.ca_pem)}, client_cert={bool(self.cert_pem)}, <redacted>)"
        )


@dataclass(frozen=True)
class ProxyConfig:
    """A proxy URL without credentials, plus the credentials kept apart so they never print."""

    url: str
    username: str = ""
    password: str = ""

    def __repr__(self) -> str:
        return f"ProxyConfig(url={self.url!r}, <redacted>)"


#: Flux's wording for Secrets still using the pre-`tls.crt` keys (logged once per read).
TLS_DEPRECATION_WARNING = (
    "warning: specifying TLS auth data via `certFile/keyFile/caFile` is deprecated, "
    "please use `tls.crt/tls.key/ca.crt` instead"
)


def _secret_bytes(data: Mapping[str, str], key: str, secret: str) -> bytes:
    try:
        return base64.b64decode(data[key], validate=False)
    except (binascii.Error, ValueError):
        raise ConfigurationError(f"secret '{secret}': key '{key}' is not valid base64") from None


def _lookup(data: Mapping[str, str], key: str, legacy: str, secret: str) -> tuple[bytes, bool]:
    """The value under `key`, else under its legacy name; the flag says the legacy one was used."""
    if key in data:
        return _secret_bytes(data, key, secret), False
    if legacy in data:
        return _secret_bytes(data, legacy, secret), True
    return b"", False


def tls_from_secret(
    data: Mapping[str, str], *, secret: str = "", logger: logging.Logger | None = None
) -> TLSMaterial:
    """TLS material from a `.spec.certSecretRef` Secret's data.

    Reads `tls.crt`/`tls.key`/`ca.crt`, falling back to the deprecated
    `certFile`/`keyFile`/`caFile` with a logged deprecation warning.
    """
    logger = logger or log
    ca_pem, legacy_ca = _lookup(data, CA_CERT_KEY, LEGACY_CA_CERT_KEY, secret)
    cert_pem, legacy_cert = _lookup(data, TLS_CERT_KEY, LEGACY_TLS_CERT_KEY, secret)
    key_pem, legacy_key = _lookup(data, TLS_PRIVATE_KEY_KEY, LEGACY_TLS_PRIVATE_KEY_KEY, secret)
    if legacy_ca or legacy_cert or legacy_key:
        logger.warning(TLS_DEPRECATION_WARNING, extra={"secret": secret})
    material = TLSMaterial(ca_pem=ca_pem, cert_pem=cert_pem, key_pem=key_pem)
    if bool(material.cert_pem) != bool(material.key_pem):
        present, missing = (
            (TLS_CERT_KEY, TLS_PRIVATE_KEY_KEY) if material.cert_pem else (TLS_PRIVATE_KEY_KEY, TLS_CERT_KEY)
        )
        raise ConfigurationError(f"secret '{secret}' contains '{present}' but missing '{missing}'")
    if not material.cert_pem and not material.ca_pem:
        raise ConfigurationError(
            f"secret '{secret}' must contain either '{CA_CERT_KEY}' or both "
            f"'{TLS_CERT_KEY}' and '{TLS_PRIVATE_KEY_KEY}'"
        )
    return material


def proxy_from_secret(data: Mapping[str, str], *, secret: str = "") -> ProxyConfig:
    """The proxy of a `.spec.proxySecretRef` Secret: `address` (required), `username`, `password`."""
    if PROXY_ADDRESS_KEY not in data:
        raise ConfigurationError(f"secret '{secret}': key '{PROXY_ADDRESS_KEY}' not found")
    address = _secret_bytes(data, PROXY_ADDRESS_KEY, secret).decode("utf-8", errors="replace").strip()
    if not address:
        raise ConfigurationError(f"secret '{secret}': proxy address is empty")
    if len(address) > _MAX_PROXY_URL_LENGTH:
        raise ConfigurationError(
            f"secret '{secret}': proxy URL exceeds maximum length of {_MAX_PROXY_URL_LENGTH} characters"
        )
    try:
        parts = urlsplit(address)
        _ = parts.port
    except ValueError:
        raise ConfigurationError(f"secret '{secret}': failed to parse proxy address") from None
    if parts.scheme not in _PROXY_SCHEMES:
        raise ConfigurationError(
            f"secret '{secret}': proxy URL must use one of the supported schemes "
            f"({', '.join(_PROXY_SCHEMES)}), got '{parts.scheme}'"
        )
    if not parts.hostname:
        raise ConfigurationError(f"secret '{secret}': proxy address has no host")
    username = parts.username or ""
    password = parts.password or ""
    if PROXY_USERNAME_KEY in data:
        username = _secret_bytes(data, PROXY_USERNAME_KEY, secret).decode("utf-8", errors="replace")
        password = ""
    if PROXY_PASSWORD_KEY in data:
        password = _secret_bytes(data, PROXY_PASSWORD_KEY, secret).decode("utf-8", errors="replace")
    netloc = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    if parts.port is not None:
        netloc += f":{parts.port}"
    clean = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    return ProxyConfig(url=clean, username=username, password=password)


@dataclass(frozen=True)
class TransportOptions:
    """Per-repository connection settings; `None` fields mean the defaults."""

    tls: TLSMaterial | None = None
    proxy: ProxyConfig | None = None


_CONTEXT_CACHE_SIZE = 64
_contexts: OrderedDict[str, ssl.SSLContext] = OrderedDict()
_contexts_lock = threading.Lock()


def _build_context(material: TLSMaterial | None) -> ssl.SSLContext:
    ctx = ssl.create_default_context()  # the system pool; a CA is added to it, never replaces it
    if material is None:
        return ctx
    if material.ca_pem:
        try:
            ctx.load_verify_locations(cadata=material.ca_pem.decode("ascii", errors="replace"))
        except (ssl.SSLError, ValueError):
            raise ConfigurationError("failed to parse CA certificate") from None
    if material.cert_pem:
        # OpenSSL only reads client keys from files: write them privately and remove at once.
        fd, path = tempfile.mkstemp(prefix="lookout-tls-", suffix=".pem")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(material.cert_pem.rstrip() + b"\n" + material.key_pem)
            ctx.load_cert_chain(path)
        except (ssl.SSLError, ValueError) as e:
            detail = getattr(e, "reason", None) or type(e).__name__
            raise ConfigurationError(f"failed to parse TLS certificate and key: {detail}") from None
        finally:
            os.unlink(path)
    return ctx


def ssl_context(material: TLSMaterial | None) -> ssl.SSLContext:
    """An SSL context for `material`, shared by everyone presenting the same bytes.

    Blocking (file and OpenSSL work): call it through `asyncio.to_thread`.
    """
    key = material.fingerprint if material is not None else ""
    with _contexts_lock:
        cached = _contexts.get(key)
        if cached is not None:
            _contexts.move_to_end(key)
            return cached
    ctx = _build_context(material)
    with _contexts_lock:
        _contexts[key] = ctx
        while len(_contexts) > _CONTEXT_CACHE_SIZE:
            _contexts.popitem(last=False)
    return ctx
