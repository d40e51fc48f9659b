"""The HTTP transport: one connection pool per client, TLS and auth from the RestConfig.

It owns what every request needs and nothing about resources: client-side
throttling, credentials (refreshed on 401), bounded retries of 429 with
Retry-After, decoding of metav1.Status failures into typed errors, server Warning
headers (logged once per message), and newline-delimited JSON watch streams. The
connections themselves are ``wire``'s, which says why they are not aiohttp's.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import ssl
import tempfile
from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from controller_runtime import metrics
from controller_runtime.apimachinery import json_codec
from controller_runtime.client import errors, wire
from controller_runtime.client.auth import Authenticator, ExecCredential
from controller_runtime.client.config import DEFAULT_TIMEOUT, RestConfig
from controller_runtime.client.throttle import TokenBucket

log = logging.getLogger(__name__)

#: How often a 429 (or a 5xx carrying Retry-After) is retried before giving up.
MAX_RETRIES = 10
#: Upper bound for one Retry-After wait, so a confused server cannot park us for hours.
MAX_RETRY_AFTER = 30.0
DEFAULT_CONNECT_TIMEOUT = 30.0
#: client-go reports client-side throttling waits longer than this, so slow reconciles are explained.
THROTTLE_LOG_THRESHOLD = 1.0

Params = Mapping[str, Any] | Sequence[tuple[str, Any]] | None

_seen_warnings: set[str] = set()
_WARNING_RE = re.compile(r'^\s*(\d{3})\s+(\S+)\s+"((?:[^"\\]|\\.)*)"')


def _log_warnings(values: Sequence[str]) -> None:
    """Log each distinct server warning (RFC 7234 Warning: 299 - "text") once per process."""
    for value in values:
        m = _WARNING_RE.match(value)
        text = m.group(3).replace('\\"', '"') if m else value
        if text and text not in _seen_warnings:
            _seen_warnings.add(text)
            log.warning("API server warning: %s", text)


def _query(params: Params) -> list[tuple[str, str]]:
    if not params:
        return []
    items = params.items() if isinstance(params, Mapping) else params
    out: list[tuple[str, str]] = []
    for k, v in items:
        if v is None:
            continue
        if isinstance(v, bool):
            v = "true" if v else "false"
        out.append((k, str(v)))
    return out


def _build_ssl_context(config: RestConfig, cert: bytes | None, key: bytes | None) -> ssl.SSLContext:
    """TLS context for the config; the client key touches disk only in a 0600 temp file
    that is removed as soon as OpenSSL has read it (the ssl module cannot load keys from memory)."""
    # One context, built once: create_default_context() without cadata loads the whole
    # system CA bundle, which a cluster CA (or skip-verify) makes wasted work.
    if config.insecure_skip_tls_verify:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    elif config.ca_data:
        ctx = ssl.create_default_context(cadata=config.ca_data.decode())
    else:
        ctx = ssl.create_default_context()
    if cert and key:
        with tempfile.TemporaryDirectory(prefix="lookout-tls-") as d:
            cpath, kpath = os.path.join(d, "tls.crt"), os.path.join(d, "tls.key")
            for path, data in ((cpath, cert), (kpath, key)):
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
            try:
                ctx.load_cert_chain(cpath, kpath)
            except ssl.SSLError as e:
                raise errors.ApiError(0, "", "client certificate or key is invalid") from e
    return ctx


class Transport:
    """Sends requests for one RestConfig; create and use it inside one event loop."""

    def __init__(self, config: RestConfig) -> None:
        self.config = config
        self.auth = Authenticator(config)
        self.throttle = TokenBucket(config.qps, config.burst)
        self._pool: wire.Pool | None = None
        self._pool_certs: tuple[bytes | None, bytes | None] | None = None
        self._lock: asyncio.Lock | None = None
        self._host = urlsplit(config.host).netloc
        self._requests: dict[tuple[str, str], Any] = {}

    async def pool(self, exec_credential: ExecCredential | None = None) -> wire.Pool:
        """The connection pool, rebuilt when an exec plugin hands out a new client certificate."""
        cred = exec_credential
        if cred is None and self.config.exec_provider is not None:
            cred = await self.auth.exec_credential()
        certs = (self.config.cert_data, self.config.key_data)
        if cred is not None and cred.cert_data and cred.key_data:
            certs = (cred.cert_data, cred.key_data)
        if self._pool is not None and certs == self._pool_certs:
            return self._pool
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            if self._pool is None or certs != self._pool_certs:
                old = self._pool
                use_tls = self.config.host.startswith("https://")
                ssl_ctx = (
                    await asyncio.to_thread(_build_ssl_context, self.config, *certs) if use_tls else None
                )
                self._pool = wire.Pool(
                    self.config.host,
                    ssl_ctx,
                    server_hostname=self.config.tls_server_name,
                    proxy_url=self.config.proxy_url,
                    user_agent=self.config.user_agent,
                    connect_timeout=DEFAULT_CONNECT_TIMEOUT,
                )
                self._pool_certs = certs
                if old is not None:
                    old.close()
        return self._pool

    def _count(self, code: str, method: str) -> None:
        """rest_client_requests_total, with the children looked up once per (code, method)."""
        child = self._requests.get((code, method))
        if child is None:
            child = metrics.rest_client_requests.labels(code, method, self._host)
            self._requests[(code, method)] = child
        child.inc()

    async def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
        self._pool = None

    async def _send(
        self,
        method: str,
        path: str,
        *,
        params: Params = None,
        body: Any = None,
        content_type: str = "application/json",
        headers: Mapping[str, str] | None = None,
    ) -> wire.Response:
        """Send one request (with throttling, 401 refresh and 429 retries); return the final
        response, whose body the caller must read or release (a failure's body is read here).

        A coroutine rather than a context manager: it runs for every API call, and each
        layer of context managers costs more than the bookkeeping it saves.
        """
        data: bytes | None = None
        if body is not None:
            data = body if isinstance(body, bytes) else json_codec.dumps(body)
        query = _query(params)
        attempt = 0
        refreshed_auth = False
        while True:
            waited = await self.throttle.acquire()
            if waited >= THROTTLE_LOG_THRESHOLD:
                log.info("Waited for %.3fs due to client-side throttling - %s %s", waited, method, path)
            hdrs = {"Accept": "application/json"}
            if data is not None:
                hdrs["Content-Type"] = content_type
            cred = await self.auth.exec_credential()
            hdrs.update(await self.auth.headers(cred))
            if headers:
                hdrs.update(headers)
            pool = await self.pool(cred)
            try:
                resp = await pool.request(method, path, query, hdrs, data)
            except BaseException:
                self._count("<error>", method)
                raise
            self._count(str(resp.status), method)
            try:
                warnings = resp.headers.getall("Warning")
                if warnings:
                    _log_warnings(warnings)
                if resp.status == 401 and not refreshed_auth and self.auth.invalidate():
                    refreshed_auth = True
                    await resp.read()
                    resp.release()
                    continue
                retry_after = resp.headers.get("Retry-After")
                retryable = resp.status == 429 or (resp.status >= 500 and method == "GET")
                if retryable and retry_after is not None and attempt < MAX_RETRIES:
                    attempt += 1
                    try:
                        wait = float(retry_after)
                    except ValueError:
                        wait = 1.0
                    wait = min(max(wait, 0.0), MAX_RETRY_AFTER)
                    log.debug("%s %s: HTTP %d, retrying in %.1fs", method, path, resp.status, wait)
                    await resp.read()
                    resp.release()
                    await asyncio.sleep(wait)
                    continue
                if resp.status >= 400:
                    raise await _error_from_response(resp)
            except BaseException:
                resp.release()
                raise
            return resp

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Params = None,
        body: Any = None,
        content_type: str = "application/json",
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """Send a request and return its decoded JSON body (text if not JSON, None if empty)."""
        timeout = DEFAULT_TIMEOUT if self.config.timeout is None else self.config.timeout
        async with asyncio.timeout(timeout or None):
            resp = await self._send(
                method, path, params=params, body=body, content_type=content_type, headers=headers
            )
            try:
                raw = await resp.read()
            finally:
                resp.release()
        if not raw:
            return None
        ctype = resp.headers.get("Content-Type") or ""
        if "json" in ctype or raw[:1] in (b"{", b"["):
            try:
                return json_codec.loads(raw)
            except ValueError:
                pass
        return raw.decode(errors="replace")

    async def stream(
        self, method: str, path: str, *, params: Params = None, headers: Mapping[str, str] | None = None
    ) -> AsyncIterator[dict[str, Any]]:
        """Yield each JSON document of a newline-delimited stream (a watch).

        Lines are reassembled from arbitrary chunks, so partial chunks and lines of any
        length are fine. A connection cut mid-stream ends the stream like a normal close
        (client-go does the same on unexpected EOF): the caller re-watches from the last
        resourceVersion it saw.
        """
        resp = await self._send(method, path, params=params, headers=headers)
        try:
            buf = bytearray()
            while True:
                try:
                    chunk = await resp.read_chunk()
                except OSError as e:
                    log.debug("%s %s: stream cut (%s); ending it", method, path, type(e).__name__)
                    return
                if chunk is None:
                    break
                buf.extend(chunk)
                start = 0
                while True:
                    nl = buf.find(b"\n", start)
                    if nl < 0:
                        break
                    line = bytes(buf[start:nl])
                    start = nl + 1
                    if line.strip():
                        yield _decode_line(line)
                if start:
                    del buf[:start]
            if bytes(buf).strip():
                yield _decode_line(bytes(buf))
        finally:
            # Hands a fully read connection back to the pool and closes one cut short.
            resp.release()


def _decode_line(line: bytes) -> dict[str, Any]:
    try:
        doc = json_codec.loads(line)
    except ValueError as e:
        raise errors.ApiError(0, "", f"malformed watch event ({len(line)} bytes): not JSON") from e
    if not isinstance(doc, dict):
        raise errors.ApiError(0, "", "malformed watch event: not a JSON object")
    return doc


async def _error_from_response(resp: wire.Response) -> errors.ApiError:
    raw = await resp.read()
    body: Any = None
    try:
        body = json_codec.loads(raw) if raw else None
    except ValueError:
        body = None
    retry_after = resp.headers.get("Retry-After")
    if isinstance(body, dict) and body.get("kind") == "Status":
        return errors.from_status(body, resp.status, retry_after)
    text = raw.decode(errors="replace").strip()[:300]
    message = text or f"the server responded with the status code {resp.status}"
    return errors.from_status({"message": message, "code": resp.status}, resp.status, retry_after)
