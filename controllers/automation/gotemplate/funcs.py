"""How a template function is described: its Go parameter types, which decide how template
arguments convert (Go refuses `repeat (add 1 2) "x"`: add returns int64, repeat wants int).

Parameter kinds: "any" (interface{}), "value" (reflect.Value: the builtins see the invalid value
too), "string", "int", "int64", "float64", "bool", "map" (map[string]interface{}), "strings"
([]string).
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import TemplateError


class GoError(Exception):
    """A function's returned error (or panic): reported as `error calling NAME: ...`."""


class LimitExceeded(TemplateError):
    """The template ran too long or rendered too much."""


@dataclass
class Limits:
    """The budget of one execution; functions that build big values charge it up front."""

    max_output: int
    max_steps: int
    steps: int = 0

    def charge(self, n: int) -> None:
        self.steps += n
        if self.steps > self.max_steps:
            raise LimitExceeded(f"template: execution exceeded {self.max_steps} steps")

    def check_size(self, n: int) -> None:
        """A value of `n` characters/elements is about to be built."""
        if n > self.max_output:
            raise LimitExceeded(f"template: a value of {n} exceeds the output limit of {self.max_output}")
        self.charge(n // 64)


LIMITS: contextvars.ContextVar[Limits] = contextvars.ContextVar("gotemplate_limits")


def limits() -> Limits:
    try:
        return LIMITS.get()
    except LookupError:
        return Limits(64 * 1024, 1_000_000)


@dataclass(frozen=True)
class Func:
    """A template function: `fn` is called with converted arguments."""

    fn: Callable[..., Any]
    params: tuple[str, ...] = ()
    variadic: str | None = None


def func(*params: str, variadic: str | None = None) -> Callable[[Callable[..., Any]], Func]:
    """Decorator declaring a function's Go parameter kinds."""

    def wrap(fn: Callable[..., Any]) -> Func:
        return Func(fn, params, variadic)

    return wrap


KIND_NAMES = {
    "string": "string",
    "int": "int",
    "int64": "int64",
    "float64": "float64",
    "bool": "bool",
    "map": "map[string]interface {}",
    "strings": "[]string",
    "any": "interface {}",
    "value": "reflect.Value",
}
