"""Random templates from the grammar (text, fields, constants, pipelines with functions,
if/with/range nesting, variables, trim markers), rendered by Go and Python: each batch goes
through one run of the oracle."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.automation.gotemplate.corpus import DATA
from tests.automation.gotemplate.oracle import mismatches

TEXTS = ["", "a", " ", "  ", "\n", " \n\t", "x y", "-", "}", "{", "$", "%", "é", "\n\n- "]
FIELDS = [
    ".name",
    ".n",
    ".zero",
    ".f",
    ".big",
    ".neg",
    ".t",
    ".fl",
    ".s",
    ".empty",
    ".nil",
    ".list",
    ".strs",
    ".mixed",
    ".elist",
    ".emap",
    ".m",
    ".m.a",
    ".m.c.d",
    ".m.zz",
    ".missing",
    ".uni",
    ".multi",
    ".AutomationObject.Name",
    ".Changed.Changes",
    ".Changed.FileChanges",
    ".",
    "$",
    "$.n",
    "$x",
]
CONSTS = ['"s"', '"a b"', "`raw`", "1", "0", "-3", "2.5", "1e3", "0x10", "'c'", "true", "false", '""']
#: name -> number of explicit arguments before the piped one
FUNCS: dict[str, int] = {
    "upper": 1,
    "lower": 1,
    "title": 1,
    "trim": 1,
    "len": 1,
    "not": 1,
    "quote": 1,
    "toJson": 1,
    "first": 1,
    "last": 1,
    "empty": 1,
    "toString": 1,
    "typeOf": 1,
    "b64enc": 1,
    "sortAlpha": 1,
    "index": 2,
    "eq": 2,
    "ne": 2,
    "lt": 2,
    "ge": 2,
    "and": 2,
    "or": 2,
    "default": 2,
    "add": 2,
    "sub": 2,
    "contains": 2,
    "hasPrefix": 2,
    "repeat": 2,
    "join": 2,
    "cat": 2,
    "print": 2,
    "println": 1,
    "list": 2,
    "has": 2,
    "trunc": 2,
    "indent": 2,
    "replace": 3,
    "ternary": 3,
    "printf": 2,
    "urlquery": 1,
    "html": 1,
    "js": 1,
    "max": 2,
    "coalesce": 2,
    "squote": 1,
}
PRINTF_FORMATS = ['"%v"', '"%d"', '"%s|%v"', '"%q"', '"%5.1f"', '"%x"', '"%-4v|"', '"%t"', '"%+v"']


def _operand(depth: int) -> st.SearchStrategy[str]:
    base = st.sampled_from(FIELDS + CONSTS)
    if depth <= 0:
        return base
    return st.one_of(base, base, _command(depth - 1).map(lambda c: f"({c})"))


def _command(depth: int) -> st.SearchStrategy[str]:
    def call(name: str) -> st.SearchStrategy[str]:
        n = FUNCS[name]
        args = st.lists(_operand(depth), min_size=n, max_size=n)
        if name == "printf":
            return st.tuples(st.sampled_from(PRINTF_FORMATS), args).map(
                lambda t: f"printf {t[0]} {' '.join(t[1])}"
            )
        return args.map(lambda a: f"{name} {' '.join(a)}".strip())

    return st.one_of(_operand(depth), st.sampled_from(sorted(FUNCS)).flatmap(call))


def _piped_call() -> st.SearchStrategy[str]:
    def call(name: str) -> st.SearchStrategy[str]:
        n = max(FUNCS[name] - 1, 0)
        return st.lists(_operand(0), min_size=n, max_size=n).map(lambda a: f"{name} {' '.join(a)}".strip())

    return st.sampled_from(sorted(FUNCS)).flatmap(call)


def _pipeline() -> st.SearchStrategy[str]:
    return st.tuples(_command(1), st.lists(_piped_call(), max_size=2)).map(
        lambda t: " | ".join([t[0], *t[1]])
    )


def _delims() -> st.SearchStrategy[tuple[str, str]]:
    left = st.sampled_from(["{{", "{{", "{{ ", "{{- ", "{{-\n", "{{-"])
    right = st.sampled_from(["}}", "}}", " }}", " -}}", "\t-}}", "-}}"])
    return st.tuples(left, right)


def _action(p: str) -> st.SearchStrategy[str]:
    return _delims().map(lambda d: f"{d[0]}{p}{d[1]}")


def _node(depth: int) -> st.SearchStrategy[str]:
    leaf = st.one_of(
        st.sampled_from(TEXTS),
        _pipeline().flatmap(_action),
        st.tuples(st.sampled_from(["$x := ", "$x = "]), _pipeline()).flatmap(lambda t: _action(t[0] + t[1])),
        st.just("{{/* c */}}"),
        st.just("{{- /* c */ -}}"),
    )
    if depth <= 0:
        return leaf
    body = st.lists(_node(depth - 1), max_size=3).map("".join)

    def control(kind: str) -> st.SearchStrategy[str]:
        head = _pipeline()
        if kind == "range":
            head = st.tuples(st.sampled_from(["", "$i, $v := ", "$v := "]), _pipeline()).map(
                lambda t: t[0] + t[1]
            )
        return st.tuples(_delims(), head, body, st.booleans(), body).map(
            lambda t: (
                f"{t[0][0]}{kind} {t[1]}{t[0][1]}{t[2]}" + ("{{else}}" + t[4] if t[3] else "") + "{{end}}"
            )
        )

    return st.one_of(leaf, leaf, st.sampled_from(["if", "with", "range"]).flatmap(control))


def _with_range_vars(body: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A range body that uses its variables and may break or continue."""
    extra = st.sampled_from(
        ["", "{{$i}}", "{{$v}}", "{{if $i}}{{break}}{{end}}", "{{continue}}", "{{$x = $i}}"]
    )
    return st.tuples(body, extra).map(lambda t: t[0] + t[1])


def _extras(depth: int) -> st.SearchStrategy[str]:
    """else-if chains, else-with, templates and chained field access."""
    body = st.lists(_node(depth), max_size=2).map("".join)
    return st.one_of(
        st.tuples(_pipeline(), body, _pipeline(), body, body).map(
            lambda t: f"{{{{if {t[0]}}}}}{t[1]}{{{{else if {t[2]}}}}}{t[3]}{{{{else}}}}{t[4]}{{{{end}}}}"
        ),
        st.tuples(_pipeline(), body, _pipeline(), body).map(
            lambda t: f"{{{{with {t[0]}}}}}{t[1]}{{{{else with {t[2]}}}}}{t[3]}{{{{end}}}}"
        ),
        st.tuples(_pipeline(), _with_range_vars(body)).map(
            lambda t: f"{{{{range $i, $v := {t[0]}}}}}{t[1]}{{{{end}}}}"
        ),
        st.tuples(body, _pipeline()).map(lambda t: f'{{{{block "b" {t[1]}}}}}{t[0]}{{{{end}}}}'),
        st.tuples(_command(0), st.sampled_from([".a", ".c.d", ".Name", ".x", ".OldValue"])).map(
            lambda t: f"{{{{({t[0]}){t[1]}}}}}"
        ),
    )


def _template() -> st.SearchStrategy[str]:
    parts = st.one_of(_node(2), _extras(1))
    return st.lists(parts, min_size=1, max_size=4).map(lambda ns: "{{$x := 0}}" + "".join(ns))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(st.lists(_template(), min_size=40, max_size=40))
def test_generated_templates_match_go(templates: list[str]) -> None:
    bad = mismatches([(t, DATA) for t in templates])
    assert not bad, "\n".join(bad[:5])


#: Pieces of template syntax, valid and not, for the lexer and parser to agree on.
SOUP = [
    "{{",
    "}}",
    "{{- ",
    " -}}",
    "{{-",
    "-}}",
    " ",
    "\n",
    "\t",
    "-",
    ".",
    ".a",
    ".name",
    "$",
    "$x",
    "$y",
    "(",
    ")",
    "|",
    ",",
    ":=",
    "=",
    '"',
    '"s"',
    "`",
    "`r`",
    "'",
    "'c'",
    "1",
    "-2",
    "1.5",
    "0x",
    "e",
    "/*",
    "*/",
    "{{/*",
    "*/}}",
    "if",
    "else",
    "end",
    "range",
    "with",
    "define",
    "template",
    "block",
    "break",
    "continue",
    "nil",
    "true",
    "upper",
    "printf",
    "len",
    "x",
    "é",
    "#",
    "\\",
    "}",
    "{",
]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(st.lists(st.lists(st.sampled_from(SOUP), max_size=14).map("".join), min_size=60, max_size=60))
def test_token_soup_is_judged_as_go(templates: list[str]) -> None:
    """Arbitrary sequences of template syntax: Go and Python accept and reject the same ones."""
    bad = mismatches([(t, DATA) for t in templates])
    assert not bad, "\n".join(bad[:5])


#: Argument operands for calling every function with arguments right and wrong.
ARGS = [
    '"s"',
    '"a,b"',
    '""',
    '"1.5"',
    '"12"',
    '"-3"',
    '" x "',
    '"é"',
    '"1.2.3"',
    '"^1"',
    '"a.b"',
    '"[a-c]+"',
    '"$1"',
    "0",
    "1",
    "2",
    "-1",
    "3",
    "1.5",
    "-2.5",
    "0.0",
    "true",
    "false",
    "nil",
    "'c'",
    "1e3",
    "0x10",
    ".name",
    ".n",
    ".zero",
    ".f",
    ".neg",
    ".t",
    ".s",
    ".empty",
    ".nil",
    ".missing",
    ".list",
    ".strs",
    ".mixed",
    ".elist",
    ".emap",
    ".m",
    ".m.c",
    ".uni",
    ".multi",
    ".AutomationObject",
    "(list 1 2)",
    "(list)",
    '(list "b" "a")',
    '(dict "a" 1)',
    "(dict)",
    "(add 1 2)",
    '(splitList "," "a,b")',
]
#: Random, or order-dependent over Go's random map order, or failing on purpose.
UNCOMPARABLE = {"randInt", "shuffle", "fail", "call", "keys", "values"}


def _call() -> st.SearchStrategy[str]:
    from controllers.automation.gotemplate.sprig import func_map

    names = sorted(set(func_map()) - UNCOMPARABLE)
    args = st.lists(st.sampled_from(ARGS), max_size=3).map(" ".join)
    plain = st.tuples(st.sampled_from(names), args).map(lambda t: f"{{{{{t[0]} {t[1]}}}}}")
    piped = st.tuples(st.sampled_from(ARGS), st.sampled_from(names), args).map(
        lambda t: f"{{{{{t[0]} | {t[1]} {t[2]}}}}}"
    )
    return st.one_of(plain, plain, piped)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(st.lists(_call(), min_size=80, max_size=80))
def test_every_function_on_odd_arguments_matches_go(templates: list[str]) -> None:
    """Each builtin and sprig function with arguments of every kind: same result or both fail."""
    bad = mismatches([(t, DATA) for t in templates])
    assert not bad, "\n".join(bad[:5])


FLAGS = ["", "", "-", "+", "#", " ", "0", "-0", "+0", "# ", "0#"]
WIDTHS = ["", "", "1", "5", "8", "*", "[1]", "[2]*"]
PRECISIONS = ["", "", ".", ".0", ".2", ".5", ".*"]
VERBS = [*"vdsqxXobOcUtfeEgGT%", "+v", "z"]
PRINTED = [
    "0",
    "1",
    "-7",
    "255",
    "65",
    "3.5",
    "-0.25",
    "1e21",
    "1e-7",
    "123456.789",
    "true",
    "false",
    "nil",
    '"s"',
    '""',
    '"héllo"',
    '"a\\tb"',
    ".list",
    ".strs",
    ".m",
    ".mixed",
    ".nil",
    ".missing",
    ".AutomationObject",
    "(list)",
    "(add 1 2)",
    "(int64 -3)",
    "'x'",
    ".big",
    "0x1F600",
]


def _directive() -> st.SearchStrategy[str]:
    parts = st.tuples(
        st.sampled_from(FLAGS), st.sampled_from(WIDTHS), st.sampled_from(PRECISIONS), st.sampled_from(VERBS)
    )
    # %#v is Go syntax, which this engine renders without widths: left out
    return parts.filter(lambda p: not ("#" in p[0] and p[3] == "v")).map(lambda p: "%" + "".join(p))


def _printf() -> st.SearchStrategy[str]:
    fmt = st.lists(st.tuples(_directive(), st.sampled_from(["", "|", " "])), min_size=1, max_size=3).map(
        lambda ds: "".join(d + sep for d, sep in ds)
    )
    args = st.lists(st.sampled_from(PRINTED), max_size=4).map(" ".join)
    return st.tuples(fmt, args).map(lambda t: f'{{{{printf "{t[0]}" {t[1]}}}}}')


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(st.lists(_printf(), min_size=80, max_size=80))
def test_printf_directives_match_go(templates: list[str]) -> None:
    """fmt's flags, widths, precisions, argument indexes and verbs over values of every kind."""
    bad = mismatches([(t, DATA) for t in templates])
    assert not bad, "\n".join(bad[:5])
