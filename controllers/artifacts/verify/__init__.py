"""Signature verification of OCI artifacts (`.spec.verify` of OCIRepository): cosign and notation.

The controller builds a verifier from the spec and its Secret, then calls `verify` with the
digest it is about to pull; VERIFIED sets SourceVerified=True, IGNORED sets no condition, and
VerificationError carries the message for SourceVerified=False.
"""

from controllers.artifacts.verify.base import VerificationError, Verifier, VerifyResult
from controllers.artifacts.verify.cosign import CosignVerifier, cosign_verifier
from controllers.artifacts.verify.notation import NotationVerifier, notation_verifier

__all__ = [
    "CosignVerifier",
    "NotationVerifier",
    "VerificationError",
    "Verifier",
    "VerifyResult",
    "cosign_verifier",
    "notation_verifier",
]
