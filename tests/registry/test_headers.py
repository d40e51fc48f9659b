"""WWW-Authenticate, Link (same-origin only) and Retry-After parsing."""

from __future__ import annotations

import datetime

import pytest

from controllers.registry.headers import (
    ForeignLinkError,
    next_page_url,
    parse_challenges,
    pick_challenge,
    retry_after_seconds,
)


def test_bearer_challenge_with_quoted_commas() -> None:
    header = ('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",'
              'scope="repository:samalba/my-app:pull,push"')
    c = pick_challenge(header)
    assert c is not None and c.scheme == "bearer"
    assert c.realm == "https://auth.docker.io/token"
    assert c.service == "registry.docker.io"
    assert c.scope == "repository:samalba/my-app:pull,push"


def test_several_challenges_prefer_bearer() -> None:
    header = 'Basic realm="Registry", Bearer realm="https://t.example/token", service="s"'
    challenges = parse_challenges(header)
    assert [c.scheme for c in challenges] == ["basic", "bearer"]
    chosen = pick_challenge(header)
    assert chosen is not None and chosen.realm == "https://t.example/token"
    assert pick_challenge('Basic realm="Registry Realm"') is not None
    assert pick_challenge('Negotiate abc') is None
    assert pick_challenge("") is None


BASE = "https://registry.example.com:5000/v2/org/app/tags/list?n=100"


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        (None, None),
        ("", None),
        ('</v2/org/app/tags/list?n=100&last=b>; rel="next"',
         "https://registry.example.com:5000/v2/org/app/tags/list?n=100&last=b"),
        ("</v2/org/app/tags/list?last=b>; rel=next",
         "https://registry.example.com:5000/v2/org/app/tags/list?last=b"),
        ('<https://registry.example.com:5000/v2/org/app/tags/list?last=c>; rel="next"',
         "https://registry.example.com:5000/v2/org/app/tags/list?last=c"),
        ('</v2/first>; rel="prev", </v2/second>; rel="next"', "https://registry.example.com:5000/v2/second"),
        ("</v2/org/app/tags/list?last=z>", "https://registry.example.com:5000/v2/org/app/tags/list?last=z"),
    ],
)
def test_next_page(link: str | None, expected: str | None) -> None:
    assert next_page_url(link, BASE) == expected


@pytest.mark.parametrize(
    "link",
    [
        '<https://evil.example.com/v2/org/app/tags/list?last=b>; rel="next"',
        '<http://registry.example.com:5000/v2/org/app/tags/list?last=b>; rel="next"',  # scheme downgrade
        '<https://registry.example.com:5001/v2/org/app/tags/list?last=b>; rel="next"',  # other port
        '<https://registry.example.com/v2/org/app/tags/list?last=b>; rel="next"',  # default port 443
        '<//evil.example.com/v2/x>; rel="next"',
    ],
)
def test_links_to_other_origins_are_refused(link: str) -> None:
    with pytest.raises(ForeignLinkError):
        next_page_url(link, BASE)


def test_default_ports_are_the_same_origin() -> None:
    current = "https://ghcr.io/v2/a/b/tags/list"
    assert next_page_url('<https://ghcr.io:443/v2/a/b/tags/list?last=x>; rel="next"', current)


def test_retry_after_forms() -> None:
    now = datetime.datetime(2026, 1, 1, 12, 0, 0, tzinfo=datetime.UTC)
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds(" 0 ") == 0.0
    assert retry_after_seconds("Thu, 01 Jan 2026 12:00:30 GMT", now=now) == 30.0
    assert retry_after_seconds("Thu, 01 Jan 2026 11:00:00 GMT", now=now) == 0.0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None
