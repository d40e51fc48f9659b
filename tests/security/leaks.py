"""Secret-hygiene helpers: mint distinctive secrets, collect what users and operators can read
(logs, events, status, whole objects, metrics, exception texts), and grep it all for them.

A leak check is only worth something if the secret had a chance to show and the sink is not
empty, so `verdict` also demands that each sink holds the failure it was driven into.
"""

from __future__ import annotations

import base64
import io
import json
import logging
import traceback
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import yaml

from controller_runtime.client import Client
from controller_runtime.fluxruntime import conditions
from controller_runtime.log import JSONFormatter
from tests.support.metrics import metrics_text
from tests.support.report import record
from tests.support.wait import eventually

API = "image.toolkit.fluxcd.io/v1"
IR = (API, "ImageRepository")
IP = (API, "ImagePolicy")
#: Fast backoff, so failures are retried (and logged, and evented) several times within a test.
FAST: dict[str, Any] = {
    "min_retry_delay": 0.05, "max_retry_delay": 1.0, "requeue_dependency": 0.5,
    "metrics_addr": "127.0.0.1:0",
}
#: Shortest base64 excerpt worth looking for: long enough never to match by chance.
_MIN_B64_EXCERPT = 16


def new_secret(prefix: str = "s3cr3t") -> str:
    """A value no code, log line or fixture could contain unless it came from our Secret."""
    return f"{prefix}-{uuid.uuid4().hex}"


def b64(value: str | bytes) -> str:
    raw = value.encode() if isinstance(value, str) else value
    return base64.b64encode(raw).decode()


def b64_forms(value: str | bytes) -> list[str]:
    """How `value` looks base64-encoded on its own and inside a larger base64 blob (a Secret's
    `.dockerconfigjson`): one excerpt per alignment, without the edge characters it shares
    with its neighbours."""
    raw = value.encode() if isinstance(value, str) else value
    forms = [base64.b64encode(raw).decode(), base64.urlsafe_b64encode(raw).decode().rstrip("=")]
    for offset in (0, 1, 2):
        encoded = base64.b64encode(b"\0" * offset + raw).decode()
        start = 4 if offset else 0
        end = ((offset + len(raw)) // 3) * 4
        if end - start >= _MIN_B64_EXCERPT:
            forms.append(encoded[start:end])
    return list(dict.fromkeys(forms))


@dataclass
class SecretBook:
    """Every secret value a test used, under a label saying what it is."""

    values: dict[str, str] = field(default_factory=dict)
    encoded: dict[str, bool] = field(default_factory=dict)

    def new(self, label: str, prefix: str = "s3cr3t") -> str:
        value = new_secret(prefix)
        self.add(label, value)
        return value

    def add(self, label: str, value: str, *, base64_forms: bool = True) -> str:
        assert label not in self.values, f"two secrets labelled {label!r}"
        assert len(value) >= 8, f"secret {label!r} is too short to grep for"
        self.values[label] = value
        self.encoded[label] = base64_forms
        return value

    def basic(self, label: str, user: str, password: str) -> None:
        """A password and the `user:password` string whose base64 is a pull Secret's `auth`."""
        self.add(label, password)
        self.add(f"{label} (user:password)", f"{user}:{password}")

    def pem_key(self, label: str, pem: bytes) -> None:
        """A private key: every base64 line of its body, and the whole PEM's base64 forms."""
        lines = [line for line in pem.decode().splitlines() if line and not line.startswith("-----")]
        for i, line in enumerate(lines):
            self.add(f"{label} line {i}", line, base64_forms=False)
        self.add(f"{label} (PEM)", pem.decode(), base64_forms=True)

    def forms(self) -> list[tuple[str, str]]:
        """(label, text) pairs to grep for: each value as is, and its base64 forms."""
        out: list[tuple[str, str]] = []
        for label, value in self.values.items():
            if "\n" not in value:
                out.append((label, value))
            if self.encoded[label]:
                out.extend((f"{label} [base64]", form) for form in b64_forms(value))
        return out


#: Loggers of the test's API server (the embedded one, and the CEL library it evaluates CRD
#: rules with, which prints the objects it sees at debug level): they stand in for the
#: cluster's kube-apiserver, and are no part of the manager's output.
API_SERVER_LOGGERS = ("celpy", "controller_runtime.envtest")


class _ManagerOnly(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.name.startswith(API_SERVER_LOGGERS)


class LogCapture:
    """Every log record of the manager's process at every level (trace and below), as its
    JSON lines (`setup_logging("json")`) would print them."""

    def __init__(self) -> None:
        self.stream = io.StringIO()
        self.handler = logging.StreamHandler(self.stream)
        self.handler.setFormatter(JSONFormatter())
        self.handler.setLevel(1)
        self.handler.addFilter(_ManagerOnly())

    @property
    def text(self) -> str:
        return self.stream.getvalue()


@contextmanager
def capture_logs() -> Iterator[LogCapture]:
    """Turn every logger up to level 1 (beyond V(2)/trace) and record what it prints."""
    capture = LogCapture()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(capture.handler)
    root.setLevel(1)
    try:
        yield capture
    finally:
        root.removeHandler(capture.handler)
        root.setLevel(old_level)


def exception_text(exc: BaseException) -> str:
    """All a log line, a condition or a crash report could show of `exc`: str, repr, and the
    formatted traceback with its causes and contexts."""
    parts = [str(exc), repr(exc), "".join(traceback.format_exception(exc))]
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        parts += [str(cur), repr(cur)]
        # The chain as tracebacks (and so logs) follow it: `raise ... from None` ends it.
        cur = cur.__cause__ or (None if cur.__suppress_context__ else cur.__context__)
    return "\n".join(parts)


# --------------------------------------------------------------------------- objects


def pull_secret(namespace: str, name: str, auths: Mapping[str, Any]) -> dict[str, Any]:
    """A `kubernetes.io/dockerconfigjson` Secret, as `kubectl create secret docker-registry` writes."""
    return {
        "apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/dockerconfigjson",
        "metadata": {"name": name, "namespace": namespace},
        "data": {".dockerconfigjson": b64(json.dumps({"auths": dict(auths)}))},
    }


def opaque_secret(namespace: str, name: str, data: Mapping[str, str | bytes]) -> dict[str, Any]:
    """An Opaque Secret: the type malformed pull Secrets must have, since the API server
    validates `kubernetes.io/dockerconfigjson` ones."""
    return {
        "apiVersion": "v1", "kind": "Secret", "type": "Opaque",
        "metadata": {"name": name, "namespace": namespace},
        "data": {k: b64(v) for k, v in data.items()},
    }


def basic_entry(user: str, password: str) -> dict[str, str]:
    return {"username": user, "password": password, "auth": b64(f"{user}:{password}")}


def image_repository(namespace: str, name: str, image: str, **spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": IR[0], "kind": IR[1], "metadata": {"name": name, "namespace": namespace},
        "spec": {"image": image, "interval": "1h", **spec},
    }


def image_policy(namespace: str, name: str, repository: str, reflection: str = "Always") -> dict[str, Any]:
    spec: dict[str, Any] = {
        "imageRepositoryRef": {"name": repository},
        "policy": {"semver": {"range": ">=0.0.0-0"}},
        "digestReflectionPolicy": reflection,
    }
    if reflection == "Always":
        spec["interval"] = "1h"
    return {"apiVersion": IP[0], "kind": IP[1], "metadata": {"name": name, "namespace": namespace},
            "spec": spec}


async def patch_secret_data(client: Client, namespace: str, name: str, secret: dict[str, Any]) -> None:
    """Replace a Secret's data (keys not in `secret` are removed)."""
    current = await client.get("v1", "Secret", name, namespace=namespace)
    data: dict[str, Any] = {k: None for k in current.get("data") or {}}
    data.update(secret["data"])
    await client.patch("v1", "Secret", name, {"data": data}, namespace=namespace)


# --------------------------------------------------------------------------- waiting


async def wait_for(
    client: Client, kind: tuple[str, str], namespace: str, name: str, status: str,
    *, reason: str | None = None, contains: str = "", type_: str = "Ready",
) -> dict[str, Any]:
    """The object once its `type_` condition has `status` (and `reason`, and a message
    containing `contains`), for its current generation when True."""

    async def check() -> dict[str, Any] | None:
        obj: dict[str, Any] = await client.get(*kind, name, namespace=namespace)
        c = conditions.get(obj, type_)
        if c is None or c["status"] != status or (reason is not None and c["reason"] != reason):
            return None
        if contains not in c.get("message", ""):
            return None
        if status == "True" and (conditions.has(obj, "Reconciling")
                                 or c.get("observedGeneration") != obj["metadata"]["generation"]):
            return None
        return obj

    what = f"{kind[1]} {name} {type_}={status} {reason or ''} {contains!r}"
    found: dict[str, Any] | None = await eventually(check, message=what)
    assert found is not None
    return found


async def wait_ready(client: Client, namespace: str, name: str) -> dict[str, Any]:
    """An ImageRepository that scanned: Ready=True and its scan result written."""

    async def check() -> dict[str, Any] | None:
        obj = await wait_for(client, IR, namespace, name, "True")
        return obj if (obj.get("status") or {}).get("lastScanResult") else None

    found: dict[str, Any] | None = await eventually(check, message=f"ImageRepository {name} scanned")
    assert found is not None
    return found


async def wait_digest(client: Client, namespace: str, name: str) -> dict[str, Any]:
    """An ImagePolicy that resolved its latest tag's digest."""

    async def check() -> dict[str, Any] | None:
        obj = await wait_for(client, IP, namespace, name, "True")
        digest = ((obj.get("status") or {}).get("latestRef") or {}).get("digest", "")
        return obj if str(digest).startswith("sha256:") else None

    found: dict[str, Any] | None = await eventually(check, message=f"ImagePolicy {name} digest")
    assert found is not None
    return found


async def wait_warnings(client: Client, namespace: str, names: Iterable[str]) -> None:
    """Until every named object has a Warning event: the recorder writes them asynchronously."""
    wanted = set(names)

    async def check() -> bool:
        lst = await client.list("v1", "Event", namespace=namespace)
        warned = {e["involvedObject"].get("name") for e in lst["items"] if e.get("type") == "Warning"}
        missing = wanted - warned
        assert not missing, f"no Warning event yet for {sorted(missing)}"
        return True

    warned: bool = await eventually(check)
    assert warned


# --------------------------------------------------------------------------- sinks


async def scrape_metrics(manager: Any) -> str:
    """The manager's /metrics, as Prometheus scrapes it."""
    return await metrics_text(manager)


async def cluster_sinks(
    client: Client, namespace: str, manager: Any, *, hide_spec_image: bool = False
) -> dict[str, str]:
    """Events, status, whole objects (YAML) and metrics, as users and operators read them.

    `hide_spec_image` drops `.spec.image` from the YAML: a password the user typed into
    it is theirs to see there; everywhere else it must be masked.
    """
    events = await client.list("v1", "Event", namespace=namespace)
    objects: list[dict[str, Any]] = []
    for kind in (IR, IP):
        objects += (await client.list(*kind, namespace=namespace))["items"]
    shown = json.loads(json.dumps(objects))
    if hide_spec_image:
        for obj in shown:
            (obj.get("spec") or {}).pop("image", None)
    return {
        "events": json.dumps(events["items"], indent=1),
        "status": json.dumps([o.get("status") for o in objects], indent=1),
        "yaml": yaml.safe_dump_all(shown, width=1 << 30),  # unwrapped: nothing split across lines
        "metrics": await scrape_metrics(manager),
    }


def _excerpt(text: str, form: str, label: str) -> str:
    at = text.find(form)
    start, end = max(0, at - 160), at + len(form) + 160
    return text[start:end].replace(form, f"<<{label}>>")


def verdict(
    klass: str,
    book: SecretBook,
    sinks: Mapping[str, str],
    expected: Mapping[str, Iterable[str]],
    *,
    may_be_empty: Iterable[str] = (),
) -> None:
    """Record, then assert: no secret form in any sink, every sink non-empty and holding the
    `expected` texts (the failures it was driven into), so the check cannot pass vacuously.
    `may_be_empty` names sinks that are allowed to be empty (logs during direct calls into pure
    functions that log nothing)."""
    forms = book.forms()
    leaks = [(label, form, sink) for sink, text in sinks.items() for label, form in forms if form in text]
    cases = len(forms) * len(sinks)
    record(klass, cases, cases - len(leaks), len(leaks))
    empty = [sink for sink, text in sinks.items() if not text.strip() and sink not in set(may_be_empty)]
    assert not empty, f"{klass}: nothing collected from {empty}"
    missing = [(sink, want) for sink, wants in expected.items() for want in wants if want not in sinks[sink]]
    assert not missing, f"{klass}: the sinks do not show the failures they were driven into: {missing}"
    if leaks:
        details = "\n".join(
            f"- {label} in {sink}: ...{_excerpt(sinks[sink], form, label)}..."
            for label, form, sink in leaks[:10]
        )
        raise AssertionError(f"{klass}: {len(leaks)} of {cases} checks found a secret:\n{details}")
