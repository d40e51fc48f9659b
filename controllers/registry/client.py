"""Docker Registry HTTP API v2 client: list a repository's tags, resolve a tag's digest.

One `RegistryClient` serves every scan of the process: it pools connections (TLS
material and proxies are per request), remembers which auth flow and scheme each
registry uses, caches bearer tokens until shortly before they expire, and asks a shared
per-host rate limiter before every request. Tag listing reads one page at a time, so
memory grows with the tag list only.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import re
import ssl
import time
from collections.abc import Awaitable, Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TypeVar
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

import aiohttp

from controllers.registry.credentials import ANONYMOUS, Credentials, basic_authorization
from controllers.registry.errors import (
    AuthenticationError,
    ManifestNotFoundError,
    RegistryError,
    RegistryReadError,
    RepositoryNotFoundError,
)
from controllers.registry.headers import (
    Challenge,
    ForeignLinkError,
    next_page_url,
    origin,
    pick_challenge,
    retry_after_seconds,
)
from controllers.registry.ratelimit import UNLIMITED, HostRateLimiter
from controllers.registry.reference import ImageRef
from controllers.registry.transport import TransportOptions, ssl_context

log = logging.getLogger(__name__)
T = TypeVar("T")

DEFAULT_PAGE_SIZE = 1000  # what go-containerregistry asks for
MANIFEST_MEDIA_TYPES = (
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.docker.distribution.manifest.v1+prettyjws",
    "application/vnd.docker.distribution.manifest.v1+json",
)
_PAGE_SIZE_STATUSES = frozenset({400, 413, 416, 422})
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_MAX_REDIRECTS = 5
_MAX_ERROR_TEXT = 300


@dataclass
class _Token:
    value: str
    refresh_at: float  # monotonic time after which a new token is fetched

    def __repr__(self) -> str:  # a bearer token is a credential: never printed
        return f"_Token(<redacted>, refresh_at={self.refresh_at})"


@dataclass
class _Response:
    status: int
    reason: str
    headers: Mapping[str, str]
    body: bytes
    url: str


@dataclass
class _Call:
    """One public operation: the repository, who we are, how we connect, until when."""

    ref: ImageRef
    credentials: Credentials
    transport: TransportOptions
    ssl: ssl.SSLContext
    deadline: float | None
    scope: str
    #: The request waiting for an answer (`GET <url>`), so a timeout can say who was silent.
    waiting_on: str = ""


def _transport_key(ref: ImageRef, transport: TransportOptions) -> tuple[str, str, str]:
    tls = transport.tls.fingerprint if transport.tls else ""
    proxy = transport.proxy.url if transport.proxy else ""
    return ref.registry, tls, proxy


def _registry_errors(body: bytes) -> list[dict[str, Any]]:
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return []
    errors = doc.get("errors") if isinstance(doc, dict) else None
    return [e for e in errors if isinstance(e, dict)] if isinstance(errors, list) else []


def shown_url(url: str) -> str:
    """A URL as messages show it: no user info, no query. A redirect to blob storage carries
    its signature (and sometimes a key id) in the query, and statuses are not secret."""
    try:
        parts = urlsplit(url)
        host = parts.netloc.rpartition("@")[2]
        return urlunsplit((parts.scheme, host, parts.path, "", ""))
    except ValueError:
        return "<unparsable URL>"


def _redact(text: str, sent: Collection[str]) -> str:
    """`text` without any of the credentials we `sent` (longest first: a password may sit inside
    the base64 of `user:password`, never the other way round)."""
    for value in sorted(sent, key=len, reverse=True):
        if value:
            text = text.replace(value, "<redacted>")
    return text


def _describe(method: str, resp: _Response, sent: Collection[str] = ()) -> str:
    """Upstream-style `GET <url>: CODE: message` text for a failed response.

    The registry's own messages are quoted, minus the credentials we `sent`: a broken or
    hostile token service may echo them back, and this text reaches conditions and events.
    """
    errors = _registry_errors(resp.body)
    if errors:
        detail = "; ".join(
            f"{e.get('code', 'UNKNOWN')}: {e.get('message', '')}".rstrip(": ") for e in errors
        )
        detail = _redact(detail, sent)
    else:
        # A body that is no registry error is not quoted: a proxy or a misconfigured server
        # may echo the request, credentials included, and this text reaches conditions.
        detail = f"unexpected status code {resp.status} {resp.reason}".rstrip()
    return f"{method} {shown_url(resp.url)}: {detail}"


def _error_for(
    method: str, resp: _Response, *, manifest: bool = False, sent: Collection[str] = ()
) -> RegistryError:
    message = _describe(method, resp, sent)
    codes = {str(e.get("code", "")) for e in _registry_errors(resp.body)}
    if resp.status in (401, 403):
        return AuthenticationError(message, status=resp.status)
    if resp.status == 404:
        if "MANIFEST_UNKNOWN" in codes or (manifest and "NAME_UNKNOWN" not in codes):
            return ManifestNotFoundError(message, status=404)
        return RepositoryNotFoundError(message, status=404)
    return RegistryReadError(message, status=resp.status)


def _suggested_page_size(body: bytes, current: int | None) -> int | None:
    """A smaller `n` after a registry refused ours: its stated maximum, else 100, else none."""
    text = body[:_MAX_ERROR_TEXT * 4].decode("utf-8", errors="replace").lower()
    m = re.search(r"max(?:imum)?(?: is| of|:)?\s*(\d+)", text)
    if m and current is not None and 0 < int(m.group(1)) < current:
        return int(m.group(1))
    if current is not None and current > 100:
        return 100
    return None


#: Caps of one tag listing: far above any real repository (the largest public ones hold
#: tens of thousands of tags), low enough that a registry paging forever is stopped soon.
MAX_PAGES = 10_000
MAX_TAGS = 1_000_000


class RegistryClient:
    """Shared registry client; use as an async context manager or call `close()`."""

    def __init__(
        self,
        *,
        limiter: HostRateLimiter | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        max_retries: int = 4,
        max_retry_after: float = 30.0,
        max_page_bytes: int = 32 << 20,
        max_pages: int = MAX_PAGES,
        max_tags: int = MAX_TAGS,
        user_agent: str = "lookout/0.1",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limiter = limiter or UNLIMITED
        self.page_size = page_size
        self.max_pages = max_pages
        self.max_tags = max_tags
        self.max_retries = max_retries
        self.max_retry_after = max_retry_after
        self.max_page_bytes = max_page_bytes
        self.user_agent = user_agent
        self._clock = clock
        self._session: aiohttp.ClientSession | None = None
        self._schemes: dict[tuple[str, str, str], str] = {}
        self._probe_locks: dict[tuple[str, str, str], asyncio.Lock] = {}
        self._challenges: dict[str, Challenge] = {}
        self._tokens: dict[tuple[str, str, str, str], _Token] = {}
        self._token_locks: dict[tuple[str, str, str, str], asyncio.Lock] = {}
        self._page_sizes: dict[str, int | None] = {}
        #: Per host, the monotonic time before which its Retry-After asked us not to come back,
        #: and the status that asked.
        self._not_before: dict[str, tuple[float, int]] = {}

    async def __aenter__(self) -> RegistryClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _get_session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=256, limit_per_host=16, ttl_dns_cache=300)
            self._session = aiohttp.ClientSession(
                connector=connector,
                headers={"User-Agent": self.user_agent},
                timeout=aiohttp.ClientTimeout(total=None, sock_connect=30, sock_read=60),
                trust_env=False,
            )
        return self._session

    # ---------------------------------------------------------------- public API

    async def list_tags(
        self,
        ref: ImageRef,
        credentials: Credentials = ANONYMOUS,
        *,
        transport: TransportOptions | None = None,
        time_limit: float | None = None,
    ) -> list[str]:
        """Every tag of `ref`, in registry order, following `Link` pages on the same origin.

        `time_limit` (seconds) bounds the whole call (authentication included), like `.spec.timeout`.
        """
        call = await self._call(ref, credentials, transport, time_limit)
        return await _within(call, time_limit, f"listing tags of '{ref.name}'", self._list_tags(call))

    async def get_digest(
        self,
        ref: ImageRef,
        tag: str,
        credentials: Credentials = ANONYMOUS,
        *,
        transport: TransportOptions | None = None,
        time_limit: float | None = None,
    ) -> str:
        """The manifest (or index) digest `ref:tag` points at, e.g. `sha256:...`."""
        call = await self._call(ref, credentials, transport, time_limit)
        what = f"fetching the digest of '{ref.with_tag(tag)}'"
        return await _within(call, time_limit, what, self._get_digest(call, tag))

    async def get_manifest(
        self,
        ref: ImageRef,
        reference: str,
        credentials: Credentials = ANONYMOUS,
        *,
        transport: TransportOptions | None = None,
        time_limit: float | None = None,
        accept: Collection[str] = MANIFEST_MEDIA_TYPES,
    ) -> Manifest:
        """The manifest (or image index) `reference` (a tag or a digest) names in `ref`.

        By digest, the body must hash to that digest: a registry (or a cache in front of
        it) serving other content would otherwise slip into an artifact unnoticed.
        """
        _check_reference(reference)
        call = await self._call(ref, credentials, transport, time_limit)
        what = f"fetching the manifest '{reference}' of '{ref.name}'"
        return await _within(call, time_limit, what, self._get_manifest(call, reference, accept))

    async def fetch_blob(
        self,
        ref: ImageRef,
        digest: str,
        dest: Path,
        credentials: Credentials = ANONYMOUS,
        *,
        transport: TransportOptions | None = None,
        time_limit: float | None = None,
        max_size: int | None = None,
    ) -> int:
        """Stream blob `digest` of `ref` into `dest`; returns its size in bytes.

        Layers can be far larger than memory, so the body goes to disk as it arrives,
        hashed on the way. `dest` only appears once the digest (and `max_size`) checked
        out: a failed or interrupted download leaves no file behind.
        """
        _check_digest(digest)
        call = await self._call(ref, credentials, transport, time_limit)
        what = f"fetching blob '{digest}' of '{ref.name}'"
        return await _within(call, time_limit, what, self._fetch_blob(call, digest, dest, max_size))

    async def get_referrers(
        self,
        ref: ImageRef,
        digest: str,
        credentials: Credentials = ANONYMOUS,
        *,
        transport: TransportOptions | None = None,
        time_limit: float | None = None,
    ) -> Manifest | None:
        """The OCI 1.1 referrers index of `digest` in `ref`, or None when the registry has no
        referrers API (it answers 404), so callers fall back to the `sha256-<hex>` tag schema."""
        _check_digest(digest)
        call = await self._call(ref, credentials, transport, time_limit)
        what = f"fetching the referrers of '{ref.name}@{digest}'"
        return await _within(call, time_limit, what, self._get_referrers(call, digest))

    # ---------------------------------------------------------------- operations

    async def _call(
        self,
        ref: ImageRef,
        credentials: Credentials,
        transport: TransportOptions | None,
        time_limit: float | None,
    ) -> _Call:
        transport = transport or TransportOptions()
        ctx = await asyncio.to_thread(ssl_context, transport.tls)
        deadline = self._clock() + time_limit if time_limit is not None else None
        return _Call(
            ref=ref,
            credentials=credentials,
            transport=transport,
            ssl=ctx,
            deadline=deadline,
            scope=f"repository:{ref.repository}:pull",
        )

    async def _list_tags(self, call: _Call) -> list[str]:
        ref = call.ref
        path = f"/v2/{ref.repository}/tags/list"
        page_size = self._page_sizes.get(ref.registry, self.page_size)
        base = await self._base_url(call)
        url = base + path + (f"?{urlencode({'n': page_size})}" if page_size else "")
        tags: list[str] = []
        seen_pages: set[int] = set()
        read: set[str] = set()  # the pages already read, by URL
        first = True
        while True:
            read.add(url)
            resp = await self._request(call, "GET", url)
            if first and resp.status in _PAGE_SIZE_STATUSES and page_size:
                smaller = _suggested_page_size(resp.body, page_size)
                log.info(
                    "registry refused page size, retrying smaller",
                    extra={"registry": ref.registry, "refused": page_size, "next": smaller},
                )
                page_size = smaller
                self._page_sizes[ref.registry] = smaller
                url = base + path + (f"?{urlencode({'n': smaller})}" if smaller else "")
                continue
            if resp.status != 200:
                raise _error_for("GET", resp, sent=self._sent(call))
            first = False
            page = self._page_tags(resp)
            tags.extend(page)
            try:
                nxt = next_page_url(resp.headers.get("Link"), resp.url)
            except ForeignLinkError as e:
                raise RegistryReadError(f"GET {shown_url(resp.url)}: {e}") from None
            if nxt is None:
                return tags
            # A registry whose pages never end would be read until .spec.timeout, and then
            # again at the next scan: stop at the first sign of a loop, or at the caps.
            digest = hash(tuple(page))  # a page just like an earlier one: a loop (one int a page)
            repeated = bool(page) and digest in seen_pages
            seen_pages.add(digest)
            what = f"listing tags of '{ref.name}' stopped after {len(read)} pages"
            if nxt in read or repeated:
                raise RegistryReadError(
                    f"{what}: the registry's next page (Link header) repeats a page already read"
                )
            if len(read) >= self.max_pages:
                raise RegistryReadError(f"{what}: more than {self.max_pages} pages")
            if len(tags) > self.max_tags:
                raise RegistryReadError(f"{what} and {len(tags)} tags: more than {self.max_tags} tags")
            url = nxt

    def _page_tags(self, resp: _Response) -> list[str]:
        try:
            doc = json.loads(resp.body)
        except (ValueError, UnicodeDecodeError):
            ctype = resp.headers.get("Content-Type", "")
            shown = f" (Content-Type: {ctype[:100]})" if ctype and "json" not in ctype.lower() else ""
            raise RegistryReadError(f"GET {shown_url(resp.url)}: response is not JSON{shown}") from None
        page = doc.get("tags") if isinstance(doc, dict) else None
        if page is None:
            return []  # some registries answer `"tags": null` for an empty repository
        if not isinstance(page, list) or not all(isinstance(t, str) for t in page):
            raise RegistryReadError(f"GET {shown_url(resp.url)}: 'tags' is not a list of strings")
        return page

    async def _get_digest(self, call: _Call, tag: str) -> str:
        path = f"/v2/{call.ref.repository}/manifests/{tag}"
        base = await self._base_url(call)
        accept = {"Accept": ", ".join(MANIFEST_MEDIA_TYPES)}
        resp = await self._request(call, "HEAD", base + path, headers=accept)
        digest = resp.headers.get("Docker-Content-Digest", "")
        if resp.status == 200 and digest:
            return digest
        # HEAD answers carry no error details (and some registries omit the digest):
        # a GET tells us what went wrong, or lets us hash the manifest ourselves.
        resp = await self._request(call, "GET", base + path, headers=accept, max_bytes=4 << 20)
        if resp.status != 200:
            raise _error_for("GET", resp, manifest=True, sent=self._sent(call))
        return resp.headers.get("Docker-Content-Digest") or (
            "sha256:" + hashlib.sha256(resp.body).hexdigest()
        )

    async def _get_manifest(self, call: _Call, reference: str, accept: Collection[str]) -> Manifest:
        url = f"{await self._base_url(call)}/v2/{call.ref.repository}/manifests/{reference}"
        headers = {"Accept": ", ".join(accept)}
        resp = await self._request(call, "GET", url, headers=headers, max_bytes=MAX_MANIFEST_BYTES)
        if resp.status != 200:
            raise _error_for("GET", resp, manifest=True, sent=self._sent(call))
        where = f"GET {shown_url(resp.url)}"
        if ":" in reference:
            actual = _digest_of(reference.partition(":")[0], resp.body)
            if actual != reference:
                raise RegistryReadError(f"{where}: manifest content has digest {actual}, not {reference}")
            digest = reference
        else:
            digest = resp.headers.get("Docker-Content-Digest") or _digest_of("sha256", resp.body)
        try:
            doc = json.loads(resp.body)
        except (ValueError, UnicodeDecodeError):
            raise RegistryReadError(f"{where}: manifest is not JSON") from None
        if not isinstance(doc, dict):
            raise RegistryReadError(f"{where}: manifest is not a JSON object")
        media_type = resp.headers.get("Content-Type", "").partition(";")[0].strip()
        if not media_type or media_type in ("application/json", "application/octet-stream"):
            media_type = str(doc.get("mediaType") or media_type)
        return Manifest(digest=digest, media_type=media_type, body=resp.body, json=doc)

    async def _get_referrers(self, call: _Call, digest: str) -> Manifest | None:
        url = f"{await self._base_url(call)}/v2/{call.ref.repository}/referrers/{digest}"
        headers = {"Accept": "application/vnd.oci.image.index.v1+json"}
        resp = await self._request(call, "GET", url, headers=headers, max_bytes=MAX_MANIFEST_BYTES)
        if resp.status == 404:
            return None
        if resp.status != 200:
            raise _error_for("GET", resp, sent=self._sent(call))
        try:
            doc = json.loads(resp.body)
        except (ValueError, UnicodeDecodeError):
            doc = None
        if not isinstance(doc, dict):
            raise RegistryReadError(f"GET {shown_url(resp.url)}: referrers index is not a JSON object")
        media_type = str(doc.get("mediaType") or "application/vnd.oci.image.index.v1+json")
        digest_of_body = _digest_of("sha256", resp.body)
        return Manifest(digest=digest_of_body, media_type=media_type, body=resp.body, json=doc)

    async def _fetch_blob(self, call: _Call, digest: str, dest: Path, max_size: int | None) -> int:
        """The blob GET with the same challenge and Retry-After handling as `_request`, but
        streamed: `_request` holds whole bodies in memory, fine for pages, not for layers."""
        url = f"{await self._base_url(call)}/v2/{call.ref.repository}/blobs/{digest}"
        authorized = False
        attempt = 0
        host = urlsplit(url).netloc
        while True:
            await self._wait_retry_after(call, "GET", url, host)
            hdrs: dict[str, str] = {}
            auth_header = await self._authorization(call)
            if auth_header:
                hdrs["Authorization"] = auth_header
            result = await self._stream_raw(call, url, hdrs, _BlobSink(dest, digest, max_size))
            if isinstance(result, int):
                return result
            resp = result
            # A challenge from the registry itself, not from the storage it redirected to.
            from_registry = origin(resp.url) == origin(url)
            if resp.status == 401 and not authorized and from_registry:
                challenge = pick_challenge(resp.headers.get("WWW-Authenticate", ""))
                if challenge is None or (challenge.scheme == "basic" and not call.credentials.username):
                    raise _error_for("GET", resp, sent=self._sent(call))
                if challenge.scope:
                    call.scope = challenge.scope
                self._challenges[call.ref.registry] = challenge
                self._forget_token(call)
                authorized = True
                continue
            if resp.status in (429, 503) and attempt < self.max_retries:
                await self._back_off(call, resp, attempt, urlsplit(resp.url).netloc)
                attempt += 1
                continue
            if resp.status == 404 and from_registry:
                codes = {str(e.get("code", "")) for e in _registry_errors(resp.body)}
                if "NAME_UNKNOWN" not in codes:  # the repository exists, the blob does not
                    raise RegistryReadError(_describe("GET", resp, self._sent(call)), status=404)
            raise _error_for("GET", resp, sent=self._sent(call))

    async def _back_off(
        self, call: _Call, resp: _Response, attempt: int, host: str, method: str = "GET"
    ) -> None:
        """Wait as a 429/503 asked (Retry-After, else exponential backoff). A Retry-After holds
        every call to the host, not only this one; a wait past the deadline fails at once."""
        delay = retry_after_seconds(resp.headers.get("Retry-After"))
        asked = delay is not None
        if delay is None:
            delay = 0.5 * (2**attempt)
        delay = min(delay, self.max_retry_after)
        if asked:
            until = self._clock() + delay
            if until > self._not_before.get(host, (0.0, 0))[0]:
                self._not_before[host] = (until, resp.status)
        if call.deadline is not None and self._clock() + delay > call.deadline:
            raise RegistryReadError(
                f"{_describe(method, resp, self._sent(call))} (retrying after {_fmt_seconds(delay)} "
                "would exceed the timeout)",
                status=resp.status,
                retry_after=delay if asked else None,
            )
        log.info(
            "registry asked us to slow down",
            extra={"registry": call.ref.registry, "status": resp.status, "delay": delay},
        )
        await asyncio.sleep(delay)

    async def _stream_raw(
        self, call: _Call, url: str, headers: Mapping[str, str], sink: _BlobSink
    ) -> int | _Response:
        """A GET following redirects (Authorization stays on the registry's origin): a 200
        body streams into `sink` (its size is returned), any other answer is returned."""
        hdrs = dict(headers)
        for _ in range(_MAX_REDIRECTS + 1):
            result = await self._stream_exchange(call, url, hdrs, sink)
            if isinstance(result, int):
                return result
            location = result.headers.get("Location")
            if result.status not in _REDIRECT_STATUSES or not location:
                return result
            target = urljoin(url, location)
            if origin(target) != origin(url):
                hdrs.pop("Authorization", None)
            url = target
        raise RegistryReadError(f"GET {shown_url(url)}: stopped after {_MAX_REDIRECTS} redirects")

    async def _stream_exchange(
        self, call: _Call, url: str, headers: Mapping[str, str], sink: _BlobSink
    ) -> int | _Response:
        """One GET after the rate limiter, like `_exchange`, streaming a 200 body to `sink`."""
        host = urlsplit(url).netloc
        await self.limiter.acquire(host)
        proxy = call.transport.proxy
        request_headers, proxy_headers = _with_proxy_auth(call, url, headers)
        where = f"GET {shown_url(url)}"
        call.waiting_on = where
        try:
            async with self._get_session().request(
                "GET",
                url,
                headers=request_headers,
                ssl=call.ssl if url.startswith("https:") else False,
                proxy=proxy.url if proxy else None,
                proxy_headers=proxy_headers,
                allow_redirects=False,
            ) as resp:
                if resp.status == 200:
                    size = await sink.receive(resp, where)
                    call.waiting_on = ""
                    return size
                # Error bodies are only read for the registry's error codes: a little suffices.
                body = await resp.content.read(_MAX_ERROR_BODY)
                call.waiting_on = ""
                return _Response(
                    status=resp.status, reason=resp.reason or "", headers=resp.headers,
                    body=body, url=str(resp.url),
                )
        except aiohttp.ClientResponseError as e:
            # Holds our request (Proxy-Authorization included): not chained, as in `_exchange`.
            refused = RegistryReadError(f"{where}: {_describe_exception(e)}")
        except aiohttp.ClientError as e:
            raise RegistryReadError(f"{where}: {_describe_exception(e)}") from e
        except UnicodeError as e:
            raise RegistryReadError(f"{where}: invalid registry host name: {e}") from e
        except ssl.SSLError as e:
            raise RegistryReadError(f"{where}: TLS error: {e.reason or e}") from e
        raise refused

    # ---------------------------------------------------------------- transport

    async def _base_url(self, call: _Call) -> str:
        """`scheme://registry`, deciding HTTPS vs HTTP once per registry and transport."""
        key = _transport_key(call.ref, call.transport)
        scheme = self._schemes.get(key)
        if scheme is None:
            async with self._probe_locks.setdefault(key, asyncio.Lock()):  # one probe per registry
                scheme = self._schemes.get(key)
                if scheme is None:
                    scheme = "https"
                    if call.ref.allows_plain_http:
                        scheme = await self._probe_scheme(call)
                    self._schemes[key] = scheme
        return f"{scheme}://{call.ref.registry}"

    async def _probe_scheme(self, call: _Call) -> str:
        url = f"https://{call.ref.registry}/v2/"
        try:
            await self._raw(call, "GET", url, {}, max_bytes=4096)
        except RegistryReadError as e:
            if e.__cause__ is None or not _is_plaintext_peer(e.__cause__):
                raise
            log.debug("registry does not speak TLS, using plain HTTP", extra={"registry": call.ref.registry})
            return "http"
        return "https"

    async def _raw(
        self,
        call: _Call,
        method: str,
        url: str,
        headers: Mapping[str, str],
        *,
        max_bytes: int | None = None,
        data: Mapping[str, str] | None = None,
    ) -> _Response:
        """An HTTP exchange, following redirects ourselves so credentials never leave the origin."""
        hdrs = dict(headers)
        for _ in range(_MAX_REDIRECTS + 1):
            resp = await self._exchange(call, method, url, hdrs, max_bytes=max_bytes, data=data)
            location = resp.headers.get("Location")
            if resp.status not in _REDIRECT_STATUSES or not location:
                return resp
            target = urljoin(url, location)
            if origin(target) != origin(url):
                hdrs.pop("Authorization", None)
            if resp.status == 303 or (resp.status in (301, 302) and method == "POST"):
                method, data = "GET", None
            url = target
        raise RegistryReadError(f"{method} {shown_url(url)}: stopped after {_MAX_REDIRECTS} redirects")

    async def _exchange(
        self,
        call: _Call,
        method: str,
        url: str,
        headers: Mapping[str, str],
        *,
        max_bytes: int | None,
        data: Mapping[str, str] | None,
    ) -> _Response:
        """One request after the rate limiter: connection errors become RegistryReadError."""
        host = urlsplit(url).netloc
        await self.limiter.acquire(host)
        proxy = call.transport.proxy
        request_headers, proxy_headers = _with_proxy_auth(call, url, headers)
        limit = max_bytes if max_bytes is not None else self.max_page_bytes
        call.waiting_on = f"{method} {shown_url(url)}"
        try:
            async with self._get_session().request(
                method,
                url,
                headers=request_headers,
                ssl=call.ssl if url.startswith("https:") else False,
                proxy=proxy.url if proxy else None,
                proxy_headers=proxy_headers,
                data=data,
                allow_redirects=False,
            ) as resp:
                body = b""
                if method != "HEAD":
                    length = resp.content_length
                    too_large = f"{method} {shown_url(url)}: response larger than {limit} bytes"
                    if length is not None and length > limit:
                        raise RegistryReadError(too_large)
                    chunks: list[bytes] = []
                    total = 0
                    async for chunk in resp.content.iter_chunked(1 << 16):
                        total += len(chunk)
                        if total > limit:
                            raise RegistryReadError(too_large)
                        chunks.append(chunk)
                    body = b"".join(chunks)
                call.waiting_on = ""
                return _Response(
                    status=resp.status,
                    reason=resp.reason or "",
                    headers=resp.headers,
                    body=body,
                    url=str(resp.url),
                )
        except aiohttp.ClientResponseError as e:
            # A proxy refusing the tunnel: the error holds our request, Proxy-Authorization
            # included, so it is not chained to ours (and is no plain-HTTP sign to probe for).
            refused = RegistryReadError(f"{method} {shown_url(url)}: {_describe_exception(e)}")
        except aiohttp.ClientError as e:
            raise RegistryReadError(f"{method} {shown_url(url)}: {_describe_exception(e)}") from e
        except UnicodeError as e:  # a host name IDNA cannot encode (`..`, a 64-letter label)
            raise RegistryReadError(f"{method} {shown_url(url)}: invalid registry host name: {e}") from e
        except ssl.SSLError as e:
            raise RegistryReadError(f"{method} {shown_url(url)}: TLS error: {e.reason or e}") from e
        raise refused

    async def _request(
        self,
        call: _Call,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        max_bytes: int | None = None,
    ) -> _Response:
        """A registry request with authentication (challenge flow) and Retry-After handling."""
        authorized = False
        attempt = 0
        host = urlsplit(url).netloc
        while True:
            await self._wait_retry_after(call, method, url, host)
            hdrs = dict(headers or {})
            auth_header = await self._authorization(call)
            if auth_header:
                hdrs["Authorization"] = auth_header
            resp = await self._raw(call, method, url, hdrs, max_bytes=max_bytes)
            if resp.status == 401 and not authorized:
                challenge = pick_challenge(resp.headers.get("WWW-Authenticate", ""))
                if challenge is None or (challenge.scheme == "basic" and not call.credentials.username):
                    raise _error_for(method, resp, sent=self._sent(call))
                if challenge.scope:
                    call.scope = challenge.scope
                self._challenges[call.ref.registry] = challenge
                self._forget_token(call)
                authorized = True
                continue
            if resp.status in (429, 503) and attempt < self.max_retries:
                await self._back_off(call, resp, attempt, host, method)
                attempt += 1
                continue
            return resp

    # ---------------------------------------------------------------- authentication

    async def _wait_retry_after(self, call: _Call, method: str, url: str, host: str) -> None:
        """Wait out what the host's last Retry-After asked for; fail at once (without asking the
        registry again) when that is beyond the call's deadline."""
        if host not in self._not_before:
            return
        until, status = self._not_before[host]
        wait = until - self._clock()
        if wait <= 0:
            self._not_before.pop(host, None)
            return
        if call.deadline is not None and self._clock() + wait > call.deadline:
            raise RegistryReadError(
                f"{method} {shown_url(url)}: not sent: the registry asked us (Retry-After) to wait "
                f"{_fmt_seconds(round(wait, 1))} more, beyond the timeout",
                status=status,
                retry_after=wait,
            )
        await asyncio.sleep(wait)

    def _sent(self, call: _Call) -> set[str]:
        """Every credential this call may have sent, in the forms it sent them: passwords and
        tokens, `Basic` values, and the bearer tokens fetched with these credentials."""
        creds, proxy = call.credentials, call.transport.proxy
        sent = {creds.password, creds.identity_token, creds.registry_token}
        if creds.username or creds.password:
            sent.add(basic_authorization(creds.username, creds.password).removeprefix("Basic "))
        if proxy is not None and (proxy.username or proxy.password):
            sent.add(proxy.password)
            sent.add(basic_authorization(proxy.username, proxy.password).removeprefix("Basic "))
        fingerprint = creds.fingerprint
        sent.update(t.value for k, t in self._tokens.items() if k[3] == fingerprint)
        sent.discard("")
        return sent

    def _token_key(self, call: _Call, challenge: Challenge) -> tuple[str, str, str, str]:
        return (challenge.realm, challenge.service, call.scope, call.credentials.fingerprint)

    def _forget_token(self, call: _Call) -> None:
        challenge = self._challenges.get(call.ref.registry)
        if challenge is not None:
            self._tokens.pop(self._token_key(call, challenge), None)

    async def _authorization(self, call: _Call) -> str | None:
        """The Authorization header for this registry, fetching a bearer token if needed."""
        challenge = self._challenges.get(call.ref.registry)
        creds = call.credentials
        if challenge is None:
            return None
        if challenge.scheme == "basic":
            if not creds.username:
                return None
            return basic_authorization(creds.username, creds.password)
        if creds.registry_token:
            return f"Bearer {creds.registry_token}"
        key = self._token_key(call, challenge)
        lock = self._token_locks.setdefault(key, asyncio.Lock())
        async with lock:  # concurrent scans of one repository share one token fetch
            token = self._tokens.get(key)
            if token is None or self._clock() >= token.refresh_at:
                token = await self._fetch_token(call, challenge)
                self._store_token(key, token)
        return f"Bearer {token.value}"

    def _store_token(self, key: tuple[str, str, str, str], token: _Token) -> None:
        self._tokens[key] = token
        if len(self._tokens) > 4096:
            now = self._clock()
            for k in [k for k, t in self._tokens.items() if t.refresh_at <= now]:
                self._tokens.pop(k, None)
                self._token_locks.pop(k, None)

    async def _token_exchange(
        self, call: _Call, method: str, url: str, headers: Mapping[str, str],
        data: Mapping[str, str] | None = None,
    ) -> _Response:
        """A request to the token service; failing to reach it says so (not just `GET <url>`)."""
        try:
            return await self._raw(call, method, url, headers, data=data, max_bytes=1 << 20)
        except RegistryReadError as e:
            raise RegistryReadError(f"fetching a registry token failed: {e}", status=e.status) from e

    async def _fetch_token(self, call: _Call, challenge: Challenge) -> _Token:
        if not challenge.realm:
            raise AuthenticationError(
                f"registry '{call.ref.registry}' asked for a bearer token without naming a realm"
            )
        creds = call.credentials
        query = {k: v for k, v in (("service", challenge.service), ("scope", call.scope)) if v}
        if creds.identity_token:
            form = {"grant_type": "refresh_token", "refresh_token": creds.identity_token,
                    "client_id": "lookout", **query}
            resp = await self._token_exchange(call, "POST", challenge.realm, {}, data=form)
            method, shown = "POST", challenge.realm
        else:
            sep = "&" if "?" in challenge.realm else "?"
            url = challenge.realm + (sep + urlencode(query) if query else "")
            headers = {}
            if creds.username:
                headers["Authorization"] = basic_authorization(creds.username, creds.password)
            resp = await self._token_exchange(call, "GET", url, headers)
            method, shown = "GET", url
        if resp.status != 200:
            resp.url = shown
            err = _error_for(method, resp, sent=self._sent(call))
            if isinstance(err, AuthenticationError):
                raise err
            raise RegistryReadError(f"fetching a registry token failed: {err}", status=resp.status)
        try:
            doc = json.loads(resp.body)
        except (ValueError, UnicodeDecodeError):
            raise RegistryReadError(f"{method} {shown}: token response is not JSON") from None
        value = (doc.get("token") or doc.get("access_token")) if isinstance(doc, dict) else None
        if not isinstance(value, str) or not value:
            raise RegistryReadError(f"{method} {shown}: token response has no token")
        try:
            lifetime = float(doc.get("expires_in") or 60)
        except (TypeError, ValueError):
            lifetime = 60.0
        lifetime = max(lifetime, 1.0)
        margin = min(60.0, lifetime * 0.1)
        return _Token(value=value, refresh_at=self._clock() + lifetime - margin)


MAX_MANIFEST_BYTES = 4 << 20  # like get_digest; real manifests and indexes are kilobytes
_MAX_ERROR_BODY = 64 << 10
_BLOB_BATCH = 1 << 20  # bytes gathered before one write in a worker thread
_DIGEST_RE = re.compile(r"(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})")
_TAG_RE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")


@dataclass(frozen=True)
class Manifest:
    """A manifest or image index as the registry served it, with the digest it is known by."""

    digest: str
    media_type: str
    body: bytes
    json: dict[str, Any]


def _check_digest(digest: str) -> None:
    """A digest we can verify (and that cannot reshape the URL path it goes into)."""
    if not _DIGEST_RE.fullmatch(digest):
        raise RegistryReadError(
            f"invalid or unsupported digest '{digest[:150]}': want sha256:<hex> or sha512:<hex>"
        )


def _check_reference(reference: str) -> None:
    if ":" in reference:
        _check_digest(reference)
    elif not _TAG_RE.fullmatch(reference):
        raise RegistryReadError(f"invalid tag '{reference[:150]}'")


def _digest_of(algorithm: str, body: bytes) -> str:
    return f"{algorithm}:{hashlib.new(algorithm, body).hexdigest()}"


class _BlobSink:
    """Writes one blob body to a temporary file next to `dest`, hashing it, and moves it to
    `dest` only when it is complete and matches the digest. File work runs in threads."""

    def __init__(self, dest: Path, digest: str, max_size: int | None) -> None:
        self.dest = dest
        self.digest = digest
        self.max_size = max_size
        self.part = dest.with_name(f".{dest.name}.part")

    async def receive(self, resp: aiohttp.ClientResponse, where: str) -> int:
        too_large = f"{where}: blob larger than {self.max_size} bytes"
        length = resp.content_length
        if self.max_size is not None and length is not None and length > self.max_size:
            raise RegistryReadError(too_large)
        algorithm = self.digest.partition(":")[0]
        hasher = hashlib.new(algorithm)
        out: BinaryIO | None = None
        try:
            out = await asyncio.to_thread(self.part.open, "wb")
            try:
                total = 0
                batch: list[bytes] = []
                pending = 0
                async for chunk in resp.content.iter_chunked(1 << 16):
                    total += len(chunk)
                    if self.max_size is not None and total > self.max_size:
                        raise RegistryReadError(too_large)
                    batch.append(chunk)
                    pending += len(chunk)
                    if pending >= _BLOB_BATCH:
                        await asyncio.to_thread(_write, out, hasher, b"".join(batch))
                        batch, pending = [], 0
                if batch:
                    await asyncio.to_thread(_write, out, hasher, b"".join(batch))
            finally:
                out.close()
            actual = f"{algorithm}:{hasher.hexdigest()}"
            if actual != self.digest:
                raise RegistryReadError(f"{where}: blob content has digest {actual}, not {self.digest}")
            await asyncio.to_thread(os.replace, self.part, self.dest)
        except BaseException:
            # Synchronous on purpose: this also runs while being cancelled (a timeout).
            self.part.unlink(missing_ok=True)
            raise
        return total


def _write(out: BinaryIO, hasher: Any, data: bytes) -> None:
    out.write(data)
    hasher.update(data)


def _silent(call: _Call) -> str:
    """` (no answer to GET <url>)` for the request a timeout interrupted, if one was waiting."""
    return f" (no answer to {call.waiting_on})" if call.waiting_on else ""


def _fmt_seconds(value: float | None) -> str:
    if value is None:
        return "the timeout"
    return f"{value:g}s"


def _is_plaintext_peer(exc: BaseException) -> bool:
    """True when an HTTPS attempt failed because the peer speaks plain HTTP."""
    if isinstance(exc, aiohttp.ClientConnectorCertificateError):
        return False
    if isinstance(exc, aiohttp.ClientConnectorError) and not isinstance(exc, aiohttp.ClientSSLError):
        return False  # refused / unreachable: plain HTTP on the same port will not help
    return isinstance(exc, aiohttp.ClientSSLError | aiohttp.ServerDisconnectedError | aiohttp.ClientOSError)


async def _within(call: _Call, time_limit: float | None, what: str, work: Awaitable[T]) -> T:
    """Await `work` within `time_limit` (the object's `.spec.timeout`, authentication
    included); past it, say what did not finish and which request got no answer."""
    try:
        async with asyncio.timeout(time_limit):
            return await work
    except TimeoutError:
        raise RegistryReadError(
            f"{what} did not finish within {_fmt_seconds(time_limit)}{_silent(call)}"
        ) from None


def _with_proxy_auth(
    call: _Call, url: str, headers: Mapping[str, str]
) -> tuple[dict[str, str], dict[str, str] | None]:
    """The request's headers and the proxy's: proxy credentials go on the CONNECT of an HTTPS
    request or, for plain HTTP, on the request itself, which the proxy receives whole; never
    to an HTTPS registry."""
    proxy = call.transport.proxy
    request_headers = dict(headers)
    if proxy is None or not (proxy.username or proxy.password):
        return request_headers, None
    value = aiohttp.encode_basic_auth(proxy.username or "", proxy.password or "")
    if url.startswith("https:"):
        return request_headers, {"Proxy-Authorization": value}
    request_headers["Proxy-Authorization"] = value
    return request_headers, None


def _describe_exception(e: aiohttp.ClientError) -> str:
    if isinstance(e, aiohttp.InvalidURL):
        return "invalid URL: the registry host or port cannot be used"
    if isinstance(e, aiohttp.ClientConnectorCertificateError):
        return f"TLS certificate verification failed: {e.certificate_error}"
    if isinstance(e, aiohttp.ClientSSLError):
        return f"TLS handshake failed: {e}"
    if isinstance(e, aiohttp.ClientProxyConnectionError):
        return f"cannot connect to proxy: {e.os_error}"
    if isinstance(e, aiohttp.ClientConnectorError):
        return f"cannot connect: {e.os_error}"
    if isinstance(e, aiohttp.ClientResponseError):
        return f"{e.status} {e.message}"
    if isinstance(e, aiohttp.ClientPayloadError):
        return "the connection closed before the whole response arrived"
    if isinstance(e, aiohttp.ServerDisconnectedError):
        return "the server closed the connection without answering"
    return str(e) or type(e).__name__
