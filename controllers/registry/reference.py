"""Image repository references, parsed and canonicalised the way Flux users see them.

`.spec.image` names a repository (no tag, no digest, no scheme). Flux parses it with
go-containerregistry's `name.ParseReference` and reports `ref.Context().String()` as
`.status.canonicalImageName`, so this module follows that library's rules rather than
Docker's: `docker.io` becomes `index.docker.io`, single-segment Docker Hub names get
`library/`, and the first path segment is a registry only if it contains `.` or `:`
(so `localhost/x` is a Docker Hub repository, exactly as upstream prints it).
The error texts are the ones the ImageRepository's `ImageURLInvalid` condition shows.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

DEFAULT_REGISTRY = "index.docker.io"
_DEFAULT_REGISTRY_ALIAS = "docker.io"

_TAG_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.")
_REPOSITORY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-./")
_DIGEST_RE = re.compile(r"^sha256:[0-9a-f]{64}$")
# `@algorithm:encoded` at the end of a reference (the OCI digest grammar).
_DIGEST_SUFFIX_RE = re.compile(r"@[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$")
# An RFC 3986 authority without userinfo: reg-name / IPv4 / [IP-literal], optional port.
_AUTHORITY_RE = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~!$&'()*+,;=%]*)(:[0-9]*)?$")


class InvalidImageError(ValueError):
    """`.spec.image` cannot be scanned; `str(e)` is the message users see."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ImageRef:
    """A canonical image repository: registry host (with port) and repository path."""

    registry: str
    repository: str
    insecure: bool = False

    @property
    def name(self) -> str:
        """The canonical name, e.g. `index.docker.io/library/alpine`."""
        return f"{self.registry}/{self.repository}"

    @property
    def hostname(self) -> str:
        """The registry host without its port (for provider and credential matching)."""
        host, _, _ = _split_port(self.registry)
        return host

    @property
    def port(self) -> str:
        """The registry port as written, or "" when implied by the scheme."""
        return _split_port(self.registry)[2]

    @property
    def allows_plain_http(self) -> bool:
        """Whether plain HTTP may be tried after HTTPS fails to handshake.

        Like go-containerregistry: always for `insecure` registries, and for loopback and
        private (RFC 1918) addresses, where registries commonly run without TLS.
        """
        if self.insecure:
            return True
        host = self.hostname.strip("[]")
        if host == "localhost" or self.registry.startswith("localhost:"):
            return True
        try:
            ip = ipaddress.ip_address(host)
        except ValueError:
            return False
        return ip.is_loopback or ip.is_private

    def with_tag(self, tag: str) -> str:
        """`name:tag`, as ImagePolicy reports its latest image."""
        return f"{self.name}:{tag}"

    def __str__(self) -> str:
        return self.name


def _split_port(registry: str) -> tuple[str, str, str]:
    if registry.startswith("["):
        end = registry.find("]")
        if end != -1:
            rest = registry[end + 1 :]
            return registry[: end + 1], ":" if rest.startswith(":") else "", rest[1:]
    return registry.partition(":")


def _valid_element(element: str, allowed: frozenset[str], lo: int, hi: int) -> bool:
    return lo <= len(element) <= hi and all(c in allowed for c in element)


def _parse_repository(name: str, insecure: bool) -> ImageRef | None:
    if not name:
        return None
    registry = ""
    repository = name
    first, sep, rest = name.partition("/")
    if sep and ("." in first or ":" in first):
        registry, repository = first, rest
    if not _valid_element(repository, _REPOSITORY_CHARS, 2, 255):
        return None
    if not _AUTHORITY_RE.match(registry):
        return None
    if not registry or registry == _DEFAULT_REGISTRY_ALIAS:
        registry = DEFAULT_REGISTRY
    if registry == DEFAULT_REGISTRY and "/" not in repository:
        repository = "library/" + repository
    return ImageRef(registry=registry, repository=repository, insecure=insecure)


def _parse_tagged(name: str, insecure: bool) -> ImageRef | None:
    base = name
    parts = name.split(":")
    if len(parts) > 1 and "/" not in parts[-1]:
        base, tag = ":".join(parts[:-1]), parts[-1]
        if not _valid_element(tag, _TAG_CHARS, 1, 128):
            return None
    return _parse_repository(base, insecure)


def _parse_digested(name: str, insecure: bool) -> ImageRef | None:
    parts = name.split("@")
    if len(parts) != 2 or not _DIGEST_RE.match(parts[1]):
        return None
    return _parse_tagged(parts[0], insecure)


def _shown(image: str) -> str:
    """`image` as error messages may quote it: a password typed into it (`user:pw@host/...`,
    which is no valid reference) is masked, as Go's url.Redacted() masks one.

    User info is everything before the last `@` that does not start the digest, so a password
    holding `/` or `@` is masked whole.
    """
    head, sep, rest = image.partition("://")
    if not sep:
        head, rest = "", image
    cut = -1
    for i, c in enumerate(rest):
        if c == "@" and not _DIGEST_SUFFIX_RE.match(rest, i):
            cut = i
    if cut < 0:
        return image
    user, colon, _ = rest[:cut].partition(":")
    if not colon:
        # After a scheme, user info without a password is often a token (`https://ghp_…@ghcr.io`):
        # masked whole. Without one, `user@host/x` is shown as upstream shows it.
        return f"{head}{sep}xxxxx{rest[cut:]}" if sep else image
    return f"{head}{sep}{user}:xxxxx{rest[cut:]}"


def _unreachable(registry: str) -> str:
    """Why no connection could ever reach `registry`, or "". Upstream accepts any RFC 3986
    authority and fails at every scan; a spec no retry can fix is better Stalled at once."""
    host, _, port = _split_port(registry)
    if port and not 0 < int(port) < 65536:
        return f"port {port} out of range"
    if not host.startswith("["):
        try:
            host.encode("idna")
        except UnicodeError:
            return f"'{host}' is not a valid host name"
    return ""


def parse_image(image: str, *, insecure: bool = False) -> ImageRef:
    """Parse `.spec.image` into its canonical repository, refusing schemes, tags and digests.

    Raises InvalidImageError with upstream's wording, e.g.
    `image 'https://ghcr.io/x' should not include URL scheme; remove 'https://'`.
    """
    if "://" in image:
        scheme = image.split("://")[0]
        raise InvalidImageError(
            f"image '{_shown(image)}' should not include URL scheme; remove '{scheme}://'"
        )
    ref = _parse_tagged(image, insecure) or _parse_digested(image, insecure)
    if ref is None:
        raise InvalidImageError(f"could not parse reference: {_shown(image)}")
    problem = _unreachable(ref.registry)
    if problem:
        raise InvalidImageError(f"could not parse reference: {_shown(image)}: {problem}")
    # Like upstream: only the registry host may carry a ':' (its port).
    remainder = image.removeprefix(ref.registry)
    pieces = remainder.split(":")
    if len(pieces) > 1:
        raise InvalidImageError(f"image '{_shown(image)}' should not include a tag; remove ':{pieces[1]}'")
    return ref
