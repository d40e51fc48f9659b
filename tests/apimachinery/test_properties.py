"""Property tests across modules: canonical forms re-parse to the same selector; strategic merge
degenerates to JSON merge patch when no list or directive is involved."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from controller_runtime.apimachinery import fields, labels
from controller_runtime.apimachinery.merge_patch import apply_merge_patch
from controller_runtime.apimachinery.strategic_merge import apply_strategic_merge_patch, patch_meta_for

name = st.from_regex(r"[a-z0-9]([a-z0-9._-]{0,10}[a-z0-9])?", fullmatch=True)
key = st.one_of(
    name, st.builds(lambda p, n: f"{p}.io/{n}", st.from_regex(r"[a-z]{1,8}", fullmatch=True), name)
)
value = st.one_of(st.just(""), name)


def requirement() -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds(lambda k, v: f"{k}={v}", key, value),
        st.builds(lambda k, v: f"{k}=={v}", key, value),
        st.builds(lambda k, v: f"{k}!={v}", key, value),
        st.builds(lambda k: k, key),
        st.builds(lambda k: f"!{k}", key),
        st.builds(lambda k, vs: f"{k} in ({','.join(vs)})", key, st.lists(name, min_size=1, max_size=3)),
        st.builds(lambda k, vs: f"{k} notin ({','.join(vs)})", key, st.lists(name, min_size=1, max_size=3)),
        st.builds(lambda k, n: f"{k}>{n}", key, st.integers(0, 10**6)),
        st.builds(lambda k, n: f"{k}<{n}", key, st.integers(0, 10**6)),
    )


@given(st.lists(requirement(), max_size=4))
def test_label_selector_canonical_form_round_trips(reqs: list[str]) -> None:
    sel = labels.parse(",".join(reqs))
    again = labels.parse(str(sel))
    assert str(again) == str(sel)
    assert len(sel.requirements) == len(reqs)


@given(st.dictionaries(key, value, max_size=4))
def test_selector_from_set_matches_its_set(lbls: dict[str, str]) -> None:
    assert labels.selector_from_set(lbls).matches(lbls)


field_value = st.text(alphabet=st.sampled_from(list("ab,=\\ x")), max_size=6)


@given(st.dictionaries(st.sampled_from(["metadata.name", "type", "spec.x"]), field_value, max_size=3))
def test_field_selector_escaping_round_trips(pairs: dict[str, str]) -> None:
    sel = fields.selector_from_set(pairs)
    parsed = fields.parse(str(sel))
    assert parsed.matches(pairs)
    assert str(parsed) == str(sel)


scalar = st.one_of(st.integers(-3, 3), st.sampled_from(["a", "b"]), st.booleans())
tree = st.recursive(
    scalar, lambda inner: st.dictionaries(st.sampled_from(["x", "y", "z"]), inner, max_size=3), max_leaves=8
)
patch_tree = st.recursive(
    st.one_of(scalar, st.none()),
    lambda inner: st.dictionaries(st.sampled_from(["x", "y", "z"]), inner, max_size=3),
    max_leaves=8,
)


@given(
    st.dictionaries(st.sampled_from(["x", "y", "z"]), tree, max_size=3),
    st.dictionaries(st.sampled_from(["x", "y", "z"]), patch_tree, max_size=3),
)
def test_strategic_merge_equals_merge_patch_without_lists(doc: dict[str, Any], patch: dict[str, Any]) -> None:
    meta = patch_meta_for("v1", "ConfigMap")
    assert apply_strategic_merge_patch(doc, patch, meta) == apply_merge_patch(doc, patch)
