"""OCIRepository source.werf.io/v1 (storage version)."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from api import duration
from api.meta import (
    AGE_COLUMN,
    READY_COLUMN,
    STATUS_COLUMN,
    SUSPEND_DOC,
    Artifact,
    Condition,
    KindInfo,
    LocalObjectReference,
    PrinterColumn,
    Resource,
    conditions_field,
    last_handled_field,
    observed_generation_field,
)
from api.schema import TIMEOUT_PATTERN, Duration, field, model

GROUP = "source.werf.io"
PROVIDERS = ("generic", "aws", "azure", "gcp")
LAYER_OPERATIONS = ("extract", "copy")
LAYER_EXTRACT = "extract"
LAYER_COPY = "copy"
VERIFY_PROVIDERS = ("cosign", "notation")
DEFAULT_TIMEOUT = "60s"
DEFAULT_TAG = "latest"
URL_PATTERN = "^oci://.*$"


@model
class OCIRepositoryRef:
    """OCIRepositoryRef defines the image reference for the OCIRepository's URL"""

    digest: str | None = field(
        default=None,
        doc="Digest is the image digest to pull, takes precedence over SemVer. The value should be in the "
        "format 'sha256:<HASH>'."
    )
    semver: str | None = field(
        default=None,
        doc="SemVer is the range of tags to pull selecting the latest within the range, takes precedence "
        "over Tag."
    )
    semver_filter: str | None = field(
        default=None,
        doc="SemverFilter is a regex pattern to filter the tags within the SemVer range."
    )
    tag: str | None = field(default=None, doc="Tag is the image tag to pull, defaults to latest.")


@model
class OCILayerSelector:
    """OCILayerSelector specifies which layer should be extracted from an OCI Artifact"""

    media_type: str | None = field(
        default=None,
        doc="MediaType specifies the OCI media type of the layer which should be extracted from the OCI "
        "Artifact. The first layer matching this type is selected."
    )
    operation: str | None = field(
        default=None,
        enum=LAYER_OPERATIONS,
        doc="Operation specifies how the selected layer should be processed. By default, the layer "
        "compressed "
        "content is extracted to storage. When the operation is set to 'copy', the layer compressed content "
        "is "
        "persisted to storage as it is.",
    )


@model
class OIDCIdentityMatch:
    """OIDCIdentityMatch specifies options for verifying the certificate identity, i.e. the issuer
    and the subject of the certificate."""

    issuer: str = field(
        required=True, default="",
        doc="Issuer specifies the regex pattern to match against to verify the OIDC issuer in the Fulcio "
        "certificate. The pattern must be a valid Go regular expression.",
    )
    subject: str = field(
        required=True, default="",
        doc="Subject specifies the regex pattern to match against to verify the identity subject in the "
        "Fulcio "
        "certificate. The pattern must be a valid Go regular expression.",
    )


@model
class OCIRepositoryVerification:
    """OCIRepositoryVerification verifies the authenticity of an OCI Artifact"""

    provider: str = field(
        required=True, server_default="cosign", enum=VERIFY_PROVIDERS, default="cosign",
        doc="Provider specifies the technology used to sign the OCI Artifact.",
    )
    secret_ref: LocalObjectReference | None = field(
        default=None,
        doc="SecretRef specifies the Kubernetes Secret containing the trusted public keys."
    )
    match_oidc_identity: list[OIDCIdentityMatch] | None = field(
        default=None,
        json="matchOIDCIdentity",
        doc="MatchOIDCIdentity specifies the identity matching criteria to use while verifying an OCI "
        "artifact "
        "which was signed using Cosign keyless signing. The artifact's identity is deemed to be verified if "
        "any "
        "of the specified matchers match against the identity.",
    )


@model
class OCIRepositorySpec:
    """OCIRepositorySpec defines the desired state of OCIRepository"""

    url: str = field(
        required=True, default="", pattern=URL_PATTERN,
        doc="URL is a reference to an OCI artifact repository hosted on a remote container registry.",
    )
    ref: OCIRepositoryRef | None = field(
        default=None,
        doc="The OCI reference to pull and monitor for changes, defaults to the latest tag."
    )
    layer_selector: OCILayerSelector | None = field(
        default=None,
        doc="LayerSelector specifies which layer should be extracted from the OCI artifact. When not "
        "specified, "
        "the first layer found in the artifact is selected."
    )
    provider: str = field(
        server_default="generic", enum=PROVIDERS, default="generic",
        doc="The provider used for authentication, can be 'aws', 'azure', 'gcp' or 'generic'. When not "
        "specified, defaults to 'generic'.",
    )
    secret_ref: LocalObjectReference | None = field(
        default=None,
        doc="SecretRef contains the secret name containing the registry login credentials to resolve image "
        "metadata. The secret must be of type kubernetes.io/dockerconfigjson."
    )
    verify: OCIRepositoryVerification | None = field(
        default=None,
        doc="Verify contains the secret name containing the trusted public keys used to verify the signature "
        "and specifies which provider to use to check whether OCI image is authentic."
    )
    service_account_name: str | None = field(
        default=None,
        doc="ServiceAccountName is the name of the Kubernetes ServiceAccount used to authenticate the image "
        "pull "
        "if the service account has attached pull secrets."
    )
    cert_secret_ref: LocalObjectReference | None = field(
        default=None,
        doc="CertSecretRef can be given the name of a Secret containing either or both of a PEM-encoded "
        "client "
        "certificate (`tls.crt`) and private key (`tls.key`), and a PEM-encoded CA certificate (`ca.crt`)."
    )
    proxy_secret_ref: LocalObjectReference | None = field(
        default=None,
        doc="ProxySecretRef specifies the Secret containing the proxy configuration to use while "
        "communicating "
        "with the container registry."
    )
    interval: Duration = field(
        required=True, default=Duration(""),
        doc="Interval at which the OCIRepository URL is checked for updates.",
    )
    timeout: Duration | None = field(
        default=None,
        server_default=DEFAULT_TIMEOUT, pattern=TIMEOUT_PATTERN,
        doc="The timeout for remote OCI Repository operations like pulling, defaults to 60s.",
    )
    ignore: str | None = field(
        default=None,
        doc="Ignore overrides the set of excluded patterns in the .sourceignore format (which is the same as "
        ".gitignore). If not provided, a default will be used, consult the documentation for your version to "
        "find out what those are."
    )
    insecure: bool = field(
        default=False, doc="Insecure allows connecting to a non-TLS HTTP container registry."
    )
    suspend: bool = field(default=False, doc=SUSPEND_DOC)

    def get_interval(self) -> timedelta:
        return duration.parse(self.interval)

    def get_timeout(self) -> timedelta:
        """The timeout for registry operations (60s when unset)."""
        return duration.parse(self.timeout or DEFAULT_TIMEOUT)

    def get_layer_operation(self) -> str:
        op = self.layer_selector.operation if self.layer_selector else None
        return op or LAYER_EXTRACT


@model
class OCIRepositoryStatus:
    """OCIRepositoryStatus defines the observed state of OCIRepository"""

    observed_generation: int = observed_generation_field()
    conditions: list[Condition] = conditions_field()
    url: str | None = field(
        default=None,
        doc="URL is the download link for the artifact output of the last OCI Repository sync."
    )
    artifact: Artifact | None = field(
        default=None,
        doc="Artifact represents the output of the last successful OCI Repository sync."
    )
    observed_ignore: str | None = field(
        default=None,
        doc="ObservedIgnore is the observed exclusion patterns used for constructing the source artifact."
    )
    observed_layer_selector: OCILayerSelector | None = field(
        default=None,
        doc="ObservedLayerSelector is the observed layer selector used for constructing the source artifact."
    )
    last_handled_reconcile_at: str | None = last_handled_field()


KIND = KindInfo(
    group=GROUP, version="v1", kind="OCIRepository", plural="ocirepositories", singular="ocirepository",
    short_names=("ocirepo",), categories=("all", "fluxcd", "fluxcd-sources"), storage=True,
    printer_columns=(PrinterColumn("URL", ".spec.url"), AGE_COLUMN, READY_COLUMN, STATUS_COLUMN),
    description="OCIRepository is the Schema for the ocirepositories API",
)


@model
class OCIRepository(Resource):
    """OCIRepository is the Schema for the ocirepositories API"""

    KIND: ClassVar[KindInfo] = KIND

    spec: OCIRepositorySpec = field(default_factory=OCIRepositorySpec)
    status: OCIRepositoryStatus = field(
        server_default={"observedGeneration": -1}, default_factory=OCIRepositoryStatus
    )
