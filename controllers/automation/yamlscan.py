"""Locate scalar values, their comments and their exact character spans in YAML text.

PyYAML's node marks give a scalar's end but a start that includes any anchor or tag, and its
nodes carry no comments. This module joins the node tree with the scanner's tokens so that a
caller can splice a new value into the original text and leave every other character alone.
All offsets are indexes into the ``str`` the caller passed (decoded with newlines untouched).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

__all__ = [
    "Document",
    "ScalarSite",
    "YamlScanError",
    "compose",
    "head_comment",
    "line_comment",
    "render_scalar",
    "scan",
]

_BREAKS = re.compile(r"[\r\n\x85\u2028\u2029]")
# What may precede a scalar on its line for a comment on the line above to be its own head
# comment: indentation, block sequence indicators, an anchor and/or a tag.
_HEAD_PREFIX = re.compile(r"[ \t]*(?:-[ \t]+)*(?:[&!]\S*[ \t]+)*")
_COMMENT_LINE = re.compile(r"[ \t]*#")


class YamlScanError(Exception):
    """The text is not YAML this module can edit safely (the message says where and why)."""


@dataclass(frozen=True)
class ScalarSite:
    """One scalar value in a document: ``text[start:end]`` is its source, quotes included."""

    start: int
    end: int
    value: str
    style: str  # "" plain, "'" single-quoted, '"' double-quoted
    flow: bool  # inside a flow collection, where ``,[]{}`` end a plain scalar


@dataclass(frozen=True)
class Document:
    """A document whose root is a mapping (only those are resources), with its scalar values."""

    root: MappingNode
    sites: tuple[ScalarSite, ...]


def scan(text: str) -> list[Document]:
    """Parse every document of ``text``; raise YamlScanError if any of it is not valid YAML.

    Mapping keys, block scalars, empty (implicit null) values and alias repeats are not
    returned as sites: none of them can carry a marked value.
    """
    starts, roots = _parse(text)
    documents: list[Document] = []
    for root in roots:
        _check_duplicate_keys(root)
        if not isinstance(root, MappingNode):
            continue
        sites: list[ScalarSite] = []
        seen: set[int] = set()
        for node, flow in _values(root, False, seen):
            span = starts.get(node.end_mark.index)
            if span is None or span[1] not in ("", "'", '"'):
                continue  # implicit empty value or block scalar
            sites.append(ScalarSite(span[0], node.end_mark.index, str(node.value), span[1], flow))
        documents.append(Document(root, tuple(sites)))
    return documents


def compose(text: str) -> list[Node | None]:
    """The documents' node trees, read as :func:`scan` reads them."""
    return _parse(text)[1]


def _parse(text: str) -> tuple[dict[int, tuple[int, str]], list[Node | None]]:
    """Scalar token spans (end -> start, style) and document roots.

    PyYAML only accepts spaces where YAML (and Go's parser) also allow tabs, e.g. between a
    value and its comment. If the text fails for that reason it is read again with every tab
    as a space: the same length, so every offset still points into the original text.
    """
    try:
        return _parse_exactly(text)
    except YamlScanError as exc:
        if "\t" not in text:
            raise
        first = exc
    spaced = text.replace("\t", " ")
    try:
        starts, roots = _parse_exactly(spaced)
    except YamlScanError:
        raise first from None
    blocks = [(start, end) for end, (start, style) in starts.items() if style in ("|", ">")]
    for match in _TAB_INDENT.finditer(text):
        if not any(start <= match.start() < end for start, end in blocks):
            raise first  # a tab in indentation is an error in every YAML parser
    return starts, roots


_TAB_INDENT = re.compile(r"^ *\t[ \t]*[^ \t\r\n#]", re.MULTILINE)


def _parse_exactly(text: str) -> tuple[dict[int, tuple[int, str]], list[Node | None]]:
    try:
        starts: dict[int, tuple[int, str]] = {}
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, yaml.ScalarToken):
                starts[token.end_mark.index] = (token.start_mark.index, token.style or "")
        roots: list[Node | None] = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise YamlScanError(str(exc)) from exc
    except RecursionError as exc:
        raise YamlScanError("YAML nesting too deep") from exc
    return starts, roots


def _values(node: Node, flow: bool, seen: set[int]) -> Iterator[tuple[ScalarNode, bool]]:
    """Scalar values in document order, each node once (an alias repeats its anchor's node)."""
    stack: list[tuple[Node, bool]] = [(node, flow)]
    while stack:
        current, in_flow = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ScalarNode):
            yield current, in_flow
        elif isinstance(current, SequenceNode):
            inner = in_flow or bool(current.flow_style)
            stack.extend((child, inner) for child in reversed(current.value))
        elif isinstance(current, MappingNode):
            inner = in_flow or bool(current.flow_style)
            stack.extend((value, inner) for _, value in reversed(current.value))


def _check_duplicate_keys(node: Node | None) -> None:
    """Reject duplicate mapping keys, which PyYAML accepts but Go's YAML (and so Flux) refuses."""
    if node is None:
        return
    stack: list[Node] = [node]
    seen: set[int] = set()
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, SequenceNode):
            stack.extend(current.value)
        elif isinstance(current, MappingNode):
            keys: dict[tuple[str, str], int] = {}
            for key, value in current.value:
                stack.append(value)
                if not isinstance(key, ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
                    continue
                ident = (key.tag, str(key.value))
                if ident in keys:
                    raise YamlScanError(
                        f"line {key.start_mark.line + 1}: mapping key {key.value!r} "
                        f"already defined at line {keys[ident] + 1}"
                    )
                keys[ident] = key.start_mark.line


def _line_end(text: str, pos: int) -> int:
    match = _BREAKS.search(text, pos)
    return match.start() if match else len(text)


def line_comment(text: str, site: ScalarSite) -> str | None:
    """The comment on the scalar's (last) line, if the scalar is the last node before it.

    Only blanks and flow closers/separators may stand between the value and ``#``, so in
    ``{image: a:1} # ...`` the comment belongs to ``a:1``.
    """
    end = _line_end(text, site.end)
    pos = site.end
    while pos < end and text[pos] in " \t,]}":
        pos += 1
    if pos < end and text[pos] == "#" and pos > site.end and text[pos - 1] in " \t":
        return text[pos:end]
    return None


def head_comment(text: str, site: ScalarSite) -> str | None:
    """The comment block on the lines right above a scalar that starts its own line.

    This is how a block sequence item (``- image:tag``) or a value on the line after its key
    is marked; several comment lines are returned joined, as Go's YAML parser does.
    """
    line_start = max(text.rfind("\n", 0, site.start), text.rfind("\r", 0, site.start)) + 1
    if not _HEAD_PREFIX.fullmatch(text, line_start, site.start):
        return None
    lines: list[str] = []
    pos = line_start
    while pos > 0:
        prev_end = pos - 1
        if text[prev_end] == "\n" and prev_end > 0 and text[prev_end - 1] == "\r":
            prev_end -= 1
        prev_start = max(text.rfind("\n", 0, prev_end), text.rfind("\r", 0, prev_end)) + 1
        line = text[prev_start:prev_end]
        if not _COMMENT_LINE.match(line):
            break
        lines.append(line.strip(" \t"))
        pos = prev_start
    return "\n".join(reversed(lines)) if lines else None


# --- rendering --------------------------------------------------------------------------------

_STR_TAG = "tag:yaml.org,2002:str"
# Scalars that YAML 1.2 (Go's parser) or kyaml's YAML 1.1 table read as non-strings but
# PyYAML's YAML 1.1 resolver does not; quoting them is what Flux does, and is harmless if unneeded.
_NON_STRING_EXTRA = re.compile(
    r"""(?x)
    [yYnN]
    | [-+]?[0-9][0-9_]*
    | 0[bB][01_]+ | 0[oO][0-7_]+ | 0[xX][0-9a-fA-F_]+
    | [-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?
    | [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN)
    """
)
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`.")


def _printable(ch: str) -> bool:
    code = ord(ch)
    return (
        ch == "\t"
        or 0x20 <= code <= 0x7E
        or code == 0x85
        or 0xA0 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    ) and code != 0xFEFF


def is_plain_string(value: str) -> bool:
    """Whether ``value`` reads back as that same string from a plain scalar, in any YAML."""
    table = yaml.resolver.Resolver.yaml_implicit_resolvers
    for _tag, regexp in table.get(value[:1], []) + table.get(None, []):
        if regexp.match(value):
            return False  # PyYAML's YAML 1.1 types: bools (yes/on...), ints, floats, null, dates
    return not _NON_STRING_EXTRA.fullmatch(value)


def _plain_ok(value: str, flow: bool) -> bool:
    if not value or value != value.strip(" \t") or value[0] in _INDICATORS:
        return False
    if not all(_printable(ch) and ch != "\t" for ch in value):
        return False
    if ": " in value or " #" in value or value.endswith(":"):
        return False
    if flow and any(ch in ",[]{}" for ch in value):
        return False
    return is_plain_string(value)


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}


def _double_quoted(value: str) -> str:
    out: list[str] = []
    for ch in value:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _printable(ch):
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02X}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(f"\\U{ord(ch):08X}")
    return '"' + "".join(out) + '"'


def render_scalar(value: str, style: str, flow: bool) -> str:
    """Source text for ``value`` in place of a scalar written in ``style``.

    A quoted scalar keeps its quotes; a plain one stays plain unless the new value would read
    as something else (a number, a boolean, null, or YAML syntax), then it is double-quoted.
    """
    if style == "'" and all(_printable(ch) and ch != "\t" for ch in value):
        return "'" + value.replace("'", "''") + "'"
    if style in ("'", '"'):
        return _double_quoted(value)
    return value if _plain_ok(value, flow) else _double_quoted(value)
