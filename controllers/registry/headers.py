"""Parsers for the HTTP headers the registry protocol leans on.

`WWW-Authenticate` (which auth flow and where to get a token), `Link` (the next page
of tags, only ever followed on the registry's own origin) and `Retry-After`.
"""

from __future__ import annotations

import datetime
import email.utils
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

_PARAM_RE = re.compile(r'\s*([A-Za-z0-9_\-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^,\s]*)\s*,?')
_SCHEME_RE = re.compile(r"\s*([A-Za-z][A-Za-z0-9_\-]*)(?:\s+|$)")


@dataclass(frozen=True)
class Challenge:
    """One `WWW-Authenticate` challenge: scheme (lower case) and its parameters."""

    scheme: str
    params: dict[str, str] = field(default_factory=dict)

    @property
    def realm(self) -> str:
        return self.params.get("realm", "")

    @property
    def service(self) -> str:
        return self.params.get("service", "")

    @property
    def scope(self) -> str:
        return self.params.get("scope", "")


def parse_challenges(header: str) -> list[Challenge]:
    """All challenges in a `WWW-Authenticate` value, in order (quoted commas are kept)."""
    challenges: list[Challenge] = []
    pos = 0
    while pos < len(header):
        m = _SCHEME_RE.match(header, pos)
        if not m:
            break
        scheme = m.group(1).lower()
        pos = m.end()
        params: dict[str, str] = {}
        while pos < len(header):
            pm = _PARAM_RE.match(header, pos)
            if not pm:
                break
            # A bare word followed by a space starts the next challenge, not a parameter.
            name, value = pm.group(1), pm.group(2)
            if value.startswith('"'):
                value = re.sub(r"\\(.)", r"\1", value[1:-1])
            params[name.lower()] = value
            pos = pm.end()
        challenges.append(Challenge(scheme=scheme, params=params))
        while pos < len(header) and header[pos] in ", ":
            pos += 1
    return challenges


def pick_challenge(header: str) -> Challenge | None:
    """The challenge to answer: Bearer if offered, else Basic, else None."""
    challenges = parse_challenges(header)
    for wanted in ("bearer", "basic"):
        for c in challenges:
            if c.scheme == wanted:
                return c
    return None


def origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) with default ports made explicit, for same-origin checks."""
    parts = urlsplit(url)
    port = parts.port
    if port is None:
        port = {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), port


class ForeignLinkError(ValueError):
    """A `Link` header pointed at another scheme, host or port."""


def next_page_url(link_header: str | None, current_url: str) -> str | None:
    """The absolute `rel="next"` URL of a `Link` header, or None on the last page.

    Raises ForeignLinkError when the link leaves the current origin: following it would
    let a registry send our credentials (or us) anywhere.
    """
    if not link_header:
        return None
    for part in _split_links(link_header):
        m = re.match(r"\s*<([^>]*)>(.*)$", part)
        if not m:
            continue
        params = m.group(2).lower().replace(" ", "")
        if params and 'rel="next"' not in params and "rel=next" not in params:
            continue
        target: str = urljoin(current_url, m.group(1))
        if origin(target) != origin(current_url):
            scheme, host, port = origin(target)
            raise ForeignLinkError(
                f"refusing to follow pagination link to another origin: {scheme}://{host}:{port}"
            )
        return target
    return None


def _split_links(header: str) -> list[str]:
    parts, depth, start = [], False, 0
    for i, ch in enumerate(header):
        if ch == "<":
            depth = True
        elif ch == ">":
            depth = False
        elif ch == "," and not depth:
            parts.append(header[start:i])
            start = i + 1
    parts.append(header[start:])
    return parts


def retry_after_seconds(value: str | None, *, now: datetime.datetime | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` value (delta-seconds or HTTP-date), None if absent/bad."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    now = now or datetime.datetime.now(datetime.UTC)
    return max(0.0, (when - now).total_seconds())
