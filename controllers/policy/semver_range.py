"""Masterminds/semver v3 constraint ranges, as ImagePolicy's ``.spec.policy.semver.range`` uses them.

Users' ranges were written against Flux, which calls Masterminds' ``NewConstraint`` and
``Check``; every quirk below is theirs on purpose: the same regular expressions decide what
parses (matched with RE2, as Go does, so a hostile range cannot make matching explode), hyphen
ranges are rewritten before the ``||`` split, a missing or ``x`` part makes a comparator
"dirty" (``1.x`` is ``~1``, ``>1.1`` means ``>=1.2``), and a prerelease version satisfies an
AND-group only when some comparator of that group carries a prerelease itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import re2

from controller_runtime.apimachinery.field import go_quote
from controllers.policy.semver_version import LooseVersionError, VersionKey, parse_loose

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False

_OPS = r"=||!=|>|<|>=|=>|<=|=<|~|~>|\^"
_CV = (
    r"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?"
    r"(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
    r"(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
)
_CONSTRAINT_RE = re2.compile(rf"^\s*({_OPS})\s*({_CV})\s*$", _OPTIONS)
_RANGE_RE = re2.compile(rf"\s*({_CV})\s+-\s+({_CV})\s*", _OPTIONS)
_FIND_RE = re2.compile(rf"({_OPS})\s*({_CV})", _OPTIONS)
_VALID_RE = re2.compile(rf"^(\s*({_OPS})\s*({_CV})\s*)((?:\s+|,\s*)({_OPS})\s*({_CV})\s*)*$", _OPTIONS)

Check = Callable[[VersionKey], bool]
Verdict = Literal["ok", "prerelease", "range"]


class ConstraintError(ValueError):
    """A range Masterminds' ``NewConstraint`` refuses; the message is Masterminds' own."""


def _is_x(part: str) -> bool:
    return part in ("x", "X", "*")


@dataclass(frozen=True, slots=True)
class Comparator:
    """One operator and version, e.g. ``>= 1.2`` (``orig`` keeps the text for messages)."""

    op: str
    orig: str
    con: VersionKey
    has_pre: bool
    dirty: bool
    minor_dirty: bool
    patch_dirty: bool

    def check(self, v: VersionKey) -> bool:
        """Masterminds' comparator function, prerelease gate excluded (done per group)."""
        return _OPERATORS[self.op](self, v)


def _tilde(c: Comparator, v: VersionKey) -> bool:
    con = c.con
    if v < con:
        return False
    if con[0] == 0 and con[1] == 0 and con[2] == 0 and not c.minor_dirty and not c.patch_dirty:
        return True
    if v[0] != con[0]:
        return False
    return not (v[1] != con[1] and not c.minor_dirty)


def _tilde_or_equal(c: Comparator, v: VersionKey) -> bool:
    if c.dirty:
        return _tilde(c, v)
    return v == c.con


def _not_equal(c: Comparator, v: VersionKey) -> bool:
    con = c.con
    if c.dirty:
        if con[0] != v[0]:
            return True
        if con[1] != v[1] and not c.minor_dirty:
            return True
        if c.minor_dirty:
            return False
        if con[2] != v[2] and not c.patch_dirty:
            return True
        if c.patch_dirty:
            if v[3] == 0 or con[3] == 0:
                return v[4] != con[4]
            return False
    return v != con


def _greater_than(c: Comparator, v: VersionKey) -> bool:
    con = c.con
    if not c.dirty:
        return v > con
    if v[0] > con[0]:
        return True
    if v[0] < con[0]:
        return False
    if c.minor_dirty:
        return False
    if c.patch_dirty:
        return v[1] > con[1]
    return v > con


def _less_than(c: Comparator, v: VersionKey) -> bool:
    return v < c.con


def _greater_equal(c: Comparator, v: VersionKey) -> bool:
    return v >= c.con


def _less_equal(c: Comparator, v: VersionKey) -> bool:
    con = c.con
    if not c.dirty:
        return v <= con
    if v[0] > con[0]:
        return False
    return not (v[0] == con[0] and v[1] > con[1] and not c.minor_dirty)


def _caret(c: Comparator, v: VersionKey) -> bool:
    con = c.con
    if v < con:
        return False
    if con[0] > 0 or c.minor_dirty:
        return v[0] == con[0]
    if con[0] == 0 and v[0] > 0:
        return False
    if con[1] > 0 or c.patch_dirty:
        return v[1] == con[1]
    if con[1] == 0 and v[1] > 0:
        return False
    return con[2] == v[2]


_OPERATORS: dict[str, Callable[[Comparator, VersionKey], bool]] = {
    "": _tilde_or_equal,
    "=": _tilde_or_equal,
    "!=": _not_equal,
    ">": _greater_than,
    "<": _less_than,
    ">=": _greater_equal,
    "=>": _greater_equal,
    "<=": _less_equal,
    "=<": _less_equal,
    "~": _tilde,
    "~>": _tilde,
    "^": _caret,
}


def _parse_comparator(text: str) -> Comparator:
    m = _CONSTRAINT_RE.search(text)
    if m is None:
        raise ConstraintError(f"improper constraint: {go_quote(text)}")
    op, orig = m.group(1), m.group(2)
    major, minor, patch, pre_dash = m.group(3), m.group(4) or "", m.group(5) or "", m.group(6) or ""
    dirty = minor_dirty = patch_dirty = False
    ver = orig
    if _is_x(major):
        ver, dirty = f"0.0.0{pre_dash}", True
    elif _is_x(minor[1:]) or minor == "":
        ver, dirty, minor_dirty = f"{major}.0.0{pre_dash}", True, True
    elif _is_x(patch[1:]) or patch == "":
        ver, dirty, patch_dirty = f"{major}{minor}.0{pre_dash}", True, True
    try:
        con, pre = parse_loose(ver)
    except LooseVersionError:
        raise ConstraintError("constraint parser error") from None
    return Comparator(op, orig, con, bool(pre), dirty, minor_dirty, patch_dirty)


def _rewrite_hyphen_ranges(text: str) -> str:
    out = text
    for m in _RANGE_RE.finditer(text):
        out = out.replace(m.group(0), f">= {m.group(1)}, <= {m.group(11)} ", 1)
    return out


@dataclass(frozen=True, slots=True)
class AndGroup:
    """Comparators that must all hold; ``has_pre`` lets prerelease versions in."""

    comparators: tuple[Comparator, ...]
    has_pre: bool

    def check(self, v: VersionKey) -> bool:
        if v[3] == 0 and not self.has_pre:
            return False
        return all(c.check(v) for c in self.comparators)


@dataclass(frozen=True, slots=True)
class SemverRange:
    """A parsed range: OR of AND-groups, with ``check`` compiled once for the hot loop."""

    text: str
    groups: tuple[AndGroup, ...]

    @classmethod
    def parse(cls, text: str) -> SemverRange:
        """Parse like Masterminds' ``NewConstraint``; raises ConstraintError with its message."""
        rewritten = _rewrite_hyphen_ranges(text)
        groups: list[AndGroup] = []
        for segment in rewritten.split("||"):
            if _VALID_RE.search(segment) is None:
                raise ConstraintError(f"improper constraint: {go_quote(segment)}")
            pieces = [m.group(0) for m in _FIND_RE.finditer(segment)] or [segment]
            comparators = tuple(_parse_comparator(p) for p in pieces)
            groups.append(AndGroup(comparators, any(c.has_pre for c in comparators)))
        return cls(text, tuple(groups))

    @property
    def check(self) -> Check:
        """A function telling whether a version key satisfies the range (Masterminds' ``Check``)."""
        return _compile(self.groups)

    def verdict(self, v: VersionKey) -> Verdict:
        """Why a version fails, for explain mode: excluded as a prerelease, or outside the range."""
        if any(g.check(v) for g in self.groups):
            return "ok"
        if v[3] == 0 and not any(g.has_pre for g in self.groups):
            return "prerelease"
        return "range"

    @property
    def admits_prereleases(self) -> bool:
        return any(g.has_pre for g in self.groups)


def _compile(groups: tuple[AndGroup, ...]) -> Check:
    """Specialise the common one-group shapes so the per-tag check is one or two calls."""
    if len(groups) == 1:
        group = groups[0]
        ops = tuple(_OPERATORS[c.op] for c in group.comparators)
        comps = group.comparators
        has_pre = group.has_pre
        if len(comps) == 1:
            op, comp = ops[0], comps[0]
            if has_pre:
                return lambda v: op(comp, v)
            return lambda v: v[3] == 1 and op(comp, v)
        pairs = tuple(zip(ops, comps, strict=True))

        def check_group(v: VersionKey) -> bool:
            if v[3] == 0 and not has_pre:
                return False
            return all(op(comp, v) for op, comp in pairs)

        return check_group

    def check_any(v: VersionKey) -> bool:
        return any(g.check(v) for g in groups)

    return check_any
