"""Command-line flags parsed the way Go's ``flag`` package does.

Users' kustomize patches append Flux-style arguments (``--concurrent=10``,
``--watch-label-selector ...``, ``-enable-leader-election``), so the syntax and the
error messages are Go's: one or two dashes, ``name=value`` or ``name value`` (booleans
only ``name`` or ``name=value``), Go durations, ``--`` ends the flags, and an unknown
flag is ``flag provided but not defined: -name``. Flux's list and map flags (pflag's
StringSlice and mapStringBool) are supported for the feature gates and algorithms.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from controller_runtime.apimachinery.duration import format_duration, parse_duration


class FlagError(ValueError):
    """A command line the flag set rejects; the message is Go's."""


class HelpRequested(Exception):
    """``-h``/``-help`` was given and is not a defined flag."""


_TRUE = {"1", "t", "T", "TRUE", "true", "True"}
_FALSE = {"0", "f", "F", "FALSE", "false", "False"}


def parse_bool(text: str) -> bool:
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError("parse error")


def _parse_int(text: str) -> int:
    """Go's ``strconv.ParseInt(text, 0, 64)``: base prefixes (0x, 0o, 0b, and a bare leading
    0 for octal), underscores between digits; no whitespace, no non-ASCII digits."""
    if not text.isascii() or any(c.isspace() for c in text):
        raise ValueError("parse error")
    sign, digits = ("-", text[1:]) if text[:1] == "-" else ("", text[1:] if text[:1] == "+" else text)
    if len(digits) > 1 and digits[0] == "0" and (digits[1].isdigit() or digits[1] == "_"):
        digits = "0o" + digits[1:]  # Go reads "017" as octal; Python refuses it
    try:
        value = int(sign + digits, 0)
    except ValueError:
        raise ValueError("parse error") from None
    if not -(1 << 63) <= value < (1 << 63):
        raise ValueError("value out of range")
    return value


def _parse_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError("parse error") from None
    if math.isinf(value) and "inf" not in text.lower():
        raise ValueError("value out of range")
    return value


def _parse_duration(text: str) -> float:
    try:
        return parse_duration(text)
    except ValueError:
        raise ValueError("parse error") from None


@dataclass
class Flag:
    name: str
    kind: str  # bool | string | int | float | duration | strings | map
    default: Any
    usage: str
    parse: Callable[[str], Any]
    value: Any = None
    changed: bool = False

    def set(self, text: str) -> None:
        parsed = self.parse(text)
        if self.kind == "strings":
            self.value = (list(self.value) if self.changed else []) + parsed
        elif self.kind == "map":
            merged = dict(self.value) if self.changed else {}
            merged.update(parsed)
            self.value = merged
        else:
            self.value = parsed
        self.changed = True

    def default_text(self) -> str:
        if self.kind == "duration":
            return format_duration(float(self.default))
        if self.kind == "strings":
            return "[" + ",".join(self.default) + "]"
        if self.kind == "map":
            return ",".join(f"{k}={str(v).lower()}" for k, v in sorted(self.default.items()))
        if self.kind == "bool":
            return "true" if self.default else "false"
        return str(self.default)


def _parse_strings(text: str) -> list[str]:
    return [s.strip() for s in text.split(",") if s.strip()] if text else []


def _parse_bool_map(text: str) -> dict[str, bool]:
    out: dict[str, bool] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        key, sep, value = part.partition("=")
        if not sep or not key:
            raise ValueError(f"{part} must be formatted as key=value")
        out[key.strip()] = parse_bool(value.strip())
    return out


@dataclass
class FlagSet:
    """Defined flags plus, after ``parse``, their values and the positional arguments."""

    name: str
    flags: dict[str, Flag] = field(default_factory=dict)
    args: list[str] = field(default_factory=list)

    def _define(self, name: str, kind: str, default: Any, usage: str, parse: Callable[[str], Any]) -> None:
        if name in self.flags:
            raise ValueError(f"{self.name} flag redefined: {name}")
        self.flags[name] = Flag(name, kind, default, usage, parse, value=default)

    def add_bool(self, name: str, default: bool, usage: str) -> None:
        self._define(name, "bool", default, usage, parse_bool)

    def add_string(self, name: str, default: str, usage: str) -> None:
        self._define(name, "string", default, usage, str)

    def add_int(self, name: str, default: int, usage: str) -> None:
        self._define(name, "int", default, usage, _parse_int)

    def add_float(self, name: str, default: float, usage: str) -> None:
        self._define(name, "float", default, usage, _parse_float)

    def add_duration(self, name: str, default: float, usage: str) -> None:
        """A Go duration (``1m30s``); the value is float seconds."""
        self._define(name, "duration", default, usage, _parse_duration)

    def add_strings(self, name: str, default: Sequence[str], usage: str) -> None:
        """Comma-separated, repeatable; the first occurrence replaces the default."""
        self._define(name, "strings", list(default), usage, _parse_strings)

    def add_bool_map(self, name: str, default: dict[str, bool], usage: str) -> None:
        """``k=v,k2=v2`` with boolean values (feature gates)."""
        self._define(name, "map", dict(default), usage, _parse_bool_map)

    def value(self, name: str) -> Any:
        return self.flags[name].value

    def changed(self, name: str) -> bool:
        return self.flags[name].changed

    def values(self) -> dict[str, Any]:
        """Flag values keyed by their Python name (dashes become underscores)."""
        return {n.replace("-", "_"): f.value for n, f in self.flags.items()}

    def parse(self, arguments: Sequence[str]) -> None:
        """Go's ``FlagSet.Parse``: stops at the first non-flag argument or after ``--``."""
        args = list(arguments)
        while args:
            s = args[0]
            if len(s) < 2 or s[0] != "-":
                break
            dashes = 1
            if s[1] == "-":
                dashes = 2
                if len(s) == 2:  # "--" ends the flags
                    args.pop(0)
                    break
            name = s[dashes:]
            if not name or name[0] in "-=":
                raise FlagError(f"bad flag syntax: {s}")
            args.pop(0)
            name, has_value, value = name.partition("=")
            flag = self.flags.get(name)
            if flag is None:
                if name in ("help", "h"):
                    raise HelpRequested()
                raise FlagError(f"flag provided but not defined: -{name}")
            if flag.kind == "bool":
                text = value if has_value else "true"
                try:
                    flag.set(text)
                except ValueError as e:
                    if has_value:
                        raise FlagError(f"invalid boolean value {_quote(text)} for -{name}: {e}") from None
                    raise FlagError(f"invalid boolean flag {name}: {e}") from None
                continue
            if not has_value:
                if not args:
                    raise FlagError(f"flag needs an argument: -{name}")
                value = args.pop(0)
            try:
                flag.set(value)
            except ValueError as e:
                raise FlagError(f"invalid value {_quote(value)} for flag -{name}: {e}") from None
        self.args = args

    def usage(self) -> str:
        """Go's ``PrintDefaults`` layout."""
        lines = [f"Usage of {self.name}:"]
        for name in sorted(self.flags):
            f = self.flags[name]
            type_name = {"bool": "", "string": "string", "int": "int", "float": "float",
                         "duration": "duration", "strings": "strings", "map": "mapStringBool"}[f.kind]
            head = f"  -{name}" + (f" {type_name}" if type_name else "")
            lines.append(head)
            text = f.usage
            if f.default not in ("", None, False, [], {}, 0):
                default = f.default_text()
                text += f" (default {_quote(default) if f.kind == 'string' else default})"
            lines.append("    \t" + text.replace("\n", "\n    \t"))
        return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    """Go's %q for the plain strings flags carry."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'
