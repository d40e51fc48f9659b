"""kubectl JSONPath: printer-column paths and ``-o jsonpath`` templates (client-go jsonpath cases)."""

from __future__ import annotations

from typing import Any

import pytest

from controller_runtime.apimachinery.jsonpath import JSONPathError, evaluate, parse

POLICY: dict[str, Any] = {
    "apiVersion": "image.toolkit.fluxcd.io/v1",
    "kind": "ImagePolicy",
    "metadata": {"name": "app", "labels": {"app.kubernetes.io/name": "web"}},
    "spec": {"imageRepositoryRef": {"name": "repo"}},
    "status": {
        "latestRef": {"name": "ghcr.io/x/app", "tag": "1.2.3"},
        "observedGeneration": 2,
        "conditions": [
            {"type": "Reconciling", "status": "False", "reason": "Succeeded"},
            {
                "type": "Ready",
                "status": "True",
                "reason": "Succeeded",
                "message": "Latest image tag resolved",
            },
        ],
    },
}

STORE = {
    "store": {
        "book": [
            {"category": "reference", "author": "Nigel Rees", "title": "Sayings", "price": 8.95},
            {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword", "price": 12.99},
            {"category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "price": 8.99},
        ],
        "bicycle": {"color": "red", "price": 19.95},
    }
}


@pytest.mark.parametrize(
    ("expr", "obj", "want"),
    [
        (".status.latestRef.tag", POLICY, ["1.2.3"]),
        ("{.status.latestRef.tag}", POLICY, ["1.2.3"]),
        ('.status.conditions[?(@.type=="Ready")].status', POLICY, ["True"]),
        ('.status.conditions[?(@.type=="Ready")].message', POLICY, ["Latest image tag resolved"]),
        ('.status.conditions[?(@.type!="Ready")].type', POLICY, ["Reconciling"]),
        (".status.conditions[0].type", POLICY, ["Reconciling"]),
        (".status.conditions[-1].type", POLICY, ["Ready"]),
        (".status.conditions[*].type", POLICY, ["Reconciling", "Ready"]),
        ("['metadata']['name']", POLICY, ["app"]),
        (".metadata.labels['app.kubernetes.io/name']", POLICY, ["web"]),
        ("$.spec.imageRepositoryRef.name", POLICY, ["repo"]),
        (".status.observedGeneration", POLICY, [2]),
        (".status.missing", POLICY, []),
        (".status.conditions[5].type", POLICY, []),
        (".store.book[*].author", STORE, ["Nigel Rees", "Evelyn Waugh", "Herman Melville"]),
        ("..author", STORE, ["Nigel Rees", "Evelyn Waugh", "Herman Melville"]),
        (".store.book[0:2].title", STORE, ["Sayings", "Sword"]),
        (".store.book[1:].title", STORE, ["Sword", "Moby Dick"]),
        (".store.book[?(@.price<10)].title", STORE, ["Sayings", "Moby Dick"]),
        (".store.book[?(@.price>10)].title", STORE, ["Sword"]),
        (".store.book[?(@.category=='fiction')].price", STORE, [12.99, 8.99]),
        (".store.bicycle['color','price']", STORE, ["red", 19.95]),
        (".store.book[0]['title','price']", STORE, ["Sayings", 8.95]),
    ],
)
def test_evaluate(expr: str, obj: Any, want: list[Any]) -> None:
    assert evaluate(expr, obj) == want


def test_templates_print_like_kubectl() -> None:
    lst = {"items": [POLICY, {"metadata": {"name": "other"}, "status": {"observedGeneration": 1}}]}
    tpl = parse('{range .items[*]}{.metadata.name}{"\\t"}{.status.observedGeneration}{"\\n"}{end}')
    assert tpl.execute(lst) == "app\t2\nother\t1\n"
    assert parse("name={.metadata.name} tag={.status.latestRef.tag}").execute(POLICY) == "name=app tag=1.2.3"
    assert parse("{.items[*].metadata.name}").execute(lst) == "app other"
    assert parse("{.status.latestRef}").execute(POLICY) == '{"name":"ghcr.io/x/app","tag":"1.2.3"}'


def test_missing_keys_error_when_not_allowed() -> None:
    strict = parse("{.status.nothing}", allow_missing_keys=False)
    with pytest.raises(JSONPathError, match="nothing is not found"):
        strict.find_results(POLICY)


@pytest.mark.parametrize("bad", ["{.a", "{.a[}", "{range .items[*]}{.x}", "{end}", "{.a[?(@.b==]}"])
def test_parse_errors(bad: str) -> None:
    with pytest.raises(JSONPathError):
        parse(bad)


def test_filters_compare_strings_lexically_and_numbers_numerically() -> None:
    items = {"items": [{"v": "b", "n": 10}, {"v": "a", "n": 9.5}, {"v": "c", "n": 2}]}
    assert evaluate(".items[?(@.v<'b')].v", items) == ["a"]
    assert evaluate(".items[?(@.v>='b')].v", items) == ["b", "c"]
    assert evaluate(".items[?(@.n>=9.5)].v", items) == ["b", "a"]
    assert evaluate(".items[?(@.n)].v", items) == ["b", "a", "c"]
    assert evaluate(".items[?(@.missing)].v", items) == []
