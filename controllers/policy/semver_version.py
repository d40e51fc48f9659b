"""Semantic versions as ImagePolicy sees them: which tags are versions, and how they order.

Upstream (Flux v1.x, fluxcd/pkg ``version.ParseVersion`` since v0.10) takes a tag when it
splits into exactly three parts on ``.`` (Go's ``SplitN(tag, ".", 3)``, prerelease and build
metadata included) and Masterminds' loose ``NewVersion`` accepts it: a leading ``v``, leading
zeros in the numbers (calendar tags such as ``2024.01.05``) and even a missing patch whose place
the prerelease's dots fill (``1.2-rc.1`` is 1.2.0-rc.1). The three-part rule is what keeps
``1.2`` or ``v1`` out, which the loose parser alone would coerce. Precedence is Masterminds'
``Compare``: numbers, then a release above its prereleases, then prerelease identifiers one by
one (numeric ones by value and below alphanumeric ones, a shorter list first); build metadata
never counts. A version is reduced here to a tuple whose natural ordering *is* that precedence,
so picking the highest is a plain comparison and nothing is allocated per tag beyond the tuple.
"""

from __future__ import annotations

import re

MAX_UINT64 = (1 << 64) - 1

#: One prerelease identifier: ``(0, n)`` for numeric ones, ``(1, text)`` for the others.
PreIdent = tuple[int, int | str]
PreKey = tuple[PreIdent, ...]
#: ``(major, minor, patch, 1 for a release / 0 for a prerelease, prerelease identifiers)``.
VersionKey = tuple[int, int, int, int, PreKey]

# Masterminds' loose grammar (NewVersion with CoerceNewVersion, its default), ASCII only as in Go.
_LOOSE_RE = re.compile(
    r"v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?"
)
_NUMERIC_ID = re.compile(r"[0-9]+")
# The common shape (a plain release, at most 19 digits a number so it fits uint64), tried first
# for speed; exactly two dots, so the three-part rule holds.
_PLAIN_RE = re.compile(r"v?([0-9]{1,19})\.([0-9]{1,19})\.([0-9]{1,19})")
_plain = _PLAIN_RE.fullmatch
_loose = _LOOSE_RE.fullmatch


def _uint64(digits: str) -> int | None:
    """Go's ``ParseUint(digits, 10, 64)`` on ASCII digits: None past uint64 (never a huge int())."""
    significant = digits.lstrip("0")
    if len(significant) > 20:
        return None
    value = int(significant or "0")
    return value if value <= MAX_UINT64 else None


def pre_key(pre: str) -> PreKey:
    """Order key of a prerelease string; ``()`` for none (identifiers beyond uint64 compare as text)."""
    if not pre:
        return ()
    out: list[PreIdent] = []
    for ident in pre.split("."):
        n = _uint64(ident) if _NUMERIC_ID.fullmatch(ident) else None
        out.append((1, ident) if n is None else (0, n))
    return tuple(out)


class LooseVersionError(ValueError):
    """A version Masterminds' ``NewVersion`` refuses (the message is Masterminds' own)."""


#: Masterminds' error texts, which ``_parse_loose`` returns and explain mode tells apart.
_ERR_INVALID = "invalid semantic version"
_ERR_SEGMENT = "error parsing version segment"
_ERR_ZERO = "version segment starts with 0"


def _parse_loose(text: str) -> tuple[VersionKey, str] | str:
    """Masterminds' coercing ``NewVersion``: the key and prerelease, or why it refuses."""
    m = _loose(text)
    if m is None:
        return _ERR_INVALID
    values: list[int] = []
    for part in (m.group(1), (m.group(2) or ".0")[1:], (m.group(3) or ".0")[1:]):
        n = _uint64(part)
        if n is None:
            return _ERR_SEGMENT
        values.append(n)
    pre = m.group(5) or ""
    for ident in pre.split(".") if pre else ():
        if len(ident) > 1 and ident[0] == "0" and _NUMERIC_ID.fullmatch(ident):
            return _ERR_ZERO
    # Build metadata (group 8) is fully checked by the grammar and never part of precedence.
    return (values[0], values[1], values[2], 0 if pre else 1, pre_key(pre)), pre


def parse_loose(text: str) -> tuple[VersionKey, str]:
    """Parse like Masterminds' coercing ``NewVersion`` (``1``, ``1.2``, ``v01.2.3-pre+meta``).

    Ranges use it for the versions they name. Returns the precedence key and the prerelease
    string; raises LooseVersionError.
    """
    parsed = _parse_loose(text)
    if isinstance(parsed, str):
        raise LooseVersionError(parsed)
    return parsed


def parse_tag(tag: str) -> VersionKey | None:
    """The precedence key of ``tag`` if upstream's ``version.ParseVersion`` accepts it, else None."""
    m = _plain(tag)
    if m is not None:
        a, b, c = m.groups()
        return (int(a), int(b), int(c), 1, ())
    if tag.count(".") < 2:  # SplitN(tag, ".", 3) would give fewer than three parts
        return None
    parsed = _parse_loose(tag)
    return None if isinstance(parsed, str) else parsed[0]


def why_not_semver(tag: str) -> str:
    """A short human reason why ``parse_tag`` rejected ``tag`` (explain mode only)."""
    if tag.count(".") < 2:
        return "not semver: needs three dot-separated parts, like MAJOR.MINOR.PATCH"
    parsed = _parse_loose(tag)
    if parsed == _ERR_SEGMENT:
        return "not semver: a version number does not fit in 64 bits"
    if parsed == _ERR_ZERO:
        return "not semver: leading zero in a numeric prerelease identifier"
    return "not semver"


def compare_keys(a: VersionKey, b: VersionKey) -> int:
    """Masterminds' ``Compare`` on two keys: -1, 0 or 1."""
    return (a > b) - (a < b)
