"""Semantic versions as ImagePolicy sees them: which tags are versions, and how they order.

Upstream parses a tag with fluxcd/pkg ``version.ParseVersion``: Masterminds'
``StrictNewVersion`` (exactly three dot-separated numbers, no leading zeros, an optional
prerelease and build metadata) after removing one leading ``v``. Precedence is Masterminds'
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

_NUM = r"(?:0|[1-9][0-9]*)"
_PRE_ID = r"(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)"
_META = r"[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*"
# StrictNewVersion's grammar with ParseVersion's optional "v", ASCII only as in Go.
_TAG_RE = re.compile(rf"v?({_NUM})\.({_NUM})\.({_NUM})(?:-({_PRE_ID}(?:\.{_PRE_ID})*))?(?:\+({_META}))?")
# Masterminds' NewVersion (coercing) grammar, used for the versions written in a range.
_LOOSE_RE = re.compile(
    r"v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?"
)
_NUMERIC_ID = re.compile(r"[0-9]+")
# The common shape (a plain release, numbers short enough to fit uint64), tried first for speed.
_PLAIN_RE = re.compile(r"v?(0|[1-9][0-9]{0,18})\.(0|[1-9][0-9]{0,18})\.(0|[1-9][0-9]{0,18})")
_plain = _PLAIN_RE.fullmatch
_full = _TAG_RE.fullmatch


def pre_key(pre: str) -> PreKey:
    """Order key of a prerelease string; ``()`` for none (identifiers beyond uint64 compare as text)."""
    if not pre:
        return ()
    out: list[PreIdent] = []
    for ident in pre.split("."):
        if _NUMERIC_ID.fullmatch(ident) and len(ident) <= 20 and int(ident) <= MAX_UINT64:
            out.append((0, int(ident)))
        else:
            out.append((1, ident))
    return tuple(out)


def parse_tag(tag: str) -> VersionKey | None:
    """The precedence key of ``tag`` if upstream's ``version.ParseVersion`` accepts it, else None."""
    m = _plain(tag)
    if m is not None:
        a, b, c = m.groups()
        return (int(a), int(b), int(c), 1, ())
    m = _full(tag)
    if m is None:
        return None
    major, minor, patch, pre, _meta = m.groups()
    if len(major) > 19 or len(minor) > 19 or len(patch) > 19:
        imajor, iminor, ipatch = int(major), int(minor), int(patch)
        if imajor > MAX_UINT64 or iminor > MAX_UINT64 or ipatch > MAX_UINT64:
            return None
        return (imajor, iminor, ipatch, 0 if pre else 1, pre_key(pre) if pre else ())
    if pre is None:
        return (int(major), int(minor), int(patch), 1, ())
    return (int(major), int(minor), int(patch), 0, pre_key(pre))


def why_not_semver(tag: str) -> str:
    """A short human reason why ``parse_tag`` rejected ``tag`` (explain mode only)."""
    body = tag[1:] if tag.startswith("v") else tag
    core = re.split(r"[-+]", body, maxsplit=1)[0]
    parts = body.split(".", 2)
    if len(parts) != 3 or core.count(".") != 2:
        return "not semver: needs exactly MAJOR.MINOR.PATCH"
    if any(len(p) > 1 and p.startswith("0") for p in core.split(".")):
        return "not semver: leading zero in a version number"
    return "not semver"


class LooseVersionError(ValueError):
    """A version inside a range that Masterminds' ``NewVersion`` refuses."""


def parse_loose(text: str) -> tuple[VersionKey, str]:
    """Parse like Masterminds' coercing ``NewVersion`` (``1``, ``1.2``, ``v1.2.3-pre+meta``).

    Returns the precedence key and the prerelease string; raises LooseVersionError.
    """
    m = _LOOSE_RE.fullmatch(text)
    if m is None:
        raise LooseVersionError("invalid semantic version")
    nums = [m.group(1), (m.group(2) or ".0")[1:], (m.group(3) or ".0")[1:]]
    values = [int(n) for n in nums]
    if any(v > MAX_UINT64 for v in values):
        raise LooseVersionError("error parsing version segment")
    pre = m.group(5) or ""
    meta = m.group(8) or ""
    for ident in pre.split(".") if pre else ():
        if _NUMERIC_ID.fullmatch(ident) and len(ident) > 1 and ident[0] == "0":
            raise LooseVersionError("version segment starts with 0")
    del meta  # validated by the grammar already; never part of precedence
    key: VersionKey = (values[0], values[1], values[2], 0 if pre else 1, pre_key(pre))
    return key, pre


def compare_keys(a: VersionKey, b: VersionKey) -> int:
    """Masterminds' ``Compare`` on two keys: -1, 0 or 1."""
    return (a > b) - (a < b)
