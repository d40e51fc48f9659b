"""Typed data as Flux gives it (structs, struct map keys, methods, typed maps and slices):
the oracle renders over Go structs, Python over the dataclasses of fluxdata.py."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from controllers.automation.gotemplate.sprig import func_map
from tests.automation.gotemplate.corpus import FLUX_DEFAULT
from tests.automation.gotemplate.fluxdata import FLUX_INPUT
from tests.automation.gotemplate.oracle import mismatches, run_go

DOC = """Automated image update

Automation name: {{ .AutomationObject }}

Files:
{{ range $filename, $_ := .Changed.FileChanges -}}
- {{ $filename }}
{{ end -}}

Objects:
{{ range $resource, $changes := .Changed.Objects -}}
- {{ $resource.Kind }} {{ $resource.Name }}
  Changes:
{{- range $_, $change := $changes }}
    - {{ $change.OldValue }} -> {{ $change.NewValue }}
{{ end -}}
{{ end -}}
"""
TEMPLATES = [
    DOC,
    FLUX_DEFAULT,
    "{{.}}",
    '{{printf "%+v" .}}',
    "{{.AutomationObject}}",
    '{{printf "%+v|%v|%s|%d" .AutomationObject .AutomationObject .AutomationObject .AutomationObject}}',
    "{{.Changed}}",
    "{{.Changed.Changes}}",
    "{{.Changed.Objects}}",
    "{{.Changed.FileChanges}}",
    "{{len .Changed.Changes}} {{len .Changed.Objects}}",
    "{{range .Changed.Changes}}{{.Setter}};{{end}}",
    "{{range $id, $c := .Changed.Objects}}{{$id.Namespace}}/{{$id.Name}}={{len $c}} {{end}}",
    "{{.AutomationObject.Nope}}",
    "{{.Changed.Changes.OldValue}}",
    "{{.Changed.Changes 1}}",
    "{{.AutomationObject.Name 1}}",
    "{{.Values.env}} {{.Values.missing}}",
    '{{index .Changed.FileChanges "deploy/app.yaml"}}',
    "{{(index .Changed.Changes 0).NewValue}}",
    '{{index .Changed.Objects "x"}}',
    "{{toJson .AutomationObject}}",
    "{{toJson .Changed.Changes}}",
    "{{eq .AutomationObject .AutomationObject}}",
    "{{if .Changed}}y{{end}}",
    "{{with .Changed.Changes}}{{len .}}{{end}}",
    "{{$o := .Changed.Objects}}{{range $k, $v := $o}}{{$k}} {{end}}",
    "{{typeOf .AutomationObject}} {{kindOf .AutomationObject}}",
    "{{empty .AutomationObject}}",
    '{{printf "%v" .Changed.Objects}}',
    "{{range .Changed.FileChanges}}{{range $k, $v := .}}{{$k.Kind}}{{end}}{{end}}",
    '{{.AutomationObject | printf "%v"}}',
    '{{template "x" .AutomationObject}}{{define "x"}}{{.Name}}{{end}}',
    "{{.Changed.Objects.x}}",
    "{{.AutomationObject.name}}",
    "{{range $i, $c := .Changed.Changes}}{{$i}}:{{$c.OldValue}} {{end}}",
    '{{default "d" .AutomationObject.Name}}',
    "{{quote .AutomationObject.Name}} {{upper .AutomationObject.Namespace}}",
    '{{print .AutomationObject 1 "x"}}',
    '{{printf "%q" .Changed.Changes}}',
    "{{first .Changed.Changes}}",
    '{{dict "a" .AutomationObject}}',
    "{{list .AutomationObject}}",
]


COMPARED = [".", ".AutomationObject", "(index .Changed.Changes 0)", "(index .Changed.Changes 1)", ".Changed"]
COMPARED += [".Changed.Changes", ".Values", "(list 1)", "(dict)", "nil", "1", '"s"']


def test_equality_of_structs_and_collections_matches_go() -> None:
    """eq/ne: structs compare by value, slices and maps refuse, different kinds refuse."""
    templates = [f"{{{{{f} {a} {b}}}}}" for f in ("eq", "ne") for a in COMPARED for b in COMPARED]
    bad = mismatches([(t, FLUX_INPUT) for t in templates])
    assert not bad, "\n".join(bad)


def test_struct_templates_match_go() -> None:
    bad = mismatches([(t, FLUX_INPUT) for t in TEMPLATES])
    assert not bad, "\n".join(bad)


def test_flux_documented_template_over_go_structs() -> None:
    out = run_go([(DOC, FLUX_INPUT)])[0].output
    assert out is not None and "- CronJob worker\n  Changes:\n    - worker:0.1 -> worker:0.2\n" in out


OPERANDS = [
    '"s"',
    '""',
    '"1.2.3"',
    "0",
    "1",
    "2",
    "-1",
    "1.5",
    "true",
    "nil",
    ".",
    "$",
    ".AutomationObject",
    ".AutomationObject.Name",
    ".Changed",
    ".Changed.Changes",
    ".Changed.Objects",
    ".Changed.FileChanges",
    ".Values",
    ".Values.env",
    ".Values.zz",
    "(index .Changed.Changes 0)",
    "(first .Changed.Changes)",
    '(index .Changed.FileChanges "deploy/app.yaml")',
    "(list 1 2)",
    '(dict "a" 1)',
]
UNCOMPARABLE = {"randInt", "shuffle", "fail", "call", "keys", "values", "set", "unset"}


def _call() -> st.SearchStrategy[str]:
    names = sorted(set(func_map()) - UNCOMPARABLE)
    args = st.lists(st.sampled_from(OPERANDS), max_size=3).map(" ".join)
    return st.one_of(
        st.tuples(st.sampled_from(names), args).map(lambda t: f"{{{{{t[0]} {t[1]}}}}}"),
        st.tuples(st.sampled_from(OPERANDS), st.sampled_from(names), args).map(
            lambda t: f"{{{{{t[0]} | {t[1]} {t[2]}}}}}"
        ),
    )


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(st.lists(_call(), min_size=80, max_size=80))
def test_functions_on_struct_data_match_go(templates: list[str]) -> None:
    bad = mismatches([(t, FLUX_INPUT) for t in templates])
    assert not bad, "\n".join(bad[:5])
