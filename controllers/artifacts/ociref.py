"""OCIRepository `.spec.url` and `.spec.ref`: which repository, and which tag or digest to pull.

Pure functions, no registry I/O, so the controller can fail a bad spec before any network call
and tests need no registry. Semantics follow Flux source-controller: the URL is `oci://` plus a
go-containerregistry repository name (reused from `controllers.registry.parse_image`, which
already mirrors that library), and the ref's precedence is digest > semver > tag > `latest`.
Semver selection reuses ImagePolicy's Masterminds-compatible ranges and tag parsing, so a range
picks the same tag in both kinds; `semverFilter` is a Go (RE2) regexp matched unanchored, compiled
by the same helper as ImagePolicy's `filterTags`.

Where upstream's message is reachable we use it verbatim. Two deliberate differences: a tag or
digest in the URL gets a "remove ..." message (upstream's tag check runs after a name parse that
already rejects `:` and `@`, so users see a character-set error instead), and a malformed
`.spec.ref.digest` is refused here rather than failing at every pull.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from controllers.policy.errors import PolicyError
from controllers.policy.semver_range import ConstraintError, SemverRange
from controllers.policy.semver_version import VersionKey, parse_tag
from controllers.policy.tagfilter import TagFilter
from controllers.registry.reference import ImageRef, InvalidImageError, parse_image

OCI_PREFIX = "oci://"
DEFAULT_TAG = "latest"
#: The condition reason for every URLInvalidError (Stalled: no retry can fix the spec).
REASON_URL_INVALID = "URLInvalid"
#: Helm chart layers: OCI tags cannot hold `+`, so Helm pushes build metadata as `_`.
HELM_CHART_MEDIA_TYPE = "application/vnd.cncf.helm.chart.content.v1.tar+gzip"

_FORMAT_MESSAGE = "URL must be in format 'oci://<domain>/<org>/<repo>'"
# `@algorithm:encoded` at the end of a reference (the OCI digest grammar).
_DIGEST_SUFFIX_RE = re.compile(r"@([a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+)$")
_SHA256_RE = re.compile(r"^sha256:[0-9a-f]{64}$")
_DIGEST_RE = re.compile(r"^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$")
_FILTER_PREFIX = "failed to filter tags: invalid regular expression pattern '{}': "


class URLInvalidError(ValueError):
    """`.spec.url` can never be pulled; `str(e)` is the full condition message users see.

    `detail` is the part after `URL validation failed for '<url>': `, for tests and logs.
    """

    reason = REASON_URL_INVALID

    def __init__(self, url: str, detail: str) -> None:
        self.url = url
        self.detail = detail
        self.message = f"URL validation failed for '{url}': {detail}"
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class RefError(ValueError):
    """`.spec.ref` resolved to no tag; `str(e)` is upstream's inner message (wrap with `for_url`).

    `invalid_spec` is True for a range, filter or digest that no repository content can satisfy
    (worth Stalled); False for "no match", which a later push may fix.
    """

    def __init__(self, message: str, *, invalid_spec: bool) -> None:
        self.message = message
        self.invalid_spec = invalid_spec
        super().__init__(message)

    def __str__(self) -> str:
        return self.message

    def for_url(self, url: str) -> str:
        """Upstream's FetchFailed message: `failed to determine the artifact tag for '<url>': ...`."""
        return f"failed to determine the artifact tag for '{url}': {self.message}"


@dataclass(frozen=True)
class Selection:
    """What to resolve: a tag (resolve its digest with HEAD) or a pinned digest (tag is None)."""

    tag: str | None
    digest: str | None


def parse_oci_url(url: str, *, insecure: bool = False) -> ImageRef:
    """Parse `oci://host[:port]/path` into the repository; raise URLInvalidError otherwise."""
    if not url.startswith(OCI_PREFIX):
        raise URLInvalidError(url, _FORMAT_MESSAGE)
    rest = url.removeprefix(OCI_PREFIX)
    if not rest or ("/" not in rest and ":" in rest):
        # Nothing, or a bare `host:port` (upstream: a Docker Hub name with an invalid `:`).
        raise URLInvalidError(url, _FORMAT_MESSAGE)
    digest = _DIGEST_SUFFIX_RE.search(rest)
    if digest is not None:
        raise URLInvalidError(url, f"URL must not contain a digest; remove '@{digest.group(1)}'")
    tag = _tag_of(rest)
    if tag is not None:
        raise URLInvalidError(url, f"URL must not contain a tag; remove ':{tag}'")
    try:
        return parse_image(rest, insecure=insecure)
    except InvalidImageError as exc:
        raise URLInvalidError(url, exc.message) from None


def _tag_of(name: str) -> str | None:
    """The tag of `name` as upstream splits it: after the registry, the text past the first `:`.

    The first path segment is a registry only if it has `.` or `:` and a path follows, so a
    bare `localhost:5000` is left to the parser (it is no valid repository either way).
    """
    first, sep, _ = name.partition("/")
    if not sep:
        return None
    registry = first if ("." in first or ":" in first) else ""
    pieces = name.removeprefix(registry).split(":")
    return pieces[1] if len(pieces) > 1 else None


def needs_tags(ref: Mapping[str, Any] | None) -> bool:
    """Whether `select_ref` needs the repository's tag list (only a semver ref, without a digest)."""
    return not _field(ref, "digest") and bool(_field(ref, "semver"))


def select_ref(ref: Mapping[str, Any] | None, tags: Sequence[str] = (), *, media_type: str = "") -> Selection:
    """Apply `.spec.ref` precedence: digest > semver (over `tags`) > tag > `latest`.

    For semver, the highest version in Masterminds order wins (prereleases only if the range
    names one; the first of equal versions, like ImagePolicy); with `media_type` a Helm chart,
    `_` in tags reads as `+`. Raises RefError with upstream's wording.
    """
    digest = _field(ref, "digest")
    if digest:
        if not _SHA256_RE.match(digest):
            raise RefError(
                f"invalid digest '{digest}': must be 'sha256:' followed by 64 lower-case hex characters",
                invalid_spec=True,
            )
        return Selection(tag=None, digest=digest)
    semver = _field(ref, "semver")
    if semver:
        return Selection(tag=_by_semver(semver, _field(ref, "semverFilter"), tags, media_type), digest=None)
    return Selection(tag=_field(ref, "tag") or DEFAULT_TAG, digest=None)


def _field(ref: Mapping[str, Any] | None, key: str) -> str:
    value = (ref or {}).get(key)
    return value if isinstance(value, str) else ""


def _by_semver(semver: str, pattern: str, tags: Sequence[str], media_type: str) -> str:
    try:
        check = SemverRange.parse(semver).check
    except ConstraintError as exc:
        raise RefError(f"semver '{semver}' parse error: {exc}", invalid_spec=True) from None
    keep = _filter(pattern)
    helm = media_type == HELM_CHART_MEDIA_TYPE
    best: str | None = None
    best_v: VersionKey | None = None
    for tag in tags:
        if keep is not None and keep(tag) is None:
            continue
        v = parse_tag(tag.replace("_", "+") if helm else tag)
        if v is not None and (best_v is None or v > best_v) and check(v):
            best, best_v = tag, v
    if best is None:
        raise RefError(f"no match found for semver: {semver}", invalid_spec=False)
    return best


def _filter(pattern: str) -> Callable[[str], str | None] | None:
    """The compiled `semverFilter` key function (None without one); RefError if it does not compile."""
    if not pattern:
        return None
    try:
        return TagFilter.compile(pattern, "").key
    except PolicyError as exc:
        detail = exc.message.removeprefix(_FILTER_PREFIX.format(pattern))
        raise RefError(f"invalid semverFilter '{pattern}': {detail}", invalid_spec=True) from None


def revision(tag: str | None, digest: str) -> str:
    """The artifact revision: `<tag>@<digest>` for a tag ref, the bare digest for a digest ref."""
    if not _DIGEST_RE.match(digest):
        raise ValueError(f"invalid digest '{digest}'")
    return f"{tag}@{digest}" if tag else digest
