"""Go text/template for ImageUpdateAutomation commit messages, with sprig's hermetic functions.

Flux renders `.spec.git.commit.messageTemplate` with Go's text/template and
`sprig.HermeticTxtFuncMap()`; this is the same language in Python, checked against the Go
implementation by the tests (tests/automation/gotemplate), so a template behaves here as it
does under Flux.

    t = Template.parse(text, name="msg")     # TemplateError on a parse error (Go's wording)
    out = t.execute(data, max_output=64 * 1024, max_steps=1_000_000)

Data is plain Python: dicts are Go maps (ranged in sorted key order; `.Key` reads a key, a
missing one prints `<no value>`), lists and tuples are slices, str/int/float/bool/None are Go's
string/int/float64/bool/nil. Any other object is a struct: `.Field` reads an attribute (a
missing one is an error) and a method is called, with arguments if the template gives some.
Map keys that are objects are ordered by their `sort_key()` if they have one. Where Go's static
types show (typeOf, %T, sprig refusing a map[string]string), a class attribute `go_type` names an
object's Go type, and GoMap/GoSlice carry one for a dict or list.
sprig's `set`, `unset` and `merge` change the maps they are given, as in Go: pass copies of
data that must not change.

`execute` fails, rather than hangs or balloons, when the output passes `max_output` bytes, when
a value being built passes it (`repeat`, `printf` widths, `until`...) or after `max_steps`
evaluation steps. Errors quote the template, never the data.

Known differences from Go: complex number constants are not supported; `{{template}}` calls
nest at most 100 deep (Go: 100000) and very deep parenthesis nesting is refused; `%#v` ignores
widths; the zero value of a typed map's missing key prints `<no value>`; sprig's xstrings case
conversions, date and crypto functions are missing (MISSING_FUNCS).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import TemplateError
from .execute import execute
from .funcs import Func, LimitExceeded
from .lexer import LexError
from .parse import Parser, Trees
from .sprig import MISSING_FUNCS, func_map
from .values import MISSING, GoMap, GoSlice, Int64

__all__ = [
    "MISSING",
    "MISSING_FUNCS",
    "GoMap",
    "GoSlice",
    "Int64",
    "LimitExceeded",
    "Template",
    "TemplateError",
]

_FUNCS: dict[str, Func] = func_map()


@dataclass(frozen=True)
class Template:
    """A parsed template and the templates it defines."""

    name: str
    text: str
    trees: Trees

    @classmethod
    def parse(cls, text: str, name: str = "msg") -> Template:
        """Parse `text` as Go does; raises TemplateError worded like Go's."""
        try:
            trees = Parser(text, name, _FUNCS.__contains__).parse()
        except LexError as e:  # pragma: no cover - the parser reports lexer errors itself
            raise TemplateError(f"template: {name}: {e}") from None
        except RecursionError:
            raise TemplateError(f"template: {name}: nesting too deep") from None
        return cls(name, text, trees)

    def execute(self, data: Any, max_output: int = 64 * 1024, max_steps: int = 1_000_000) -> str:
        """Render over `data`; TemplateError on an execution error, on output beyond
        `max_output` bytes and on more than `max_steps` evaluation steps."""
        return execute(self.trees, _FUNCS, self.text, self.name, data, max_output, max_steps)
