"""The kubectl JSONPath dialect (k8s.io/client-go/util/jsonpath) used by printer columns and ``-o jsonpath``.

Supported: ``$``, ``.a.b``, ``['a']``, ``['a','b']``, ``[0]``, ``[-1]``, ``[1:3]``, ``[*]``, ``.*``,
``..name``, filters ``[?(@.type=="Ready")]`` (==, !=, <, >, <=, >=, and bare existence), and
templates with literal text, ``{"\\n"}`` strings and ``{range ...}...{end}``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from controller_runtime.apimachinery.field import go_float, go_json


class JSONPathError(ValueError):
    """A template that does not parse, or (without allow_missing_keys) a path that finds nothing."""


# ---------------------------------------------------------------- AST


@dataclass
class _Field:
    names: list[str]  # several for ['a','b'] unions


@dataclass
class _Index:
    start: int | None
    end: int | None
    step: int | None
    is_slice: bool


@dataclass
class _Wildcard:
    pass


@dataclass
class _Recursive:
    pass


@dataclass
class _Filter:
    left: list[Any]
    op: str  # "" for existence
    right: Any  # a literal, or a path (list of nodes) when right_is_path
    right_is_path: bool = False


@dataclass
class _Path:
    nodes: list[Any]


@dataclass
class _Text:
    text: str


@dataclass
class _Range:
    path: _Path
    body: list[Any] = field(default_factory=list)


_Node = _Field | _Index | _Wildcard | _Recursive | _Filter


# ---------------------------------------------------------------- parsing


class _PathParser:
    """Parses one action's path expression (what sits between ``{`` and ``}``)."""

    def __init__(self, text: str) -> None:
        self.s = text
        self.i = 0

    def error(self, msg: str) -> JSONPathError:
        return JSONPathError(f"{msg} in {self.s!r} at position {self.i}")

    def peek(self, n: int = 1) -> str:
        return self.s[self.i : self.i + n]

    def skip_ws(self) -> None:
        while self.i < len(self.s) and self.s[self.i] in " \t":
            self.i += 1

    def parse(self, stop: str = "") -> list[_Node]:
        nodes: list[_Node] = []
        self.skip_ws()
        if self.peek() in ("$", "@"):
            self.i += 1
        while self.i < len(self.s):
            c = self.s[self.i]
            if stop and c in stop:
                break
            if self.peek(2) == "..":
                self.i += 1
                nodes.append(_Recursive())
                continue
            if c == ".":
                self.i += 1
                if self.peek() == "*":
                    self.i += 1
                    nodes.append(_Wildcard())
                    continue
                name = self.ident()
                if name:
                    nodes.append(_Field([name]))
                continue
            if c == "[":
                nodes.append(self.bracket())
                continue
            if c in " \t":
                break
            raise self.error(f"unrecognized character {c!r}")
        return nodes

    def ident(self) -> str:
        start = self.i
        while self.i < len(self.s) and (self.s[self.i].isalnum() or self.s[self.i] in "_-/"):
            self.i += 1
        return self.s[start : self.i]

    def quoted(self) -> str:
        q = self.s[self.i]
        self.i += 1
        out = []
        while self.i < len(self.s) and self.s[self.i] != q:
            if self.s[self.i] == "\\" and self.i + 1 < len(self.s):
                self.i += 1
            out.append(self.s[self.i])
            self.i += 1
        if self.i >= len(self.s):
            raise self.error("unterminated string")
        self.i += 1
        return "".join(out)

    def bracket(self) -> _Node:
        self.i += 1  # [
        self.skip_ws()
        c = self.peek()
        if c == "?":
            node: _Node = self.filter()
        elif c == "*":
            self.i += 1
            node = _Wildcard()
        elif c in "'\"":
            names = [self.quoted()]
            self.skip_ws()
            while self.peek() == ",":
                self.i += 1
                self.skip_ws()
                if self.peek() not in ("'", '"'):
                    raise self.error("expected a quoted name")
                names.append(self.quoted())
                self.skip_ws()
            node = _Field(names)
        else:
            node = self.index()
        self.skip_ws()
        if self.peek() != "]":
            raise self.error("unterminated array")
        self.i += 1
        return node

    def _int(self) -> int | None:
        self.skip_ws()
        start = self.i
        if self.peek() == "-":
            self.i += 1
        while self.i < len(self.s) and self.s[self.i].isdigit():
            self.i += 1
        text = self.s[start : self.i]
        self.skip_ws()
        if text in ("", "-"):
            if text == "-":
                raise self.error("invalid array index")
            return None
        return int(text)

    def index(self) -> _Index:
        parts = [self._int()]
        is_slice = False
        while self.peek() == ":" and len(parts) < 3:
            self.i += 1
            is_slice = True
            parts.append(self._int())
        if not is_slice and parts[0] is None:
            raise self.error("invalid array index")
        while len(parts) < 3:
            parts.append(None)
        return _Index(parts[0], parts[1], parts[2], is_slice)

    def filter(self) -> _Filter:
        self.i += 1  # ?
        self.skip_ws()
        if self.peek() != "(":
            raise self.error("unrecognized filter")
        self.i += 1
        self.skip_ws()
        left = self.operand()
        self.skip_ws()
        op = ""
        for candidate in ("==", "!=", "<=", ">=", "<", ">", "="):
            if self.s.startswith(candidate, self.i):
                op = "==" if candidate == "=" else candidate
                self.i += len(candidate)
                break
        right: Any = None
        right_is_path = False
        if op:
            self.skip_ws()
            if self.peek() in ("@", "$"):
                right = self.operand()
                right_is_path = True
            else:
                right = self.literal()
        self.skip_ws()
        if self.peek() != ")":
            raise self.error("unclosed filter")
        self.i += 1
        if not isinstance(left, list):
            raise self.error("filter must start with @")
        return _Filter(left, op, right, right_is_path)

    def operand(self) -> list[_Node]:
        if self.peek() not in ("@", "$"):
            raise self.error("filter operand must be a path starting with @")
        sub = _PathParser(self.s)
        sub.i = self.i
        nodes = sub.parse(stop=" )=!<>")
        self.i = sub.i
        return nodes

    def literal(self) -> Any:
        c = self.peek()
        if c in ("'", '"'):
            return self.quoted()
        start = self.i
        while self.i < len(self.s) and self.s[self.i] not in " )":
            self.i += 1
        tok = self.s[start : self.i]
        if tok in ("true", "false"):
            return tok == "true"
        try:
            return int(tok)
        except ValueError:
            pass
        try:
            return float(tok)
        except ValueError as e:
            raise self.error(f"unrecognized literal {tok!r}") from e


def _parse_path(expr: str) -> _Path:
    p = _PathParser(expr)
    nodes = p.parse()
    p.skip_ws()
    if p.i < len(p.s):
        raise p.error("unexpected trailing text")
    return _Path(nodes)


def _split_template(template: str) -> list[tuple[str, str]]:
    """(kind, text) pieces: ("text", literal) or ("action", inside-of-braces)."""
    out: list[tuple[str, str]] = []
    i = 0
    n = len(template)
    buf: list[str] = []
    while i < n:
        c = template[i]
        if c == "{":
            if buf:
                out.append(("text", "".join(buf)))
                buf = []
            j = i + 1
            quote = ""
            depth = 0
            while j < n:
                ch = template[j]
                if quote:
                    if ch == "\\":
                        j += 2
                        continue
                    if ch == quote:
                        quote = ""
                elif ch in "'\"":
                    quote = ch
                elif ch == "[":
                    depth += 1
                elif ch == "]":
                    depth -= 1
                elif ch == "}" and depth <= 0:
                    break
                j += 1
            if j >= n:
                raise JSONPathError(f"unclosed action in {template!r}")
            out.append(("action", template[i + 1 : j]))
            i = j + 1
        else:
            buf.append(c)
            i += 1
    if buf:
        out.append(("text", "".join(buf)))
    return out


def _parse_template(template: str) -> list[Any]:
    root: list[Any] = []
    stack: list[list[Any]] = [root]
    for kind, text in _split_template(template):
        if kind == "text":
            stack[-1].append(_Text(text))
            continue
        action = text.strip()
        if action.startswith(("'", '"')) and action.endswith(action[0]) and len(action) >= 2:
            stack[-1].append(_Text(_unquote(action)))
        elif action.startswith("range ") or action == "range":
            rng = _Range(_parse_path(action[len("range") :].strip()))
            stack[-1].append(rng)
            stack.append(rng.body)
        elif action == "end":
            if len(stack) == 1:
                raise JSONPathError(f"not in range, nothing to end in {template!r}")
            stack.pop()
        else:
            stack[-1].append(_parse_path(action))
    if len(stack) != 1:
        raise JSONPathError(f"unclosed range in {template!r}")
    return root


def _unquote(s: str) -> str:
    if s[0] == '"':
        try:
            value = json.loads(s)
            return value if isinstance(value, str) else s[1:-1]
        except json.JSONDecodeError:
            return s[1:-1]
    return s[1:-1]


# ---------------------------------------------------------------- evaluation


class JSONPath:
    """A parsed template; ``allow_missing_keys`` mirrors client-go's option (kubectl sets it)."""

    def __init__(self, template: str, *, allow_missing_keys: bool = True) -> None:
        self.template = template
        self.allow_missing_keys = allow_missing_keys
        self._nodes = _parse_template(template)

    def find_results(self, obj: Any) -> list[list[Any]]:
        """One list of values per path action (texts and ranges expand like client-go)."""
        out: list[list[Any]] = []
        self._walk(self._nodes, obj, out)
        return out

    def _walk(self, nodes: list[Any], cur: Any, out: list[list[Any]]) -> None:
        for node in nodes:
            if isinstance(node, _Text):
                out.append([node.text])
            elif isinstance(node, _Range):
                for item in self._eval_path(node.path.nodes, [cur]):
                    self._walk(node.body, item, out)
            else:
                out.append(self._eval_path(node.nodes, [cur]))

    def execute(self, obj: Any) -> str:
        """Text output as ``kubectl -o jsonpath`` prints it."""
        parts: list[str] = []
        for results in self.find_results(obj):
            parts.append(" ".join(format_value(v) for v in results))
        return "".join(parts)

    def _eval_path(self, nodes: list[Any], values: list[Any]) -> list[Any]:
        for node in nodes:
            values = self._eval_node(node, values)
        return values

    def _missing(self, what: str) -> None:
        if not self.allow_missing_keys:
            raise JSONPathError(f"{what} is not found")

    def _eval_node(self, node: Any, values: list[Any]) -> list[Any]:
        out: list[Any] = []
        if isinstance(node, _Field):
            for v in values:
                if isinstance(v, Mapping):
                    for name in node.names:
                        if name in v:
                            out.append(v[name])
                        else:
                            self._missing(name)
                else:
                    self._missing(node.names[0])
            return out
        if isinstance(node, _Wildcard):
            for v in values:
                if isinstance(v, Mapping):
                    out.extend(v[k] for k in sorted(v))
                elif isinstance(v, list):
                    out.extend(v)
            return out
        if isinstance(node, _Recursive):
            for v in values:
                out.extend(_descendants(v))
            return out
        if isinstance(node, _Index):
            for v in values:
                if not isinstance(v, list):
                    continue
                out.extend(self._index(node, v))
            return out
        if isinstance(node, _Filter):
            for v in values:
                items = v if isinstance(v, list) else []
                out.extend(item for item in items if self._keep(node, item))
            return out
        raise JSONPathError(f"unknown node {node!r}")

    def _index(self, node: _Index, v: list[Any]) -> list[Any]:
        n = len(v)
        if not node.is_slice:
            i = node.start if node.start is not None else 0
            if i < 0:
                i += n
            if 0 <= i < n:
                return [v[i]]
            if not self.allow_missing_keys:
                raise JSONPathError(f"array index out of bounds: index {node.start}, length {n}")
            return []
        start = node.start if node.start is not None else 0
        end = node.end if node.end is not None else n
        step = node.step if node.step is not None else 1
        if start < 0:
            start += n
        if end < 0:
            end += n
        start = max(0, min(start, n))
        end = max(0, min(end, n))
        if step <= 0:
            raise JSONPathError(f"step must be > 0 in {self.template!r}")
        return v[start:end:step]

    def _keep(self, node: _Filter, item: Any) -> bool:
        sub = JSONPath.__new__(JSONPath)
        sub.template = self.template
        sub.allow_missing_keys = True
        lefts = sub._eval_path(node.left, [item])
        if not node.op:
            return bool(lefts)
        rights = sub._eval_path(node.right, [item]) if node.right_is_path else [node.right]
        if not lefts or not rights:
            return False
        return _compare(lefts[0], node.op, rights[0])


def _descendants(v: Any) -> list[Any]:
    out = [v]
    if isinstance(v, Mapping):
        for k in sorted(v):
            out.extend(_descendants(v[k]))
    elif isinstance(v, list):
        for x in v:
            out.extend(_descendants(x))
    return out


def _compare(a: Any, op: str, b: Any) -> bool:
    """Filter comparison like client-go's template functions: numbers numerically, strings lexically."""
    num = (int, float)
    if isinstance(a, num) and isinstance(b, num) and not isinstance(a, bool) and not isinstance(b, bool):
        x: Any = float(a)
        y: Any = float(b)
    elif isinstance(a, str) and isinstance(b, str):
        x, y = a, b
    else:
        same = a == b and type(a) is type(b)
        if op == "==":
            return bool(same)
        if op == "!=":
            return not same
        return False
    return bool(
        {
            "==": x == y,
            "!=": x != y,
            "<": x < y,
            ">": x > y,
            "<=": x <= y,
            ">=": x >= y,
        }[op]
    )


def format_value(v: Any) -> str:
    """client-go PrintResults for one value: strings raw, objects/lists as JSON, Go %v otherwise."""
    if isinstance(v, str):
        return v
    if v is None:
        return "<nil>"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return go_float(v)
    return go_json(v)


def parse(template: str, *, allow_missing_keys: bool = True) -> JSONPath:
    """Parse a template; a bare path (no braces) is wrapped as printer columns do."""
    if "{" not in template:
        template = "{" + template + "}"
    return JSONPath(template, allow_missing_keys=allow_missing_keys)


def evaluate(expr: str, obj: Any) -> list[Any]:
    """All values the expression's paths select, in order (missing keys select nothing)."""
    out: list[Any] = []
    for results in parse(expr).find_results(obj):
        out.extend(results)
    return out
