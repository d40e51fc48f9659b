"""ImageRepository image.toolkit.fluxcd.io/v1 (storage version)."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from api import duration
from api.meta import (
    AGE_COLUMN,
    READY_COLUMN,
    STATUS_COLUMN,
    SUSPEND_DOC,
    AccessFrom,
    Condition,
    KindInfo,
    LocalObjectReference,
    PrinterColumn,
    Resource,
    conditions_field,
    last_handled_field,
    observed_generation_field,
)
from api.schema import TIMEOUT_PATTERN, Duration, GoInt, Time, field, model

GROUP = "image.toolkit.fluxcd.io"
PROVIDERS = ("generic", "aws", "azure", "gcp")
DEFAULT_EXCLUSION_LIST = ["^.*\\.sig$"]


@model
class ImageRepositorySpec:
    """ImageRepositorySpec defines the parameters for scanning an image repository, e.g.,
    `fluxcd/flux`."""

    image: str = field(required=True, default="", doc="Image is the name of the image repository")
    interval: Duration = field(
        required=True, default=Duration(""),
        doc="Interval is the length of time to wait between scans of the image repository.",
    )
    timeout: Duration | None = field(
        default=None,
        pattern=TIMEOUT_PATTERN, doc="Timeout for image scanning. Defaults to 'Interval' duration."
    )
    secret_ref: LocalObjectReference | None = field(
        default=None,
        doc="SecretRef can be given the name of a secret containing credentials to use for the image "
        "registry."
    )
    proxy_secret_ref: LocalObjectReference | None = field(
        default=None,
        doc="ProxySecretRef specifies the Secret containing the proxy configuration to use while "
        "communicating with the container registry."
    )
    service_account_name: str | None = field(
        default=None,
        max_length=253,
        doc="ServiceAccountName is the name of the Kubernetes ServiceAccount used to authenticate the image "
        "pull "
        "if the service account has attached pull secrets.",
    )
    cert_secret_ref: LocalObjectReference | None = field(
        default=None,
        doc="CertSecretRef can be given the name of a Secret containing either or both of a PEM-encoded "
        "client "
        "certificate (`tls.crt`) and private key (`tls.key`), and a PEM-encoded CA certificate (`ca.crt`)."
    )
    suspend: bool = field(default=False, doc=SUSPEND_DOC)
    access_from: AccessFrom | None = field(
        default=None,
        doc="AccessFrom defines an ACL for allowing cross-namespace references to the ImageRepository object "
        "based on the caller's namespace labels."
    )
    exclusion_list: list[str] | None = field(
        default=None,
        server_default=DEFAULT_EXCLUSION_LIST, max_items=25,
        doc="ExclusionList is a list of regex strings used to exclude certain tags from being stored in the "
        "database.",
    )
    provider: str = field(
        server_default="generic", enum=PROVIDERS, default="generic",
        doc="The provider used for authentication, can be 'aws', 'azure', 'gcp' or 'generic'.",
    )
    insecure: bool = field(
        default=False, doc="Insecure allows connecting to a non-TLS HTTP container registry."
    )


    def get_interval(self) -> timedelta:
        return duration.parse(self.interval)

    def get_timeout(self) -> timedelta:
        """The scan timeout: `.spec.timeout`, else the interval, never below one second."""
        timeout = duration.parse(self.timeout) if self.timeout else self.get_interval()
        return max(timeout, timedelta(seconds=1))

    def get_exclusion_list(self) -> list[str]:
        """The exclusion list in effect: the default when the field is absent *or* empty.

        The server defaults only an absent field, so an explicit ``exclusionList: []`` reaches
        the controller; upstream treats it as the default too (``len == 0``), and so does the
        status' ``observedExclusionList``.
        """
        return list(self.exclusion_list) if self.exclusion_list else list(DEFAULT_EXCLUSION_LIST)


@model
class ScanResult:
    """ScanResult contains information about the last scan of the image repository."""

    revision: str = field(default="")
    tag_count: GoInt = field(required=True, default=GoInt(0), omitempty=False)
    scan_time: Time | None = field(default=None, omitempty=False)
    latest_tags: list[str] | None = field(default=None)


@model
class ImageRepositoryStatus:
    """ImageRepositoryStatus defines the observed state of ImageRepository"""

    conditions: list[Condition] = conditions_field()
    observed_generation: int = observed_generation_field()
    canonical_image_name: str | None = field(
        default=None,
        doc="CanonicalName is the name of the image repository with all the implied bits made explicit; "
        "e.g., `docker.io/library/alpine` rather than `alpine`."
    )
    last_scan_result: ScanResult | None = field(
        default=None, doc="LastScanResult contains the number of fetched tags."
    )
    observed_exclusion_list: list[str] | None = field(
        default=None,
        doc="ObservedExclusionList is a list of observed exclusion list. It reflects the exclusion rules "
        "used "
        "for the observed scan result in spec.lastScanResult."
    )
    last_handled_reconcile_at: str | None = last_handled_field()


KIND = KindInfo(
    group=GROUP, version="v1", kind="ImageRepository", plural="imagerepositories",
    singular="imagerepository", short_names=("imgrepo", "imagerepo"),
    categories=("all", "fluxcd", "fluxcd-images"), storage=True,
    printer_columns=(
        PrinterColumn("Image", ".spec.image"),
        PrinterColumn("Tags", ".status.lastScanResult.tagCount"),
        READY_COLUMN, STATUS_COLUMN,
        PrinterColumn("Last scan", ".status.lastScanResult.scanTime", priority=1),
        AGE_COLUMN,
    ),
    description="ImageRepository is the Schema for the imagerepositories API",
)


@model
class ImageRepository(Resource):
    """ImageRepository is the Schema for the imagerepositories API"""

    KIND: ClassVar[KindInfo] = KIND

    spec: ImageRepositorySpec = field(default_factory=ImageRepositorySpec)
    status: ImageRepositoryStatus = field(
        server_default={"observedGeneration": -1}, default_factory=ImageRepositoryStatus
    )
