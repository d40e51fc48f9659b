"""The leak check itself: a grep that missed encoded secrets, or passed on empty sinks, would let
every other test in this package pass whatever the product printed."""

from __future__ import annotations

import base64
import json

import pytest

from tests.security import leaks
from tests.security.leaks import SecretBook, b64_forms, new_secret, verdict


@pytest.mark.parametrize("prefix", ["", "a", "ab", "abc", '{"auths": {"h": {"password": "'])
def test_a_secret_is_found_inside_any_base64_blob(prefix: str) -> None:
    """Whatever its offset in the encoded document (a `.dockerconfigjson`), some form matches."""
    secret = new_secret()
    blob = base64.b64encode(f'{prefix}{secret}"}}}}'.encode()).decode()
    assert any(form in blob for form in b64_forms(secret))


def test_verdict_records_then_fails_on_a_leak(monkeypatch: pytest.MonkeyPatch) -> None:
    rows: list[tuple[str, int, int, int]] = []
    monkeypatch.setattr(leaks, "record", lambda k, c, s, lost: rows.append((k, c, s, lost)))
    book = SecretBook()
    secret = book.new("planted")
    book.basic("password", "robot", new_secret())
    sinks = {"status": json.dumps({"message": f"401 for {secret}"}), "logs": "401 unauthorized"}
    with pytest.raises(AssertionError, match="planted in status"):
        verdict("self-test", book, sinks, {"status": ["401"]})
    cases = len(book.forms()) * 2
    assert rows == [("self-test", cases, cases - 1, 1)]


def test_verdict_refuses_vacuous_sinks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(leaks, "record", lambda *args: None)
    book = SecretBook()
    book.new("unused")
    with pytest.raises(AssertionError, match="nothing collected"):
        verdict("self-test", book, {"logs": "  \n"}, {})
    with pytest.raises(AssertionError, match="do not show the failures"):
        verdict("self-test", book, {"logs": "all good"}, {"logs": ["401"]})
    verdict("self-test", book, {"logs": "", "status": "401"}, {"status": ["401"]}, may_be_empty=["logs"])
