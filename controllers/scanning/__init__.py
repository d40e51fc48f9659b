"""What image scanning needs beyond the registry client: credentials and transport from a
repository's spec, exclusion-list filtering, and the resources a manager shares."""

from controllers.scanning.auth import AuthOptions, AuthOptionsError, auth_options
from controllers.scanning.exclusion import ExclusionError, compile_exclusions, exclude_in_place, filter_tags
from controllers.scanning.shared import ScanResources, scan_resources

__all__ = [
    "AuthOptions",
    "AuthOptionsError",
    "ExclusionError",
    "ScanResources",
    "auth_options",
    "compile_exclusions",
    "exclude_in_place",
    "filter_tags",
    "scan_resources",
]
