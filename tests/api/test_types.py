"""Typed views: dict <-> dataclass round trips, tolerance, and the accessors controllers use."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from api import duration
from api.crd import all_kinds, kind_for
from api.image import v1
from api.image.v1.imagepolicy import ImagePolicySpec, ImageRef
from api.schema import Duration
from api.source.v1 import OCIRepository
from tests.api.samples import Sample, apply_defaults, crd_schema, load_samples

SAMPLES = load_samples()


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.id)
def test_typed_view_round_trips_every_sample(sample: Sample) -> None:
    """A typed view of an object as the server returns it (defaults applied) reads back
    as the same object."""
    cls = kind_for(sample.obj["apiVersion"], sample.obj["kind"])
    assert cls is not None, f"no type for {sample.obj['apiVersion']} {sample.obj['kind']}"
    served = apply_defaults(crd_schema(sample.obj["apiVersion"], sample.obj["kind"]), sample.obj)
    assert cls.from_dict(served).to_dict() == served


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.id)
def test_every_sample_is_valid_against_its_crd_schema(sample: Sample) -> None:
    from controller_runtime.apimachinery import schema as structural

    schema = crd_schema(sample.obj["apiVersion"], sample.obj["kind"])
    assert structural.validate(apply_defaults(schema, sample.obj), schema) == []
    pruned = apply_defaults(schema, sample.obj)
    assert structural.prune(pruned, schema) == []  # no field of the example is unknown


def test_every_group_version_kind_has_a_type() -> None:
    served = {(c.KIND.api_version, c.KIND.kind) for c in all_kinds()}
    for api_version in ("image.toolkit.fluxcd.io/v1", "image.toolkit.fluxcd.io/v1beta2"):
        for kind in ("ImageRepository", "ImagePolicy", "ImageUpdateAutomation"):
            assert (api_version, kind) in served
    assert ("image.toolkit.fluxcd.io/v1beta1", "ImageRepository") in served
    assert ("image.toolkit.fluxcd.io/v1beta1", "ImagePolicy") in served
    assert ("source.werf.io/v1", "OCIRepository") in served
    assert ("source.werf.io/v1beta2", "OCIRepository") in served
    assert ("source.toolkit.fluxcd.io/v1", "GitRepository") in served


def test_from_dict_tolerates_unknown_fields_and_wrong_shapes() -> None:
    obj: dict[str, Any] = {
        "apiVersion": "image.toolkit.fluxcd.io/v1",
        "kind": "ImageRepository",
        "metadata": {"name": "x", "namespace": "ns", "generation": 3, "managedFields": [{"a": 1}]},
        "spec": {"image": "alpine", "interval": "5m", "fromTheFuture": {"x": 1}, "exclusionList": "oops"},
        "status": {"lastScanResult": {"tagCount": 7, "newField": True}, "conditions": None},
    }
    repo = v1.ImageRepository.from_dict(obj)
    assert repo.spec.image == "alpine"
    assert repo.spec.exclusion_list == []
    assert repo.status.last_scan_result is not None and repo.status.last_scan_result.tag_count == 7
    assert repo.status.conditions == []
    assert (repo.name, repo.namespace, repo.generation) == ("x", "ns", 3)
    # metadata is kept whole: a controller patching it must not drop fields.
    assert repo.to_dict()["metadata"]["managedFields"] == [{"a": 1}]


def test_to_dict_omits_empty_fields_like_go_omitempty() -> None:
    repo = v1.ImageRepository(metadata={"name": "a"})
    repo.spec.image = "alpine"
    repo.spec.interval = Duration("1m")
    out = repo.to_dict()
    assert out["spec"] == {"image": "alpine", "interval": "1m", "provider": "generic"}
    assert "status" not in out


def test_image_repository_timeout_defaults_to_interval_and_floors_at_one_second() -> None:
    spec = v1.ImageRepository.from_dict({"spec": {"image": "a", "interval": "5m"}}).spec
    assert spec.get_interval() == timedelta(minutes=5)
    assert spec.get_timeout() == timedelta(minutes=5)
    spec = v1.ImageRepository.from_dict({"spec": {"image": "a", "interval": "5m", "timeout": "1m30s"}}).spec
    assert spec.get_timeout() == timedelta(seconds=90)
    spec = v1.ImageRepository.from_dict({"spec": {"image": "a", "interval": "500ms"}}).spec
    assert spec.get_timeout() == timedelta(seconds=1)


def test_image_repository_exclusion_list_default() -> None:
    spec = v1.ImageRepository.from_dict({"spec": {"image": "a", "interval": "5m"}}).spec
    assert spec.get_exclusion_list() == ["^.*\\.sig$"]
    # An explicitly empty list means the default too, as upstream's GetExclusionList (len == 0).
    spec = v1.ImageRepository.from_dict({"spec": {"image": "a", "interval": "5m", "exclusionList": []}}).spec
    assert spec.get_exclusion_list() == ["^.*\\.sig$"]
    repo = v1.ImageRepository.from_dict({"spec": {"image": "a", "interval": "5m", "exclusionList": ["x"]}})
    assert repo.spec.get_exclusion_list() == ["x"]


@pytest.mark.parametrize(
    ("policy", "interval", "expected"),
    [
        ("Always", None, timedelta(minutes=10)),
        ("Always", "30s", timedelta(seconds=30)),
        ("Always", "0s", timedelta(minutes=10)),
        ("IfNotPresent", "30s", timedelta(0)),
        ("Never", None, timedelta(0)),
    ],
)
def test_image_policy_digest_interval(policy: str, interval: str | None, expected: timedelta) -> None:
    spec: dict[str, Any] = {
        "imageRepositoryRef": {"name": "r"},
        "policy": {},
        "digestReflectionPolicy": policy,
    }
    if interval is not None:
        spec["interval"] = interval
    assert v1.ImagePolicy.from_dict({"spec": spec}).spec.get_interval() == expected


def test_image_policy_spec_defaults_match_crd_defaults() -> None:
    spec = ImagePolicySpec()
    assert spec.digest_reflection_policy == "Never"


def test_image_ref_string_form() -> None:
    assert str(ImageRef(name="ghcr.io/a/b", tag="1.0.0")) == "ghcr.io/a/b:1.0.0"
    assert str(ImageRef(name="a", tag="1", digest="sha256:ab")) == "a:1@sha256:ab"


def test_oci_repository_accessors() -> None:
    spec = OCIRepository.from_dict({"spec": {"url": "oci://r/a", "interval": "10m"}}).spec
    assert spec.get_timeout() == timedelta(seconds=60)
    assert spec.get_layer_operation() == "extract"
    spec = OCIRepository.from_dict(
        {
            "spec": {
                "url": "oci://r/a",
                "interval": "1h",
                "timeout": "2m",
                "layerSelector": {"operation": "copy"},
            }
        }
    ).spec
    assert spec.get_interval() == timedelta(hours=1)
    assert spec.get_timeout() == timedelta(minutes=2)
    assert spec.get_layer_operation() == "copy"
    verify = OCIRepository.from_dict(
        {"spec": {"verify": {"provider": "cosign", "matchOIDCIdentity": [{"issuer": "i", "subject": "s"}]}}}
    ).spec.verify
    assert verify is not None and verify.match_oidc_identity is not None
    assert verify.match_oidc_identity[0].issuer == "i"


@pytest.mark.parametrize(
    ("text", "expected", "formatted"),
    [
        ("1h", timedelta(hours=1), "1h0m0s"),
        ("5m0s", timedelta(minutes=5), "5m0s"),
        ("1m30s", timedelta(seconds=90), "1m30s"),
        ("500ms", timedelta(milliseconds=500), "500ms"),
        ("4m59.5s", timedelta(minutes=4, seconds=59.5), "4m59.5s"),
        ("0", timedelta(0), "0s"),
        ("90m", timedelta(minutes=90), "1h30m0s"),
        ("1.5h", timedelta(minutes=90), "1h30m0s"),
        ("-1m", timedelta(minutes=-1), "-1m0s"),
        (".5s", timedelta(milliseconds=500), "500ms"),
        ("1h0m0.25s", timedelta(hours=1, milliseconds=250), "1h0m0.25s"),
    ],
)
def test_duration_parse_and_format_in_go_syntax(text: str, expected: timedelta, formatted: str) -> None:
    assert duration.parse(text) == expected
    assert duration.format(expected) == formatted


@pytest.mark.parametrize("text", ["", "5", "5 minutes", "1d", "-", "1h-5m", "9999999999h"])
def test_duration_rejects_malformed_input_naming_it(text: str) -> None:
    with pytest.raises(ValueError) as info:
        duration.parse(text)
    assert f'"{text}"' in str(info.value)


def test_accessors_report_a_bad_stored_duration_clearly() -> None:
    """Objects written before a schema tightened may hold durations the CRD now refuses."""
    spec = v1.ImageRepository.from_dict({"spec": {"image": "a", "interval": "5 minutes"}}).spec
    with pytest.raises(duration.DurationError, match='"5 minutes"'):
        spec.get_interval()


def test_runtime_copies_of_the_api_constants_agree() -> None:
    """controller_runtime may not import api/ (it is generic), so it keeps its own copies of
    the Flux strings; they must stay the strings users match on."""
    from api import annotations, conditions
    from controller_runtime.fluxruntime import conditions as runtime_conditions
    from controller_runtime.fluxruntime import result
    from controllers.registry import errors as registry_errors

    pairs = [
        (runtime_conditions.READY, conditions.READY),
        (runtime_conditions.RECONCILING, conditions.RECONCILING),
        (runtime_conditions.STALLED, conditions.STALLED),
        (runtime_conditions.TRUE, conditions.TRUE),
        (runtime_conditions.FALSE, conditions.FALSE),
        (runtime_conditions.UNKNOWN, conditions.UNKNOWN),
        (runtime_conditions.SUCCEEDED_REASON, conditions.SUCCEEDED),
        (runtime_conditions.FAILED_REASON, conditions.FAILED),
        (runtime_conditions.PROGRESSING_REASON, conditions.PROGRESSING),
        (runtime_conditions.PROGRESSING_WITH_RETRY_REASON, conditions.PROGRESSING_WITH_RETRY),
        (result.RECONCILE_REQUEST_ANNOTATION, annotations.RECONCILE_REQUESTED_AT),
        (registry_errors.REASON_AUTHENTICATION_FAILED, conditions.AUTHENTICATION_FAILED),
        (registry_errors.REASON_READ_OPERATION_FAILED, conditions.READ_OPERATION_FAILED),
    ]
    assert [a for a, _ in pairs] == [b for _, b in pairs]
