"""Label selectors: the string syntax of k8s.io/apimachinery labels.Parse and metav1.LabelSelector.

Parsing, validation messages and the canonical ``str()`` form follow upstream exactly, because the
embedded API server returns these messages to kubectl and the cache compares canonical strings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any

from controller_runtime.apimachinery.field import FieldError, aggregate_message, invalid, not_supported
from controller_runtime.apimachinery.validation import is_qualified_name, is_valid_label_value


class SelectorError(ValueError):
    """A selector string or metav1.LabelSelector that kube would reject (message is kube's)."""


class Operator(StrEnum):
    """selection.Operator values."""

    DOES_NOT_EXIST = "!"
    EQUALS = "="
    DOUBLE_EQUALS = "=="
    IN = "in"
    NOT_EQUALS = "!="
    NOT_IN = "notin"
    EXISTS = "exists"
    GREATER_THAN = "gt"
    LESS_THAN = "lt"


_VALID_OPERATORS = ["!", "=", "==", "in", "!=", "notin", "exists", "gt", "lt"]
_BINARY_OPERATORS = "in, notin, =, ==, !=, gt, lt"


def _parse_int64(s: str) -> int | None:
    """Go strconv.ParseInt(s, 10, 64): optional sign, ASCII digits, int64 range."""
    body = s[1:] if s[:1] in ("+", "-") else s
    if not body or not all("0" <= c <= "9" for c in body):
        return None
    v = int(s)
    if v < -(2**63) or v > 2**63 - 1:
        return None
    return v


def _validate_key(key: str, path: str) -> FieldError | None:
    errs = is_qualified_name(key)
    if errs:
        return invalid(path, key, "; ".join(errs))
    return None


@dataclass(frozen=True)
class Requirement:
    """One ``key op values`` term; build with ``new_requirement`` to get kube's validation."""

    key: str
    operator: Operator
    values: tuple[str, ...] = ()

    def matches(self, labels: Mapping[str, str]) -> bool:
        op = self.operator
        if op in (Operator.IN, Operator.EQUALS, Operator.DOUBLE_EQUALS):
            return self.key in labels and labels[self.key] in self.values
        if op in (Operator.NOT_IN, Operator.NOT_EQUALS):
            return self.key not in labels or labels[self.key] not in self.values
        if op is Operator.EXISTS:
            return self.key in labels
        if op is Operator.DOES_NOT_EXIST:
            return self.key not in labels
        if op in (Operator.GREATER_THAN, Operator.LESS_THAN):
            if self.key not in labels or len(self.values) != 1:
                return False
            have = _parse_int64(labels[self.key])
            want = _parse_int64(self.values[0])
            if have is None or want is None:
                return False
            return have > want if op is Operator.GREATER_THAN else have < want
        return False

    def __str__(self) -> str:
        op = self.operator
        out = ("!" if op is Operator.DOES_NOT_EXIST else "") + self.key
        if op in (Operator.EXISTS, Operator.DOES_NOT_EXIST):
            return out
        sym = {
            Operator.EQUALS: "=",
            Operator.DOUBLE_EQUALS: "==",
            Operator.NOT_EQUALS: "!=",
            Operator.IN: " in ",
            Operator.NOT_IN: " notin ",
            Operator.GREATER_THAN: ">",
            Operator.LESS_THAN: "<",
        }[op]
        vals = self.values[0] if len(self.values) == 1 else ",".join(sorted(self.values))
        if op in (Operator.IN, Operator.NOT_IN):
            vals = f"({vals})"
        return out + sym + vals


def new_requirement(
    key: str, operator: Operator | str, values: Iterable[str] = (), path: str = ""
) -> Requirement:
    """labels.NewRequirement: validates key, operator arity and values; raises SelectorError."""
    vals = list(values)
    errs: list[FieldError] = []

    def child(name: str) -> str:
        return f"{path}.{name}" if path else name

    err = _validate_key(key, child("key"))
    if err:
        errs.append(err)
    value_path = child("values")
    try:
        op = Operator(operator)
    except ValueError:
        errs.append(not_supported(child("operator"), str(operator), _VALID_OPERATORS))
        raise SelectorError(aggregate_message(errs)) from None
    if op in (Operator.IN, Operator.NOT_IN):
        if not vals:
            errs.append(invalid(value_path, vals, "for 'in', 'notin' operators, values set can't be empty"))
    elif op in (Operator.EQUALS, Operator.DOUBLE_EQUALS, Operator.NOT_EQUALS):
        if len(vals) != 1:
            errs.append(invalid(value_path, vals, "exact-match compatibility requires one single value"))
    elif op in (Operator.EXISTS, Operator.DOES_NOT_EXIST):
        if vals:
            errs.append(invalid(value_path, vals, "values set must be empty for exists and does not exist"))
    else:
        if len(vals) != 1:
            errs.append(invalid(value_path, vals, "for 'Gt', 'Lt' operators, exactly one value is required"))
        for i, v in enumerate(vals):
            if _parse_int64(v) is None:
                errs.append(
                    invalid(f"{value_path}[{i}]", v, "for 'Gt', 'Lt' operators, the value must be an integer")
                )
    for i, v in enumerate(vals):
        msgs = is_valid_label_value(v)
        if msgs:
            errs.append(invalid(f"{value_path}[{i}][{key}]", v, "; ".join(msgs)))
    if errs:
        raise SelectorError(aggregate_message(errs))
    return Requirement(key, op, tuple(vals))


class Selector:
    """An AND of requirements (labels.internalSelector), or the selector that matches nothing."""

    def __init__(self, requirements: Iterable[Requirement] = (), *, nothing: bool = False) -> None:
        self._reqs: tuple[Requirement, ...] = tuple(sorted(requirements, key=lambda r: r.key))
        self._nothing = nothing

    @classmethod
    def everything(cls) -> Selector:
        return cls()

    @classmethod
    def nothing(cls) -> Selector:
        """labels.Nothing(): what a nil *metav1.LabelSelector means."""
        return cls(nothing=True)

    @property
    def requirements(self) -> tuple[Requirement, ...]:
        return self._reqs

    def matches(self, labels: Mapping[str, str] | None) -> bool:
        if self._nothing:
            return False
        lbls = labels or {}
        return all(r.matches(lbls) for r in self._reqs)

    def empty(self) -> bool:
        """True when the selector matches everything (no requirement); Nothing is not empty."""
        return not self._nothing and not self._reqs

    def add(self, *reqs: Requirement) -> Selector:
        return Selector((*self._reqs, *reqs), nothing=self._nothing)

    def requires_exact_match(self, key: str) -> str | None:
        """The value ``key`` must equal for a match, if the selector pins one (used by indexes)."""
        for r in self._reqs:
            if r.key != key:
                continue
            if r.operator in (Operator.EQUALS, Operator.DOUBLE_EQUALS) or (
                r.operator is Operator.IN and len(r.values) == 1
            ):
                return r.values[0]
        return None

    def __str__(self) -> str:
        return ",".join(str(r) for r in self._reqs)

    def __repr__(self) -> str:
        return "Selector(<nothing>)" if self._nothing else f"Selector({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Selector) and (self._nothing, str(self)) == (other._nothing, str(other))

    def __hash__(self) -> int:
        return hash((self._nothing, str(self)))


# ---------------------------------------------------------------- lexer


class _Tok(Enum):
    ERROR = 0
    EOS = 1
    CLOSED_PAR = 2
    COMMA = 3
    DOES_NOT_EXIST = 4
    DOUBLE_EQUALS = 5
    EQUALS = 6
    GREATER_THAN = 7
    IDENTIFIER = 8
    IN = 9
    LESS_THAN = 10
    NOT_EQUALS = 11
    NOT_IN = 12
    OPEN_PAR = 13


_STRING_TO_TOKEN = {
    ")": _Tok.CLOSED_PAR,
    ",": _Tok.COMMA,
    "!": _Tok.DOES_NOT_EXIST,
    "==": _Tok.DOUBLE_EQUALS,
    "=": _Tok.EQUALS,
    ">": _Tok.GREATER_THAN,
    "in": _Tok.IN,
    "<": _Tok.LESS_THAN,
    "!=": _Tok.NOT_EQUALS,
    "notin": _Tok.NOT_IN,
    "(": _Tok.OPEN_PAR,
}
_WHITESPACE = " \t\r\n"
_SPECIAL = "=!(),><"


def _lex(s: str) -> list[tuple[_Tok, str]]:
    """Tokens up to and including the end-of-string (or error) token, as labels.Lexer scans."""
    out: list[tuple[_Tok, str]] = []
    pos = 0
    n = len(s)
    while True:
        while pos < n and s[pos] in _WHITESPACE:
            pos += 1
        if pos >= n or s[pos] == "\x00":
            out.append((_Tok.EOS, ""))
            return out
        if s[pos] in _SPECIAL:
            buf = ""
            last: tuple[_Tok, str] | None = None
            while pos < n and s[pos] in _SPECIAL:
                buf += s[pos]
                if buf in _STRING_TO_TOKEN:
                    last = (_STRING_TO_TOKEN[buf], buf)
                    pos += 1
                elif last is not None:
                    break
                else:
                    pos += 1
            if last is None:
                out.append((_Tok.ERROR, f"error expected: keyword found '{buf}'"))
                return out
            out.append(last)
            continue
        start = pos
        while pos < n and s[pos] not in _WHITESPACE and s[pos] not in _SPECIAL and s[pos] != "\x00":
            pos += 1
        word = s[start:pos]
        out.append((_STRING_TO_TOKEN.get(word, _Tok.IDENTIFIER), word))


class _Parser:
    def __init__(self, s: str) -> None:
        self.items = _lex(s)
        self.pos = 0

    def lookahead(self) -> tuple[_Tok, str]:
        tok, lit = self.items[self.pos]
        if tok in (_Tok.IN, _Tok.NOT_IN):
            tok = _Tok.IDENTIFIER
        return tok, lit

    def consume(self, values: bool = True) -> tuple[_Tok, str]:
        tok, lit = self.items[self.pos]
        if self.pos < len(self.items) - 1:
            self.pos += 1
        if values and tok in (_Tok.IN, _Tok.NOT_IN):
            tok = _Tok.IDENTIFIER
        return tok, lit

    def parse(self) -> list[Requirement]:
        reqs: list[Requirement] = []
        while True:
            tok, lit = self.lookahead()
            if tok in (_Tok.IDENTIFIER, _Tok.DOES_NOT_EXIST):
                try:
                    reqs.append(self.requirement())
                except SelectorError as e:
                    raise SelectorError(f"unable to parse requirement: {e}") from None
                t, lit2 = self.consume()
                if t is _Tok.EOS:
                    return reqs
                if t is _Tok.COMMA:
                    t2, l2 = self.lookahead()
                    if t2 not in (_Tok.IDENTIFIER, _Tok.DOES_NOT_EXIST):
                        raise SelectorError(f"found '{l2}', expected: identifier after ','")
                else:
                    raise SelectorError(f"found '{lit2}', expected: ',' or 'end of string'")
            elif tok is _Tok.EOS:
                return reqs
            else:
                raise SelectorError(f"found '{lit}', expected: !, identifier, or 'end of string'")

    def requirement(self) -> Requirement:
        op: Operator | None = None
        tok, key = self.consume()
        if tok is _Tok.DOES_NOT_EXIST:
            op = Operator.DOES_NOT_EXIST
            tok, key = self.consume()
        if tok is not _Tok.IDENTIFIER:
            raise SelectorError(f"found '{key}', expected: identifier")
        err = _validate_key(key, "<nil>")
        if err:
            raise SelectorError(str(err))
        if self.lookahead()[0] in (_Tok.EOS, _Tok.COMMA) and op is None:
            op = Operator.EXISTS
        if op is not None:
            return new_requirement(key, op, [])
        op = self.operator()
        values = self.values() if op in (Operator.IN, Operator.NOT_IN) else self.exact_value()
        return new_requirement(key, op, sorted(values))

    def operator(self) -> Operator:
        tok, lit = self.consume(values=False)
        ops = {
            _Tok.IN: Operator.IN,
            _Tok.EQUALS: Operator.EQUALS,
            _Tok.DOUBLE_EQUALS: Operator.DOUBLE_EQUALS,
            _Tok.GREATER_THAN: Operator.GREATER_THAN,
            _Tok.LESS_THAN: Operator.LESS_THAN,
            _Tok.NOT_IN: Operator.NOT_IN,
            _Tok.NOT_EQUALS: Operator.NOT_EQUALS,
        }
        if tok not in ops:
            raise SelectorError(f"found '{lit}', expected: {_BINARY_OPERATORS}")
        return ops[tok]

    def values(self) -> set[str]:
        tok, lit = self.consume()
        if tok is not _Tok.OPEN_PAR:
            raise SelectorError(f"found '{lit}' expected: '('")
        tok, lit = self.lookahead()
        if tok in (_Tok.IDENTIFIER, _Tok.COMMA):
            s = self.identifiers()
            if self.consume()[0] is not _Tok.CLOSED_PAR:
                raise SelectorError(f"found '{lit}', expected: ')'")
            return s
        if tok is _Tok.CLOSED_PAR:
            self.consume()
            return {""}
        raise SelectorError(f"found '{lit}', expected: ',', ')' or identifier")

    def identifiers(self) -> set[str]:
        s: set[str] = set()
        while True:
            tok, lit = self.consume()
            if tok is _Tok.IDENTIFIER:
                s.add(lit)
                t2, l2 = self.lookahead()
                if t2 is _Tok.COMMA:
                    continue
                if t2 is _Tok.CLOSED_PAR:
                    return s
                raise SelectorError(f"found '{l2}', expected: ',' or ')'")
            if tok is _Tok.COMMA:
                if not s:
                    s.add("")
                t2, _ = self.lookahead()
                if t2 is _Tok.CLOSED_PAR:
                    s.add("")
                    return s
                if t2 is _Tok.COMMA:
                    self.consume()
                    s.add("")
            else:
                raise SelectorError(f"found '{lit}', expected: ',', or identifier")

    def exact_value(self) -> set[str]:
        tok, _ = self.lookahead()
        if tok in (_Tok.EOS, _Tok.COMMA):
            return {""}
        tok, lit = self.consume()
        if tok is _Tok.IDENTIFIER:
            return {lit}
        raise SelectorError(f"found '{lit}', expected: identifier")


def parse(selector: str) -> Selector:
    """labels.Parse: the ``-l``/``labelSelector=`` syntax. Raises SelectorError with kube's message."""
    return Selector(_Parser(selector).parse())


def selector_from_set(labels: Mapping[str, str]) -> Selector:
    """labels.ValidatedSelectorFromSet: ``k=v`` for each pair; invalid keys/values raise."""
    return Selector(new_requirement(k, Operator.EQUALS, [v]) for k, v in labels.items())


_LS_OPERATORS = {
    "In": Operator.IN,
    "NotIn": Operator.NOT_IN,
    "Exists": Operator.EXISTS,
    "DoesNotExist": Operator.DOES_NOT_EXIST,
}


def selector_from_label_selector(ls: Mapping[str, Any] | None) -> Selector:
    """metav1.LabelSelectorAsSelector: None matches nothing, {} everything, bad input raises."""
    if ls is None:
        return Selector.nothing()
    if not isinstance(ls, Mapping):
        raise SelectorError(f"invalid label selector: expected an object, got {type(ls).__name__}")
    match_labels = ls.get("matchLabels") or {}
    exprs = ls.get("matchExpressions") or []
    if not isinstance(match_labels, Mapping) or not isinstance(exprs, list):
        raise SelectorError("invalid label selector: matchLabels must be an object, matchExpressions a list")
    if not match_labels and not exprs:
        return Selector.everything()
    reqs: list[Requirement] = []
    for k, v in match_labels.items():
        if not isinstance(v, str):
            raise SelectorError(f"invalid label selector: matchLabels[{k}] must be a string")
        reqs.append(new_requirement(str(k), Operator.EQUALS, [v]))
    for expr in exprs:
        if not isinstance(expr, Mapping):
            raise SelectorError("invalid label selector: matchExpressions entries must be objects")
        op_name = expr.get("operator", "")
        if op_name not in _LS_OPERATORS:
            raise SelectorError(f'"{op_name}" is not a valid label selector operator')
        values = expr.get("values") or []
        if not isinstance(values, list) or not all(isinstance(x, str) for x in values):
            raise SelectorError("invalid label selector: values must be a list of strings")
        reqs.append(new_requirement(str(expr.get("key", "")), _LS_OPERATORS[op_name], values))
    return Selector(reqs)


def label_selector_to_string(ls: Mapping[str, Any] | None) -> str:
    """The selector string equivalent to a metav1.LabelSelector ("" for None or {})."""
    return str(selector_from_label_selector(ls))


def format_label_selector(ls: Mapping[str, Any] | None) -> str:
    """metav1.FormatLabelSelector as kubectl prints it: ``<none>`` when empty, ``<error>`` if invalid."""
    try:
        s = str(selector_from_label_selector(ls))
    except SelectorError:
        return "<error>"
    return s or "<none>"
