"""The Python engine against Go's text/template + sprig (the oracle in ./oracle): identical
output, or an error from both."""

from __future__ import annotations

from tests.automation.gotemplate.corpus import FLUX_DEFAULT, FLUX_EXAMPLE, TEMPLATES, cases
from tests.automation.gotemplate.oracle import mismatches, run_go, run_py


def test_corpus_is_broad() -> None:
    assert len(TEMPLATES) >= 150


def test_corpus_matches_go() -> None:
    bad = mismatches(cases())
    assert not bad, "\n".join(bad)


def test_corpus_has_errors_of_both_kinds() -> None:
    """The corpus proves rejection too: some cases fail to parse, others fail to execute."""
    outcomes = [run_py(t, d) for t, d in cases()]
    errors = [o.error or "" for o in outcomes if not o.ok]
    assert any("executing" in e for e in errors)
    assert any("executing" not in e for e in errors)
    assert sum(o.ok for o in outcomes) > len(outcomes) // 2


def test_parse_errors_are_worded_as_go() -> None:
    """Parse errors are the user's feedback on a messageTemplate, so they match Go word for word."""
    checked = 0
    for (t, d), go in zip(cases(), run_go(cases()), strict=True):
        if go.error is not None and "executing" not in go.error:
            checked += 1
            assert run_py(t, d).error == go.error, t
    assert checked >= 50


def test_execution_errors_point_where_go_points() -> None:
    """An execution error names the same line, column and template text as Go's (the reason may be
    worded differently, and never quotes data). Go points at a stale node after a failed call of a
    method on a call's result, as in `(semver "1.2.3").IncMajor.Original`: those are left out."""
    checked = 0
    for (t, d), go in zip(cases(), run_go(cases()), strict=True):
        if go.error is not None and "executing" in go.error and "semver" not in t:
            checked += 1
            py = run_py(t, d).error or ""
            assert py.split(">: ", 1)[0] == go.error.split(">: ", 1)[0], t
    assert checked >= 50


def test_flux_templates_render_the_same() -> None:
    data = dict(cases()[0][1])
    go = run_go([(FLUX_DEFAULT, data), (FLUX_EXAMPLE, data)])
    assert go[0].output == "Update from image update automation"
    assert go[1].output is not None and "- ghcr.io/org/app:1.0.0 -> ghcr.io/org/app:1.1.0" in go[1].output
    assert run_py(FLUX_EXAMPLE, data).output == go[1].output
