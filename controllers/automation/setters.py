"""The ``Setters`` update strategy: write ImagePolicy results into marked YAML fields.

A field is marked by a comment naming a setter, ``# {"$imagepolicy": "<ns>:<policy>[:tag|:name|:digest]"}``
(or the long ``{"$ref": "#/definitions/io.k8s.cli.setters.<setter>"}`` form), as in Flux. Unlike
Flux, which re-serialises every file it touches, the new value is spliced into the original
bytes: comments, indentation, quoting, ``---`` separators and line endings elsewhere survive
exactly, so the commit diff shows only the changed values.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import stat
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from yaml.nodes import MappingNode, Node, ScalarNode

from controllers.automation.yamlscan import (
    Document,
    ScalarSite,
    YamlScanError,
    compose,
    head_comment,
    line_comment,
    render_scalar,
    scan,
)

__all__ = [
    "SETTER_SHORTHAND",
    "Change",
    "Edit",
    "ObjectIdentifier",
    "PathError",
    "PolicyImage",
    "UpdateResult",
    "apply_setters",
    "apply_setters_sync",
    "edit_text",
    "parse_marker",
    "setter_values",
]

#: The JSON key of a marker comment, and (quoted) the token that screens files worth parsing.
SETTER_SHORTHAND = "$imagepolicy"
_SCREEN_TOKEN = b'"$imagepolicy"'
_REF_PREFIX = "#/definitions/io.k8s.cli.setters."
#: Files whose markers are remembered by content (see `_MarkerCache`).
_MARKER_CACHE_SIZE = 50_000


class PathError(ValueError):
    """The update path would leave the checkout, or names nothing in it."""


@dataclass(frozen=True)
class PolicyImage:
    """An ImagePolicy's ``status.latestRef``: repository name as typed, tag, optional digest."""

    name: str
    tag: str
    digest: str = ""

    def __str__(self) -> str:
        ref = self.name
        if self.tag:
            ref += ":" + self.tag
        if self.digest:
            ref += "@" + self.digest
        return ref


@dataclass(frozen=True)
class Change:
    """One value replaced by a setter (commit templates read OldValue/NewValue/Setter)."""

    old_value: str
    new_value: str
    setter: str

    # Go template field names.
    @property
    def OldValue(self) -> str:
        return self.old_value

    @property
    def NewValue(self) -> str:
        return self.new_value

    @property
    def Setter(self) -> str:
        return self.setter


@dataclass(frozen=True, order=True)
class ObjectIdentifier:
    """The resource holding a change; fields in Go's order so sorting matches Go's map ranges."""

    api_version: str = ""
    kind: str = ""
    name: str = ""
    namespace: str = ""

    def __str__(self) -> str:
        # How Go's fmt prints the upstream struct (TypeMeta, NameMeta embedded in a wrapper).
        return f"{{{{{{{self.api_version} {self.kind}}} {{{self.name} {self.namespace}}}}}}}"

    def sort_key(self) -> tuple[str, str, str, str]:
        return (self.api_version, self.kind, self.name, self.namespace)

    @property
    def APIVersion(self) -> str:
        return self.api_version

    @property
    def Kind(self) -> str:
        return self.kind

    @property
    def Name(self) -> str:
        return self.name

    @property
    def Namespace(self) -> str:
        return self.namespace


@dataclass
class UpdateResult:
    """What a run changed; ``changes`` lists each distinct change once, in file order."""

    changes: list[Change] = field(default_factory=list)
    file_changes: dict[str, dict[ObjectIdentifier, list[Change]]] = field(default_factory=dict)
    objects: dict[ObjectIdentifier, list[Change]] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def Changes(self) -> list[Change]:
        return self.changes

    @property
    def FileChanges(self) -> dict[str, dict[ObjectIdentifier, list[Change]]]:
        return self.file_changes

    @property
    def Objects(self) -> dict[ObjectIdentifier, list[Change]]:
        return self.objects

    def _record(self, file: str, obj: ObjectIdentifier, change: Change) -> None:
        self.file_changes.setdefault(file, {}).setdefault(obj, []).append(change)
        self.objects.setdefault(obj, []).append(change)
        if change not in self.changes:
            self.changes.append(change)


def setter_values(policies: Mapping[tuple[str, str], PolicyImage]) -> dict[str, str]:
    """Setter name -> value for each policy: whole ref, ``:tag``, ``:name`` and ``:digest``."""
    values: dict[str, str] = {}
    for (namespace, policy), image in policies.items():
        base = f"{namespace}:{policy}"
        values[base] = str(image)
        values[base + ":tag"] = image.tag
        values[base + ":name"] = image.name
        values[base + ":digest"] = image.digest
    return values


def parse_marker(comment: str, setters: Mapping[str, str]) -> str | None:
    """The known setter a comment names, or None (most comments are not markers at all).

    Leading ``#`` are dropped and the rest must be one JSON object, as Flux reads it: the
    shorthand counts only for a known setter, otherwise a ``$ref`` in the same object may.
    """
    text = comment.lstrip("#")
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    if all(isinstance(v, str) for v in data.values()):
        name = data.get(SETTER_SHORTHAND, "")
        if name and name in setters:
            return str(name)
    ref = data.get("$ref")
    if isinstance(ref, str) and ref.startswith(_REF_PREFIX):
        name = ref[len(_REF_PREFIX) :]
        if name in setters:
            return name
    return None


def _marker_of(text: str, site: ScalarSite, setters: Mapping[str, str]) -> str | None:
    # A line comment, if any, is the only one read; a head comment counts only without one.
    comment = line_comment(text, site)
    if comment is None:
        comment = head_comment(text, site)
    return None if comment is None else parse_marker(comment, setters)


def _scalar_at(node: Node, *path: str) -> str:
    for key in path:
        if not isinstance(node, MappingNode):
            return ""
        for k, v in node.value:
            if isinstance(k, ScalarNode) and k.value == key:
                node = v
                break
        else:
            return ""
    return str(node.value) if isinstance(node, ScalarNode) else ""


def _identify(doc: Document) -> ObjectIdentifier:
    return ObjectIdentifier(
        api_version=_scalar_at(doc.root, "apiVersion"),
        kind=_scalar_at(doc.root, "kind"),
        name=_scalar_at(doc.root, "metadata", "name"),
        namespace=_scalar_at(doc.root, "metadata", "namespace"),
    )


@dataclass(frozen=True)
class Edit:
    """One marked value to replace: where, with what text, in which object, as which change."""

    site: ScalarSite
    text: str
    obj: ObjectIdentifier
    change: Change


def edit_text(text: str, setters: Mapping[str, str]) -> tuple[str, list[Edit]]:
    """Apply the setters to one file's text; return the new text and the edits, in order.

    Raises YamlScanError if the text is not YAML, or if the edited text would not read back
    as the original with exactly the marked values replaced (a guard that should never fire).
    """
    return _edit_documents(text, scan(text), setters)


def _comments(text: str, documents: list[Document]) -> tuple[tuple[str, str], ...]:
    """(comment, current value) of every value with a comment `_marker_of` would read."""
    out: list[tuple[str, str]] = []
    for doc in documents:
        for site in doc.sites:
            comment = line_comment(text, site)
            if comment is None:
                comment = head_comment(text, site)
            if comment is not None:
                out.append((comment, site.value))
    return tuple(out)


def _would_edit(comments: tuple[tuple[str, str], ...], setters: Mapping[str, str]) -> bool:
    """Whether `edit_text` would change a file with these comments: as its own test, per value."""
    for comment, value in comments:
        setter = parse_marker(comment, setters)
        if setter is not None and setters[setter] != value:
            return True
    return False


class _MarkerCache:
    """Per file content (sha256), its marker comments and values, or why it does not parse.

    `edit_text` is a pure function of the text and the setters, and whether it edits anything
    depends only on these pairs; so a file seen before whose markers all hold their setter's
    value is skipped without parsing YAML again (most files, on most runs). Bounded, oldest out.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: dict[bytes, tuple[tuple[str, str], ...] | str] = {}
        self._lock = threading.Lock()

    def get(self, key: bytes) -> tuple[tuple[str, str], ...] | str | None:
        with self._lock:
            return self._entries.get(key)

    def put(self, key: bytes, value: tuple[tuple[str, str], ...] | str) -> None:
        with self._lock:
            self._entries[key] = value
            while len(self._entries) > self.size:
                del self._entries[next(iter(self._entries))]


_marker_cache = _MarkerCache(_MARKER_CACHE_SIZE)


def _edit_documents(
    text: str, documents: list[Document], setters: Mapping[str, str]
) -> tuple[str, list[Edit]]:
    edits: list[Edit] = []
    for doc in documents:
        obj: ObjectIdentifier | None = None
        for site in doc.sites:
            setter = _marker_of(text, site, setters)
            if setter is None or setters[setter] == site.value:
                continue
            obj = obj or _identify(doc)
            new_value = setters[setter]
            edits.append(
                Edit(
                    site,
                    render_scalar(new_value, site.style, site.flow),
                    obj,
                    Change(site.value, new_value, setter),
                )
            )
    if not edits:
        return text, edits
    edits.sort(key=lambda e: e.site.start)
    pieces: list[str] = []
    pos = 0
    for edit in edits:
        pieces += [text[pos : edit.site.start], edit.text]
        pos = edit.site.end
    pieces.append(text[pos:])
    new_text = "".join(pieces)
    _verify(text, new_text, edits)
    return new_text, edits


_STR = "tag:yaml.org,2002:str"
_IMPLICIT_TAGS = {
    f"tag:yaml.org,2002:{t}" for t in ("str", "bool", "int", "float", "null", "timestamp", "merge", "value")
}


def _verify(old: str, new: str, edits: list[Edit]) -> None:
    """Re-read the result: same documents, same structure, only the edited values differ."""
    expected = {e.site.end: e.change.new_value for e in edits}
    old_roots = compose(old)
    try:
        new_roots = compose(new)
    except YamlScanError as exc:
        raise YamlScanError(f"refusing an edit that breaks the YAML: {exc}") from exc
    compared: set[tuple[int, int]] = set()

    def same(a: Node | None, b: Node | None) -> bool:
        if a is None or b is None:
            return a is b
        if (id(a), id(b)) in compared:
            return True  # aliases: each pair once (also ends recursive structures)
        compared.add((id(a), id(b)))
        if type(a) is not type(b):
            return False
        if isinstance(a, ScalarNode):
            if a.end_mark.index in expected:
                wanted_tag = _STR if a.tag in _IMPLICIT_TAGS else a.tag
                return bool(b.value == expected[a.end_mark.index] and b.tag == wanted_tag)
            return bool(a.tag == b.tag and a.value == b.value)
        if a.tag != b.tag or len(a.value) != len(b.value):
            return False
        if isinstance(a, MappingNode):
            return all(
                same(ka, kb) and same(va, vb) for (ka, va), (kb, vb) in zip(a.value, b.value, strict=True)
            )
        return all(same(x, y) for x, y in zip(a.value, b.value, strict=True))

    if len(old_roots) != len(new_roots) or not all(
        same(a, b) for a, b in zip(old_roots, new_roots, strict=True)
    ):
        raise YamlScanError("refusing an edit that would change more than the marked values")


def _confine(root: Path, path: str) -> Path:
    """Resolve the update path inside the checkout; ``..`` is refused, ``/x`` means ``root/x``."""
    parts = PurePosixPath(path.replace("\\", "/")).parts
    if ".." in parts:
        raise PathError(f"update path {path!r} must not contain '..': it is relative to the repository root")
    real_root = root.resolve(strict=True)
    target = real_root.joinpath(*[p for p in parts if p not in ("/", ".")])
    try:
        resolved = target.resolve(strict=True)
    except (FileNotFoundError, RuntimeError) as exc:
        raise PathError(f"update path {path!r} does not exist in the repository") from exc
    if resolved != real_root and real_root not in resolved.parents:
        raise PathError(f"update path {path!r} resolves outside the repository (through a symlink)")
    return resolved


def _candidates(start: Path) -> list[Path]:
    """Regular, non-symlink YAML files under ``start`` in Go's lexical walk order."""
    if not start.is_dir():
        return [start] if start.is_file() and _is_candidate_name(start.name) else []
    found: list[Path] = []

    def walk(directory: Path) -> None:
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            if entry.is_symlink():
                continue  # never followed: a link may lead out of the checkout, or nowhere
            if entry.is_dir(follow_symlinks=False):
                walk(Path(entry.path))
            elif entry.is_file(follow_symlinks=False) and _is_candidate_name(entry.name):
                found.append(Path(entry.path))

    walk(start)
    return found


def _is_candidate_name(name: str) -> bool:
    return name.endswith((".yaml", ".yml")) or name == "Kustomization"


def _write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` by rename so a crash leaves the old or the new file, never half of one."""
    mode = stat.S_IMODE(path.stat().st_mode)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def apply_setters_sync(
    root: Path, policies: Mapping[tuple[str, str], PolicyImage], path: str = "./"
) -> UpdateResult:
    """Blocking body of :func:`apply_setters`."""
    real_root = Path(root).resolve(strict=True)
    start = _confine(real_root, path)
    setters = setter_values(policies)
    result = UpdateResult()
    for file in _candidates(start):
        rel = file.relative_to(real_root).as_posix()
        try:
            data = file.read_bytes()
        except OSError as exc:
            result.skipped.append((rel, f"cannot read: {exc.strerror or exc}"))
            continue
        if _SCREEN_TOKEN not in data:
            continue
        key = hashlib.sha256(data).digest()
        known = _marker_cache.get(key)
        if isinstance(known, str):
            result.skipped.append((rel, known))
            continue
        if known is not None and not _would_edit(known, setters):
            continue
        try:
            text = data.decode("utf-8")
            try:
                documents = scan(text)
            except YamlScanError as exc:
                _marker_cache.put(key, str(exc))
                raise
            _marker_cache.put(key, _comments(text, documents))
            new_text, edits = _edit_documents(text, documents, setters)
        except UnicodeDecodeError as exc:
            result.skipped.append((rel, f"not UTF-8: {exc}"))
            continue
        except YamlScanError as exc:
            result.skipped.append((rel, str(exc)))
            continue
        if not edits:
            continue
        _write_atomically(file, new_text.encode("utf-8"))
        # Upstream keys FileChanges by the path below the update path (what templates print).
        below = file.relative_to(start).as_posix() if start.is_dir() else file.name
        for edit in edits:
            result._record(below, edit.obj, edit.change)
    return result


async def apply_setters(
    root: Path, policies: Mapping[tuple[str, str], PolicyImage], path: str = "./"
) -> UpdateResult:
    """Apply every policy's setters to the marked YAML under ``root/path``, writing changed files.

    ``policies`` maps (namespace, name) to the policy's latest image; markers naming any other
    setter are left alone. Files that do not parse are listed in ``skipped``, not raised.
    Raises PathError if ``path`` leaves ``root`` or does not exist.
    """
    return await asyncio.to_thread(apply_setters_sync, root, policies, path)
