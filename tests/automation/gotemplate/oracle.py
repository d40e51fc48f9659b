"""The Go oracle: real text/template with sprig's hermetic map, many cases per process run.

JSON numbers that are integers reach the Go templates as `int` (the oracle converts
json.Number), others as float64, so they compare with Python's int and float. A FluxInput case
is rendered over typed data instead: Go structs there, dataclasses here (fluxdata.py).
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from controllers.automation.gotemplate import LimitExceeded, Template, TemplateError
from tests.automation.gotemplate.fluxdata import FluxInput
from tests.support.gotools import local_program

ORACLE_DIR = Path(__file__).parent / "oracle"


@dataclass(frozen=True)
class Outcome:
    """A rendering: the output, or the error message."""

    output: str | None
    error: str | None
    #: Python stopped on its execution budget, which Go does not have
    limited: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None


def oracle_binary() -> Path:
    return local_program(ORACLE_DIR, name="gotemplate-oracle")


def run_go(cases: list[tuple[str, Any]]) -> list[Outcome]:
    """Render every (template, data) case in one run of the Go oracle."""
    payload = json.dumps(
        [
            {"template": t, "flux": d.spec} if isinstance(d, FluxInput) else {"template": t, "data": d}
            for t, d in cases
        ]
    )
    proc = subprocess.run(
        [str(oracle_binary())], input=payload, capture_output=True, text=True, check=True, timeout=120
    )
    results = json.loads(proc.stdout)
    return [Outcome(r.get("output"), r.get("error")) for r in results]


def sprig_function_names() -> list[str]:
    """The names in sprig.HermeticTxtFuncMap(), as the oracle's sprig has them."""
    proc = subprocess.run(
        [str(oracle_binary()), "-funcs"], capture_output=True, text=True, check=True, timeout=120
    )
    names: list[str] = json.loads(proc.stdout)
    return names


def run_py(template: str, data: Any) -> Outcome:
    """Render one case with the Python engine, over the data as JSON would give it."""
    data = data.data() if isinstance(data, FluxInput) else json.loads(json.dumps(data))
    try:
        return Outcome(Template.parse(template, name="msg").execute(data), None)
    except LimitExceeded as e:
        return Outcome(None, str(e), limited=True)
    except TemplateError as e:
        return Outcome(None, str(e))


def mismatches(cases: list[tuple[str, Any]]) -> list[str]:
    """Cases where the engines disagree: different outputs, or only one of them failing. A case
    Python refused on its budget (`range 123456789` runs in Go) is not a disagreement."""
    bad: list[str] = []
    for (t, d), go in zip(cases, run_go(cases), strict=True):
        py = run_py(t, d)
        if py.limited:
            continue
        if go.ok != py.ok or (go.ok and go.output != py.output):
            bad.append(f"template {t!r}\n  go: {go}\n  py: {py}")
    return bad
