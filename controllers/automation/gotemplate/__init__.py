"""Go text/template for ImageUpdateAutomation commit messages, with sprig's hermetic functions.

Flux renders `.spec.git.commit.messageTemplate` with Go's text/template and
`sprig.HermeticTxtFuncMap()`; this is the same language in Python, checked against the Go
implementation by the tests, so a template behaves here as it does under Flux.

    t = Template.parse(text, name="msg")     # TemplateError on a parse error
    out = t.execute(data, max_output=64 * 1024, max_steps=1_000_000)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import TemplateError
from .execute import execute
from .funcs import Func
from .lexer import LexError
from .parse import Parser, Trees
from .sprig import MISSING_FUNCS, func_map
from .values import MISSING, Int64

__all__ = ["MISSING", "MISSING_FUNCS", "Int64", "Template", "TemplateError"]

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
