"""The engine on what the oracle cannot express: Python objects as Go structs (fields, niladic
methods, struct map keys), the execution budget, and error hygiene."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from controllers.automation.gotemplate import LimitExceeded, Template, TemplateError


@dataclass(frozen=True)
class ObjectIdentifier:
    Kind: str
    Namespace: str
    Name: str

    def sort_key(self) -> tuple[str, str, str]:
        return (self.Kind, self.Namespace, self.Name)


@dataclass(frozen=True)
class Change:
    OldValue: str
    NewValue: str
    Setter: str


@dataclass
class Changed:
    Changes: list[Change]
    Objects: dict[ObjectIdentifier, list[Change]] = field(default_factory=dict)
    files: dict[str, dict[ObjectIdentifier, list[Change]]] = field(default_factory=dict)

    def FileChanges(self) -> dict[str, dict[ObjectIdentifier, list[Change]]]:
        return self.files

    def Count(self, prefix: str) -> int:
        return sum(c.NewValue.startswith(prefix) for c in self.Changes)


@dataclass(frozen=True)
class AutomationObject:
    Name: str
    Namespace: str


@dataclass
class TemplateData:
    AutomationObject: AutomationObject
    Changed: Changed


APP = ObjectIdentifier("Deployment", "flux-system", "app")
WORKER = ObjectIdentifier("CronJob", "flux-system", "worker")
C1 = Change("app:1.0.0", "app:1.1.0", "flux-system:app-policy")
C2 = Change("worker:0.1", "worker:0.2", "flux-system:worker-policy")


def flux_data() -> TemplateData:
    changed = Changed(
        Changes=[C1, C2],
        Objects={APP: [C1], WORKER: [C2]},
        files={"deploy/worker.yaml": {WORKER: [C2]}, "deploy/app.yaml": {APP: [C1]}},
    )
    return TemplateData(AutomationObject("auto", "flux-system"), changed)


def render(text: str, data: object = None, **limits: int) -> str:
    return Template.parse(text, name="msg").execute(data, **limits)


FLUX_DOC_TEMPLATE = """Automated image update

Automation name: {{ .AutomationObject.Namespace }}/{{ .AutomationObject.Name }}

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


def test_flux_documented_template_over_structs() -> None:
    assert render(FLUX_DOC_TEMPLATE, flux_data()) == (
        "Automated image update\n\nAutomation name: flux-system/auto\n\n"
        "Files:\n- deploy/app.yaml\n- deploy/worker.yaml\n"  # `{{ end -}}` ate the blank line
        "Objects:\n"
        "- CronJob worker\n  Changes:\n    - worker:0.1 -> worker:0.2\n"
        "- Deployment app\n  Changes:\n    - app:1.0.0 -> app:1.1.0\n"
    )


def test_struct_fields_methods_and_printing() -> None:
    d = flux_data()
    assert render("{{.AutomationObject}}", d) == "{auto flux-system}"
    assert render('{{printf "%+v" .AutomationObject}}', d) == "{Name:auto Namespace:flux-system}"
    assert render("{{len .Changed.FileChanges}}", d) == "2"
    assert render('{{.Changed.Count "app"}}', d) == "1"
    assert render('{{"worker" | .Changed.Count}}', d) == "1"
    assert render("{{(index .Changed.Changes 1).Setter}}", d) == "flux-system:worker-policy"
    assert (
        render("{{with .Changed}}{{range .Changes}}{{.NewValue}} {{end}}{{end}}", d)
        == "app:1.1.0 worker:0.2 "
    )


def test_struct_errors() -> None:
    d = flux_data()
    with pytest.raises(TemplateError, match="can't evaluate field Nope in type AutomationObject"):
        render("{{.AutomationObject.Nope}}", d)
    with pytest.raises(TemplateError, match="unexported field"):
        render("{{.Changed.files}}", d)
    with pytest.raises(TemplateError, match="wrong number of args for Count"):
        render("{{.Changed.Count}}", d)
    with pytest.raises(TemplateError, match="cannot be invoked"):
        render('{{.AutomationObject.Name "x"}}', d)


def test_missing_map_key_prints_no_value() -> None:
    assert render("{{.a}}|{{.a.b}}", {"x": 1}) == "<no value>|<no value>"


def test_parse_error_is_worded_like_go() -> None:
    with pytest.raises(TemplateError) as e:
        Template.parse("{{ .a } }}", name="msg")
    assert str(e.value) == 'template: msg:1: unexpected "}" in operand'
    with pytest.raises(TemplateError, match=r'^template: msg:2: function "nope" not defined$'):
        Template.parse("x\n{{nope}}")


@pytest.mark.parametrize(
    "text",
    [
        "{{range .L}}{{range $.L}}{{range $.L}}x{{end}}{{end}}{{end}}",
        "{{range .L}}{{range $.L}}{{range $.L}}{{end}}{{end}}{{end}}",
        "{{range 1000000000}}{{end}}",
        '{{define "r"}}{{template "r" .}}{{end}}{{template "r" .}}',
    ],
)
def test_runaway_templates_are_errors(text: str) -> None:
    with pytest.raises(LimitExceeded):
        render(text, {"L": list(range(1000))}, max_steps=100_000)


@pytest.mark.parametrize(
    "text",
    [
        "{{range .L}}{{.}}{{end}}",
        '{{repeat 100000000 "x"}}',
        '{{printf "%900000d" 1}}',
        '{{printf "%*d" 900000 1}}',
        '{{indent 100000000 "a"}}',
        "{{until 100000000}}",
        '{{$s := "xxxxxxxxxx"}}{{range .L}}{{$s = cat $s $s}}{{end}}{{len $s}}',
    ],
)
def test_output_and_value_size_are_bounded(text: str) -> None:
    with pytest.raises(LimitExceeded):
        render(text, {"L": list(range(100_000))}, max_output=64 * 1024)


def test_output_at_the_limit_is_fine() -> None:
    assert render('{{repeat 10 "x"}}', max_output=10) == "x" * 10
    with pytest.raises(TemplateError, match="output"):
        render('{{repeat 10 "x"}}y', max_output=10)


SECRET = "s3cr3t-t0ken"


@pytest.mark.parametrize(
    "text",
    [
        "{{range .s}}{{end}}",
        "{{.s.x}}",
        "{{eq .s 1}}",
        "{{lt .s 1}}",
        "{{index .s 99}}",
        "{{index .l 99}}",
        "{{slice .l 2 1}}",
        "{{len .n}}",
        '{{semverCompare .s "1.0.0"}}',
        '{{semverCompare "1.x" .s}}',
        '{{mustRegexMatch .s "x"}}',
        "{{mustToJson .f}}",
        "{{upper .l}}",
        "{{eq .l .l}}",
        "{{substr 99 100 .s}}",
        "{{call .boom}}",
        "{{.obj.Explode}}",
    ],
)
def test_errors_quote_the_template_not_the_data(text: str) -> None:
    class Obj:
        def Explode(self) -> str:
            raise ValueError(SECRET)

    data = {"s": "(" + SECRET, "l": [SECRET], "n": 42, "f": float("nan"), "obj": Obj(), "boom": Obj().Explode}
    with pytest.raises(TemplateError) as e:
        render(text, data)
    assert SECRET not in str(e.value)
    assert text.split("}}")[0][2:].split()[0] in str(e.value) or "executing" in str(e.value)


def test_class_callables_are_methods_instance_callables_are_fields() -> None:
    class Thing:
        Label = "x"

        def __init__(self) -> None:
            self.Hook = lambda: "from a field"

        @staticmethod
        def Static() -> str:
            return "static"

        @property
        def Prop(self) -> str:
            return "prop"

    assert render("{{.Static}} {{.Prop}} {{.Label}}", Thing()) == "static prop x"
    with pytest.raises(TemplateError, match="can't print"):
        render("{{.Hook}}", Thing())
    assert render("{{call .Hook}}", Thing()) == "from a field"
