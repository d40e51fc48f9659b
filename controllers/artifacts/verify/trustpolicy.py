"""Notation trust policy documents (`trustpolicy.json`, version 1.0): parse, validate, apply.

The semantics are the Notary Project's: a statement applies to the repositories in its
`registryScopes` (`*` covers any repository without its own statement); its verification level
says what each check does when it fails, `enforce` (the signature is rejected), `log` (only
logged) or `skip` (not run):

    level        integrity  authenticity  authenticTimestamp  expiry   revocation
    strict       enforce    enforce       enforce             enforce  enforce
    permissive   enforce    enforce       log                 log      log
    audit        enforce    log           log                 log      log
    skip         skip       skip          skip                skip     skip

`override` may change any check but integrity. As in Flux, `skip` statements have their trust
stores and identities ignored rather than rejected, and every certificate of the Secret makes up
every named trust store, so `trustStores` is only checked for form.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

INTEGRITY = "integrity"
AUTHENTICITY = "authenticity"
AUTHENTIC_TIMESTAMP = "authenticTimestamp"
EXPIRY = "expiry"
REVOCATION = "revocation"
CHECKS = (INTEGRITY, AUTHENTICITY, AUTHENTIC_TIMESTAMP, EXPIRY, REVOCATION)

ENFORCE, LOG, SKIP = "enforce", "log", "skip"
LEVELS: dict[str, dict[str, str]] = {
    "strict": dict.fromkeys(CHECKS, ENFORCE),
    "permissive": {
        INTEGRITY: ENFORCE,
        AUTHENTICITY: ENFORCE,
        AUTHENTIC_TIMESTAMP: LOG,
        EXPIRY: LOG,
        REVOCATION: LOG,
    },
    "audit": {INTEGRITY: ENFORCE, AUTHENTICITY: LOG, AUTHENTIC_TIMESTAMP: LOG, EXPIRY: LOG, REVOCATION: LOG},
    "skip": dict.fromkeys(CHECKS, SKIP),
}
_STORE_TYPES = ("ca", "signingAuthority", "tsa")
# RFC 4514 attribute names notation accepts in `x509.subject:` identities (plus dotted OIDs).
_SUBJECT_PREFIX = "x509.subject:"
_REQUIRED_DN_ATTRIBUTES = ("C", "ST", "O")


class TrustPolicyError(ValueError):
    """The trust policy document is malformed or does not apply; the message says why."""


@dataclass(frozen=True)
class Statement:
    name: str
    scopes: tuple[str, ...]
    level: str
    actions: Mapping[str, str]
    trust_stores: tuple[str, ...]
    #: None means `*` (any identity); otherwise the subject DNs, each as attribute -> value.
    identities: tuple[Mapping[str, str], ...] | None


@dataclass(frozen=True)
class TrustPolicy:
    statements: tuple[Statement, ...] = field(default_factory=tuple)

    def statement_for(self, repository: str) -> Statement:
        """The statement whose scope names `repository` (`host[:port]/path`), else the `*` one."""
        wildcard = None
        for st in self.statements:
            if repository in st.scopes:
                return st
            if "*" in st.scopes:
                wildcard = st
        if wildcard is None:
            raise TrustPolicyError(
                f"artifact '{repository}' has no applicable trust policy statement: "
                "no registryScopes entry matches it and none is '*'"
            )
        return wildcard


def parse(raw: bytes) -> TrustPolicy:
    """A validated policy from the Secret's `trustpolicy.json`."""
    try:
        doc = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as e:
        raise TrustPolicyError(f"error occurred while parsing trustpolicy.json: {e}") from None
    if not isinstance(doc, dict):
        raise TrustPolicyError("error occurred while parsing trustpolicy.json: not a JSON object")
    version = doc.get("version")
    if not version:
        raise TrustPolicyError("trust policy document has empty version, version must be specified")
    if version != "1.0":
        raise TrustPolicyError(f"trust policy document uses unsupported version {version!r}")
    raw_statements = doc.get("trustPolicies")
    if not isinstance(raw_statements, list) or not raw_statements:
        raise TrustPolicyError("trust policy document can not have zero trust policy statements")
    statements: list[Statement] = []
    names: set[str] = set()
    scopes_seen: set[str] = set()
    for raw_st in raw_statements:
        st = _statement(raw_st)
        if st.name in names:
            raise TrustPolicyError(f"multiple trust policy statements use the same name {st.name!r}")
        names.add(st.name)
        for scope in st.scopes:
            if scope in scopes_seen:
                what = "wildcard" if scope == "*" else f"registry scope {scope!r}"
                raise TrustPolicyError(f"{what} is present in multiple trust policy statements")
            scopes_seen.add(scope)
        statements.append(st)
    return TrustPolicy(tuple(statements))


def _strings(value: Any, what: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TrustPolicyError(f"{what} must be a list of strings")
    return list(value)


def _statement(raw: Any) -> Statement:
    if not isinstance(raw, dict):
        raise TrustPolicyError("a trust policy statement must be a JSON object")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise TrustPolicyError("a trust policy statement is missing a name, every statement requires a name")
    scopes = _strings(raw.get("registryScopes"), f"trust policy statement {name!r} registryScopes")
    if not scopes:
        raise TrustPolicyError(
            f"trust policy statement {name!r} has zero registry scopes, it must specify "
            "registry scopes with at least one value"
        )
    if "*" in scopes and len(scopes) > 1:
        raise TrustPolicyError(
            f"trust policy statement {name!r} uses wildcard registry scope '*', "
            "a wildcard scope cannot be used in conjunction with other scope values"
        )
    for scope in scopes:
        if scope != "*" and not _valid_scope(scope):
            raise TrustPolicyError(
                f"registry scope {scope!r} is not valid, make sure it is a fully qualified "
                "repository without tag or digest, e.g. 'registry.example.com/app'"
            )
    sv = raw.get("signatureVerification")
    if not isinstance(sv, dict) or not isinstance(sv.get("level"), str):
        raise TrustPolicyError(f"trust policy statement {name!r} is missing signatureVerification.level")
    level = sv["level"]
    if level not in LEVELS:
        raise TrustPolicyError(
            f"trust policy statement {name!r} has invalid signatureVerification: "
            f"invalid signature verification level {level!r}"
        )
    actions = dict(LEVELS[level])
    override = sv.get("override") or {}
    if not isinstance(override, dict):
        raise TrustPolicyError(f"trust policy statement {name!r} has an invalid override")
    for check, action in override.items():
        if level == "skip":
            raise TrustPolicyError(
                f"trust policy statement {name!r} has invalid signatureVerification: "
                "signature verification level 'skip' can't be used to customize "
                "signature verification"
            )
        if check not in CHECKS or check == INTEGRITY:
            raise TrustPolicyError(
                f"trust policy statement {name!r} has invalid signatureVerification: "
                f"verification type {check!r} cannot be overridden"
            )
        if action not in (ENFORCE, LOG, SKIP):
            raise TrustPolicyError(
                f"trust policy statement {name!r} has invalid signatureVerification: "
                f"verification action {action!r} is not valid"
            )
        actions[check] = action
    stores = _strings(raw.get("trustStores"), f"trust policy statement {name!r} trustStores")
    idents = _strings(raw.get("trustedIdentities"), f"trust policy statement {name!r} trustedIdentities")
    if level == "skip":
        if stores or idents:
            log.info(
                "trust policy statement skips verification; ignoring its trust stores and identities",
                extra={"statement": name},
            )
        return Statement(name, tuple(scopes), level, actions, (), ())
    if not stores:
        raise TrustPolicyError(
            f"trust policy statement {name!r} is either missing trust stores or "
            "trusted identities, both must be specified"
        )
    for store in stores:
        kind, sep, store_name = store.partition(":")
        if not sep or kind not in _STORE_TYPES or not store_name:
            raise TrustPolicyError(
                f"trust policy statement {name!r} uses an unsupported trust store {store!r}"
            )
    if not idents:
        raise TrustPolicyError(
            f"trust policy statement {name!r} is either missing trust stores or "
            "trusted identities, both must be specified"
        )
    return Statement(name, tuple(scopes), level, actions, tuple(stores), _identities(name, idents))


def _valid_scope(scope: str) -> bool:
    host, sep, path = scope.partition("/")
    return bool(sep and host and path) and "@" not in scope and ":" not in path and not path.endswith("/")


def _identities(name: str, idents: list[str]) -> tuple[Mapping[str, str], ...] | None:
    if "*" in idents:
        if len(idents) > 1:
            raise TrustPolicyError(
                f"trust policy statement {name!r} uses a wildcard trusted identity '*', "
                "a wildcard identity cannot be used in conjunction with other values"
            )
        return None
    out: list[Mapping[str, str]] = []
    for ident in idents:
        if not ident.startswith(_SUBJECT_PREFIX):
            raise TrustPolicyError(
                f"trust policy statement {name!r} has trusted identity {ident!r} "
                "with an unsupported identity type, only 'x509.subject' is supported"
            )
        dn = parse_dn(ident[len(_SUBJECT_PREFIX) :])
        missing = [a for a in _REQUIRED_DN_ATTRIBUTES if a not in dn]
        if missing:
            raise TrustPolicyError(
                f"trust policy statement {name!r} has trusted identity {ident!r} missing "
                f"the required attributes {', '.join(missing)}"
            )
        out.append(dn)
    return tuple(out)


def parse_dn(text: str) -> dict[str, str]:
    """An RFC 4514-style `C=US, ST=WA, O=Acme` as a dict; `\\,` escapes a comma in a value."""
    parts: list[str] = []
    current = ""
    escaped = False
    for ch in text:
        if escaped:
            current += ch
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch in ",+":
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    dn: dict[str, str] = {}
    for part in parts:
        key, sep, value = part.strip().partition("=")
        if not sep or not key.strip():
            raise TrustPolicyError(f"distinguished name {text!r} is not valid")
        key = key.strip()
        if key in dn:
            raise TrustPolicyError(f"distinguished name {text!r} has duplicate attribute {key!r}")
        dn[key] = value.strip()
    return dn
