"""The Git layer of the image automation controller, on the `git` CLI (asyncio subprocesses)."""

from controllers.git.auth import GitAuth, auth_from_secret, display_url
from controllers.git.errors import AuthError, GitError, NonFastForwardError
from controllers.git.repository import CheckoutRef, LocalClone, PushResult, SyncResult
from controllers.git.signing import CommitSigning, GpgSigning, SshSigning, signing_from_secret

__all__ = [
    "AuthError",
    "CheckoutRef",
    "CommitSigning",
    "GitAuth",
    "GitError",
    "GpgSigning",
    "LocalClone",
    "NonFastForwardError",
    "PushResult",
    "SshSigning",
    "SyncResult",
    "auth_from_secret",
    "display_url",
    "signing_from_secret",
]
