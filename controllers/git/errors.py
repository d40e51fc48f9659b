"""Errors of the Git layer; every message is already redacted when raised."""

from __future__ import annotations


class GitError(Exception):
    """A Git operation failed (clone, fetch, commit, push, signing)."""


class AuthError(GitError):
    """The credentials are unusable or were refused, or the server's identity did not check out."""


class NonFastForwardError(GitError):
    """The remote branch moved since it was fetched; the caller should sync again and redo its change."""

    def __init__(self, message: str, branch: str) -> None:
        super().__init__(message)
        self.branch = branch
