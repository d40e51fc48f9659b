"""Structured logging in the shape Flux controllers log, carried through contextvars.

`Logger` is a small logr-like front over the standard `logging` module: a name, bound
key/values (`with_values`), verbosity levels (`v(1)` is debug, `v(2)` trace) and
`error(msg, err)`. The logger of the current reconcile lives in a `ContextVar`, so code
deep in a reconcile calls `logger_from()` and gets one that already carries `controller`,
`namespace`, `name`, `reconcileID`, ... (tasks spawned inside inherit it).

`setup_logging()` installs a formatter on the root logger: "json" prints one zap-style
object per line (`{"level":"info","ts":"...Z","msg":"...", <key/values>}`), "console"
prints zap's tab-separated console form.
"""

from __future__ import annotations

import json
import logging
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, TextIO

TRACE = 5
logging.addLevelName(TRACE, "TRACE")

STDLIB_ROOT = "controller_runtime"

LEVELS = {"error": logging.ERROR, "info": logging.INFO, "debug": logging.DEBUG, "trace": TRACE}


def _verbosity_level(v: int) -> int:
    """logr verbosity -> stdlib level: V(0) info, V(1) debug, V(2) trace, beyond ever quieter."""
    if v <= 0:
        return logging.INFO
    if v == 1:
        return logging.DEBUG
    return max(1, TRACE - (v - 2))


class Logger:
    """An immutable structured logger; `with_*` return new loggers, sharing nothing mutable."""

    __slots__ = ("_name", "_std", "_values", "_verbosity")

    def __init__(
        self,
        name: str = "",
        values: tuple[tuple[str, Any], ...] = (),
        verbosity: int = 0,
        _std: logging.Logger | None = None,
    ) -> None:
        self._name = name
        self._values = values
        self._verbosity = verbosity
        # Same name, same stdlib logger: derived loggers (one per reconcile) skip the
        # logging module's locked registry lookup.
        self._std = _std or logging.getLogger(f"{STDLIB_ROOT}.{name}" if name else STDLIB_ROOT)

    @property
    def name(self) -> str:
        return self._name

    @property
    def values(self) -> dict[str, Any]:
        return dict(self._values)

    def with_name(self, name: str) -> Logger:
        """A child logger; names nest with "." as in logr."""
        return Logger(f"{self._name}.{name}" if self._name else name, self._values, self._verbosity)

    def with_values(self, **kv: Any) -> Logger:
        """A logger that adds these key/values to every line (keys with spaces: `**{"a b": 1}`)."""
        return Logger(self._name, self._values + tuple(kv.items()), self._verbosity, self._std)

    def v(self, verbosity: int) -> Logger:
        """A logger whose `info` lines are at this verbosity (1 = debug, 2 = trace)."""
        return Logger(self._name, self._values, self._verbosity + verbosity, self._std)

    def enabled(self) -> bool:
        return self._std.isEnabledFor(_verbosity_level(self._verbosity))

    def info(self, msg: str, /, **kv: Any) -> None:
        self._emit(_verbosity_level(self._verbosity), msg, kv, None)

    def debug(self, msg: str, /, **kv: Any) -> None:
        self._emit(_verbosity_level(self._verbosity + 1), msg, kv, None)

    def trace(self, msg: str, /, **kv: Any) -> None:
        self._emit(_verbosity_level(self._verbosity + 2), msg, kv, None)

    def error(self, msg: str, /, err: BaseException | str | None = None, **kv: Any) -> None:
        """Log at error level (whatever the verbosity); `err` becomes the "error" field."""
        self._emit(logging.ERROR, msg, kv, err)

    def _emit(self, level: int, msg: str, kv: dict[str, Any], err: BaseException | str | None) -> None:
        if not self._std.isEnabledFor(level):
            return
        fields = dict(self._values)
        fields.update(kv)
        if err is not None:
            fields["error"] = str(err)
        exc_info = None
        # Tracebacks are for debugging; at info level an error is one line.
        if isinstance(err, BaseException) and err.__traceback__ and self._std.isEnabledFor(logging.DEBUG):
            exc_info = (type(err), err, err.__traceback__)
        self._std.log(level, msg, extra={"kv": fields, "logr_name": self._name}, exc_info=exc_info)


root = Logger()

_current_logger: ContextVar[Logger | None] = ContextVar("controller_runtime_logger", default=None)
_current_reconcile_id: ContextVar[str | None] = ContextVar("controller_runtime_reconcile_id", default=None)


def logger_from() -> Logger:
    """The logger of the current context (a reconcile's, inside one), else the root logger."""
    return _current_logger.get() or root


@contextmanager
def logger_into(logger: Logger, reconcile_id: str | None = None) -> Iterator[Logger]:
    """Make `logger` (and optionally a reconcile ID) current for the `with` block."""
    token = _current_logger.set(logger)
    id_token = _current_reconcile_id.set(reconcile_id) if reconcile_id is not None else None
    try:
        yield logger
    finally:
        if id_token is not None:
            _current_reconcile_id.reset(id_token)
        _current_logger.reset(token)


def reconcile_id_from() -> str | None:
    """The ID of the reconcile running in this context, if any."""
    return _current_reconcile_id.get()


# --- formatting ---------------------------------------------------------------------------


def _level_name(levelno: int) -> str:
    if levelno >= logging.ERROR:
        return "error"
    if levelno >= logging.WARNING:
        return "warn"
    if levelno >= logging.INFO:
        return "info"
    if levelno >= logging.DEBUG:
        return "debug"
    return "trace"


def _timestamp(created: float) -> str:
    """zap's ISO8601 encoder in UTC: millisecond precision and a "Z"."""
    ts = datetime.fromtimestamp(created, UTC)
    return ts.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ts.microsecond // 1000:03d}Z"


def _json_default(value: Any) -> Any:
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    fields: dict[str, Any] = dict(getattr(record, "kv", None) or {})
    if record.exc_info and record.exc_info[1] is not None:
        fields.setdefault("error", str(record.exc_info[1]))
        fields["stacktrace"] = "".join(traceback.format_exception(*record.exc_info)).rstrip()
    return fields


def _logger_name(record: logging.LogRecord) -> str:
    name = getattr(record, "logr_name", None)
    if name is not None:
        return str(name)
    return "" if record.name == "root" else record.name


class JSONFormatter(logging.Formatter):
    """One JSON object per line: level, ts, logger (if named), msg, then the key/values."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {"level": _level_name(record.levelno), "ts": _timestamp(record.created)}
        name = _logger_name(record)
        if name:
            out["logger"] = name
        out["msg"] = record.getMessage()
        for key, value in _fields(record).items():
            if key not in ("level", "ts", "logger", "msg"):
                out[key] = value
        return json.dumps(out, default=_json_default, ensure_ascii=False, separators=(",", ":"))


class ConsoleFormatter(logging.Formatter):
    """zap's console form: ts, level, logger, msg and the key/values as JSON, tab-separated."""

    def format(self, record: logging.LogRecord) -> str:
        parts = [_timestamp(record.created), _level_name(record.levelno)]
        name = _logger_name(record)
        if name:
            parts.append(name)
        parts.append(record.getMessage())
        fields = _fields(record)
        stack = fields.pop("stacktrace", None)
        if fields:
            parts.append(json.dumps(fields, default=_json_default, ensure_ascii=False, separators=(",", ":")))
        line = "\t".join(parts)
        return f"{line}\n{stack}" if stack else line


class _LookoutHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Marks the handler setup_logging installed, so a second call replaces it."""


def setup_logging(encoding: str = "json", level: str = "info", stream: TextIO | None = None) -> None:
    """Send all logging to `stream` (stderr) in Flux's format at the given level.

    encoding: "json" | "console"; level: "error" | "info" | "debug" | "trace".
    """
    if encoding not in ("json", "console"):
        raise ValueError(f'invalid log encoding {encoding!r}: must be "json" or "console"')
    if level not in LEVELS:
        raise ValueError(f"invalid log level {level!r}: must be one of {', '.join(LEVELS)}")
    handler = _LookoutHandler(stream if stream is not None else sys.stderr)
    handler.setFormatter(JSONFormatter() if encoding == "json" else ConsoleFormatter())
    std_root = logging.getLogger()
    for old in [h for h in std_root.handlers if isinstance(h, _LookoutHandler)]:
        std_root.removeHandler(old)
    std_root.addHandler(handler)
    std_root.setLevel(LEVELS[level])
    logging.getLogger(STDLIB_ROOT).setLevel(logging.NOTSET)
