"""``.spec.filterTags``: Go regexp matching (RE2) and Go's ``Regexp.Expand`` for ``extract``.

Upstream compiles ``pattern`` with Go's ``regexp.Compile`` (RE2 syntax, unanchored), keeps the
tags with a match, and with ``extract`` set replaces each by the expansion of ``extract``
against its *first* match. Expansion follows Go exactly: ``$name`` takes the longest run of
letters, digits and ``_`` (so ``$1x`` is group ``1x``, which does not exist, and expands to
nothing), ``${name}`` delimits, ``$$`` is a literal ``$``, a malformed reference stays literal,
and a group that did not take part in the match expands to nothing.

The template is compiled once into literal pieces and group indices, and matching calls the
RE2 binding's matcher directly on UTF-8 bytes: the public ``re2`` API costs several
microseconds per call in bookkeeping we do not need, which a 100,000-tag repository feels.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import re2

from controllers.policy.errors import PolicyError

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False

# RE2 (C++) error texts -> Go regexp/syntax ErrorCode texts, so messages read as upstream's.
_GO_ERROR_CODES = {
    "missing )": "missing closing )",
    "missing ]": "missing closing ]",
    "unexpected )": "unexpected )",
    "invalid escape sequence": "invalid escape sequence",
    "invalid character class": "invalid character class",
    "invalid character class range": "invalid character class range",
    "trailing \\": "trailing backslash at end of expression",
    "no argument for repetition operator": "missing argument to repetition operator",
    "invalid repetition size": "invalid repeat count",
    "bad repetition operator": "invalid nested repetition operator",
    "invalid perl operator": "invalid or unsupported Perl syntax",
    "invalid UTF-8": "invalid UTF-8",
    "invalid named capture group": "invalid named capture",
    "pattern too large - compile failed": "expression too large",
    "pattern too large - reverse compile failed": "expression too large",
}

Span = tuple[int, int]
MatchFn = Callable[[bytes], Sequence[Span] | None]
# A compiled template piece: literal text, or the group indices a reference may take (first matched wins).
TemplatePiece = str | tuple[int, ...]


def go_regexp_error(pattern: str, raw: str) -> str:
    """Render an RE2 compile error the way Go's ``regexp.Compile`` words it."""
    code, sep, arg = raw.partition(": ")
    if raw == "trailing \\":
        code, arg = raw, ""
    go_code = _GO_ERROR_CODES.get(code)
    if go_code is None:
        return f"error parsing regexp: {raw}"
    if code == "trailing \\":
        return f"error parsing regexp: {go_code}: ``"
    if code in ("missing )", "unexpected )") or not sep:
        arg = arg or pattern
    return f"error parsing regexp: {go_code}: `{arg}`"


def _capture_names(pattern: str) -> list[str] | None:
    """Names of the capture groups in order ("" for unnamed), scanning the pattern text.

    Needed because the binding reports one index per name, while Go allows a name twice
    (``(?P<x>hi)|(?P<x>bye)``) and expands the first group of that name that matched.
    Returns None on anything unexpected; the caller then falls back to the binding's map.
    """
    names: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            if pattern.startswith("\\Q", i):
                end = pattern.find("\\E", i + 2)
                i = n if end < 0 else end + 2
                continue
            i += 2
            continue
        if ch == "[":
            i += 1
            if i < n and pattern[i] == "^":
                i += 1
            if i < n and pattern[i] == "]":
                i += 1
            while i < n and pattern[i] != "]":
                if pattern.startswith("[:", i):
                    end = pattern.find(":]", i + 2)
                    if end >= 0:
                        i = end + 2
                        continue
                i += 2 if pattern[i] == "\\" else 1
            i += 1
            continue
        if ch == "(":
            if pattern.startswith("(?P<", i) or pattern.startswith("(?<", i):
                start = i + (4 if pattern[i + 2] == "P" else 3)
                end = pattern.find(">", start)
                if end < 0:
                    return None
                names.append(pattern[start:end])
                i = end + 1
                continue
            if not pattern.startswith("(?", i):
                names.append("")
        i += 1
    return names


def _go_only_error(pattern: str) -> str | None:
    r"""Go refuses ``\C`` (match any byte), which C++ RE2 accepts; report it as Go does."""
    i, n = 0, len(pattern)
    while i < n:
        if pattern[i] == "\\":
            if pattern.startswith("\\Q", i):
                end = pattern.find("\\E", i + 2)
                if end < 0:
                    return None
                i = end + 2
                continue
            if pattern.startswith("\\C", i):
                return "error parsing regexp: invalid escape sequence: `\\C`"
            i += 2
            continue
        i += 1
    return None


def _parse_reference(text: str) -> tuple[str, str] | None:
    """Go's ``extract``: the name after a ``$`` and the rest, or None when malformed."""
    if not text:
        return None
    brace = text[0] == "{"
    body = text[1:] if brace else text
    i = 0
    while i < len(body) and (body[i].isalpha() or body[i].isdecimal() or body[i] == "_"):
        i += 1
    if i == 0:
        return None
    name = body[:i]
    if brace:
        if i >= len(body) or body[i] != "}":
            return None
        i += 1
    return name, body[i:]


def _reference_number(name: str) -> int:
    """Go's number rule: ASCII digits below 1e8 without a leading zero, else -1 (a name)."""
    num = 0
    for ch in name:
        if not ("0" <= ch <= "9") or num >= 100_000_000:
            return -1
        num = num * 10 + ord(ch) - 48
    if name[0] == "0" and len(name) > 1:
        return -1
    return num


def compile_template(template: str, group_names: Sequence[str]) -> tuple[TemplatePiece, ...]:
    """Split ``template`` into literals and group references, resolving names once.

    ``group_names[i]`` is the name of group ``i`` (index 0 is the whole match, named "").
    """
    pieces: list[TemplatePiece] = []
    literal: list[str] = []
    rest = template
    while rest:
        before, dollar, after = rest.partition("$")
        literal.append(before)
        if not dollar:
            break
        rest = after
        if rest.startswith("$"):
            literal.append("$")
            rest = rest[1:]
            continue
        ref = _parse_reference(rest)
        if ref is None:
            literal.append("$")
            continue
        name, rest = ref
        if literal:
            pieces.append("".join(literal))
            literal = []
        num = _reference_number(name)
        if num >= 0:
            pieces.append((num,) if num < len(group_names) else ())
        else:
            pieces.append(tuple(i for i, n in enumerate(group_names) if n == name and i > 0))
    if literal and "".join(literal):
        pieces.append("".join(literal))
    return tuple(p for p in pieces if p != "")


def expand(pieces: Sequence[TemplatePiece], text: bytes, spans: Sequence[Span]) -> str:
    """Expand a compiled template against one match of ``text`` (spans in bytes, -1 when unset)."""
    out: list[str] = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
            continue
        for idx in piece:
            start, end = spans[idx]
            if start >= 0:
                out.append(text[start:end].decode("utf-8", "surrogatepass"))
                break
    return "".join(out)


KeyFn = Callable[[str], str | None]


@dataclass(frozen=True, slots=True)
class TagFilter:
    """A compiled ``filterTags``: ``key(tag)`` is None when the tag is filtered out."""

    pattern: str
    extract: str
    matcher: MatchFn
    pieces: tuple[TemplatePiece, ...] | None
    key: KeyFn

    @classmethod
    def compile(cls, pattern: str, extract: str) -> TagFilter:
        """Compile like upstream's ``NewRegexFilter``; raise PolicyError with its message."""
        go_error = _go_only_error(pattern)
        try:
            regexp = re2.compile(pattern, _OPTIONS)
        except re2.error as exc:
            raw = exc.args[0] if exc.args else ""
            detail = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
            go_error = go_regexp_error(pattern, detail)
        if go_error is not None:
            raise PolicyError(
                f"failed to filter tags: invalid regular expression pattern '{pattern}': {go_error}",
                source="filter",
            )
        match = _matcher(regexp)
        pieces: tuple[TemplatePiece, ...] | None = None
        if extract:
            groups = int(regexp.groups)
            names = _capture_names(pattern)
            if names is None or len(names) != groups:
                index = dict(regexp.groupindex)
                names = [""] * groups
                for name, idx in index.items():
                    names[idx - 1] = name
            pieces = compile_template(extract, ["", *names])
        return cls(pattern, extract, match, pieces, _key_function(match, pieces))


def _key_function(match: MatchFn, pieces: tuple[TemplatePiece, ...] | None) -> KeyFn:
    """Build the per-tag key function, specialised for "no extract" and "one group" templates."""
    if pieces is None:

        def whole(tag: str) -> str | None:
            return tag if match(tag.encode("utf-8", "surrogatepass")) is not None else None

        return whole
    if len(pieces) == 1 and isinstance(pieces[0], tuple) and len(pieces[0]) == 1:
        group = pieces[0][0]

        def one_group(tag: str) -> str | None:
            data = tag.encode("utf-8", "surrogatepass")
            spans = match(data)
            if spans is None:
                return None
            start, end = spans[group]
            return data[start:end].decode("utf-8", "surrogatepass") if start >= 0 else ""

        return one_group
    template = pieces

    def general(tag: str) -> str | None:
        data = tag.encode("utf-8", "surrogatepass")
        spans = match(data)
        if spans is None:
            return None
        return expand(template, data, spans)

    return general


def _matcher(regexp: object) -> MatchFn:
    """The fastest way this binding offers to get a first match's spans in bytes."""
    raw = getattr(regexp, "_regexp", None)
    anchor = getattr(getattr(re2, "_Anchor", None), "UNANCHORED", None)
    if raw is not None and anchor is not None and hasattr(raw, "Match"):
        raw_match = raw.Match

        def fast(data: bytes) -> Sequence[Span] | None:
            spans: Sequence[Span] = raw_match(anchor, data, 0, len(data))
            return None if spans[0][0] < 0 else spans

        return fast

    search = regexp.search  # type: ignore[attr-defined]

    def portable(data: bytes) -> Sequence[Span] | None:
        m = search(data)
        if m is None:
            return None
        return [m.span(i) for i in range(m.re.groups + 1)]

    return portable
