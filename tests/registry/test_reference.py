"""`.spec.image` parsing: canonical names and the exact messages users see (ImageURLInvalid)."""

from __future__ import annotations

import pytest

from controllers.registry import InvalidImageError, parse_image


@pytest.mark.parametrize(
    ("image", "canonical"),
    [
        ("alpine", "index.docker.io/library/alpine"),
        ("stefanprodan/podinfo", "index.docker.io/stefanprodan/podinfo"),
        ("docker.io/alpine", "index.docker.io/library/alpine"),
        ("docker.io/org/image", "index.docker.io/org/image"),
        ("index.docker.io/org/image", "index.docker.io/org/image"),
        ("ghcr.io/stefanprodan/podinfo", "ghcr.io/stefanprodan/podinfo"),
        ("registry.example.com:5000/team/app", "registry.example.com:5000/team/app"),
        ("localhost:5000/foo", "localhost:5000/foo"),
        ("127.0.0.1:5000/a/b/c/d", "127.0.0.1:5000/a/b/c/d"),
        ("[::1]:5000/foo", "[::1]:5000/foo"),
        # go-containerregistry (and so Flux) only treats a first segment with '.' or ':' as a host.
        ("localhost/foo", "index.docker.io/localhost/foo"),
        ("123456789012.dkr.ecr.us-east-1.amazonaws.com/app-name",
         "123456789012.dkr.ecr.us-east-1.amazonaws.com/app-name"),
        ("region-docker.pkg.dev/project-id/repo/app-name", "region-docker.pkg.dev/project-id/repo/app-name"),
        ("my_org/under_score-app", "index.docker.io/my_org/under_score-app"),
    ],
)
def test_canonical_names(image: str, canonical: str) -> None:
    ref = parse_image(image)
    assert ref.name == canonical == str(ref)


@pytest.mark.parametrize(
    ("image", "message"),
    [
        ("https://ghcr.io/stefanprodan/podinfo",
         "image 'https://ghcr.io/stefanprodan/podinfo' should not include URL scheme; remove 'https://'"),
        ("oci://example.com/x", "image 'oci://example.com/x' should not include URL scheme; remove 'oci://'"),
        ("alpine:3.1", "image 'alpine:3.1' should not include a tag; remove ':3.1'"),
        ("ghcr.io/stefanprodan/podinfo:6.2.0",
         "image 'ghcr.io/stefanprodan/podinfo:6.2.0' should not include a tag; remove ':6.2.0'"),
        ("localhost:5000/foo:bar", "image 'localhost:5000/foo:bar' should not include a tag; remove ':bar'"),
        ("ghcr.io/stefanprodan/podinfo:foo:bar",
         "could not parse reference: ghcr.io/stefanprodan/podinfo:foo:bar"),
        ("UPPER/case", "could not parse reference: UPPER/case"),
        ("a", "could not parse reference: a"),
        ("", "could not parse reference: "),
        ("alpine@sha256:abc", "could not parse reference: alpine@sha256:abc"),
        ("alpine@sha256:" + "a" * 64, f"image 'alpine@sha256:{'a' * 64}' should not include a tag; "
                                      f"remove ':{'a' * 64}'"),
        ("user@host.com/foo", "could not parse reference: user@host.com/foo"),
        # Lookout stalls what no connection could reach (upstream fails every scan instead).
        ("localhost:99999/app", "could not parse reference: localhost:99999/app: port 99999 out of range"),
        ("../../etc/passwd", "could not parse reference: ../../etc/passwd: '..' is not a valid host name"),
        ("a..b.io/app", "could not parse reference: a..b.io/app: 'a..b.io' is not a valid host name"),
    ],
)
def test_invalid_images(image: str, message: str) -> None:
    with pytest.raises(InvalidImageError) as exc:
        parse_image(image)
    assert str(exc.value) == message == exc.value.message


def test_parts_and_plain_http_rules() -> None:
    ref = parse_image("registry.example.com:5000/team/app")
    assert (ref.registry, ref.repository, ref.hostname, ref.port) == (
        "registry.example.com:5000", "team/app", "registry.example.com", "5000"
    )
    assert not ref.allows_plain_http
    assert parse_image("registry.example.com/team/app", insecure=True).allows_plain_http
    assert parse_image("127.0.0.1:5000/app").allows_plain_http
    assert parse_image("10.1.2.3/team/app").allows_plain_http
    assert parse_image("localhost:5000/app").allows_plain_http
    assert not parse_image("8.8.8.8/team/app").allows_plain_http
    assert ref.with_tag("1.0") == "registry.example.com:5000/team/app:1.0"


@pytest.mark.parametrize(
    "image", ["https://alice:s3cret-pw@ghcr.io/org/app", "alice:s3cret-pw@ghcr.io/org/app"]
)
def test_a_password_typed_into_the_image_is_never_echoed(image: str) -> None:
    with pytest.raises(InvalidImageError) as info:
        parse_image(image)
    assert "s3cret-pw" not in str(info.value)
    assert "alice:xxxxx@ghcr.io/org/app" in str(info.value)


def test_a_token_typed_as_the_user_after_a_scheme_is_never_echoed() -> None:
    with pytest.raises(InvalidImageError) as info:
        parse_image("https://ghp_t0ken-value@ghcr.io/org/app")
    assert str(info.value) == (
        "image 'https://xxxxx@ghcr.io/org/app' should not include URL scheme; remove 'https://'"
    )
