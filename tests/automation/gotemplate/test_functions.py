"""Which functions templates get: sprig's hermetic map (all of it but MISSING_FUNCS) and
Go's builtins, with sprig's `slice` replacing the builtin as in Go."""

from __future__ import annotations

import pytest

from controllers.automation.gotemplate import MISSING_FUNCS, Template, TemplateError
from controllers.automation.gotemplate.builtins import BUILTINS
from controllers.automation.gotemplate.sprig import func_map
from tests.automation.gotemplate.oracle import sprig_function_names


def test_every_hermetic_sprig_function_is_provided_or_listed_missing() -> None:
    go = set(sprig_function_names())
    ours = set(func_map()) - (set(BUILTINS) - go)
    assert not (ours - go), "functions Go does not have"
    assert go - ours == set(MISSING_FUNCS)
    assert len(MISSING_FUNCS) < len(go) // 5


@pytest.mark.parametrize("name", MISSING_FUNCS)
def test_a_missing_function_is_a_parse_error(name: str) -> None:
    with pytest.raises(TemplateError, match=f'function "{name}" not defined'):
        Template.parse("{{" + name + "}}")


def test_random_functions_stay_in_their_bounds() -> None:
    out = Template.parse("{{range 200}}{{randInt 3 6}}{{end}}").execute(None)
    assert set(out) <= {"3", "4", "5"} and len(out) == 200
    assert sorted(Template.parse('{{shuffle "abcdefé"}}').execute(None)) == sorted("abcdefé")
    with pytest.raises(TemplateError, match="error calling randInt"):
        Template.parse("{{randInt 5 5}}").execute(None)
