"""Just enough CBOR (RFC 8949) to read a COSE_Sign1 notation envelope and rebuild its Sig_structure.

notation-go writes COSE by default. A full CBOR library would be a new dependency for a format
we only read in one shape, so this decoder covers definite- and indefinite-length items of all
major types and refuses anything malformed, with nesting and size bounded by the input.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Any

_MAX_DEPTH = 32


class CBORError(ValueError):
    """The bytes are not well-formed CBOR."""


@dataclass(frozen=True)
class Tagged:
    """A tagged item (major type 6): `tag` and the item it wraps."""

    tag: int
    value: Any


_BREAK = object()


def loads(data: bytes) -> Any:
    """The single item `data` holds; trailing bytes are an error."""
    value, end = _item(data, 0, 0)
    if value is _BREAK:
        raise CBORError("unexpected break")
    if end != len(data):
        raise CBORError("trailing bytes after the CBOR item")
    return value


def _need(data: bytes, pos: int, n: int) -> None:
    if n < 0 or pos + n > len(data):
        raise CBORError("truncated CBOR item")


def _argument(data: bytes, pos: int, info: int) -> tuple[int | None, int]:
    """The head's argument; None for indefinite length (info 31)."""
    if info < 24:
        return info, pos
    if info == 31:
        return None, pos
    sizes = {24: 1, 25: 2, 26: 4, 27: 8}
    if info not in sizes:
        raise CBORError(f"reserved additional information {info}")
    n = sizes[info]
    _need(data, pos, n)
    return int.from_bytes(data[pos : pos + n], "big"), pos + n


def _item(data: bytes, pos: int, depth: int) -> tuple[Any, int]:
    if depth > _MAX_DEPTH:
        raise CBORError("CBOR nesting too deep")
    _need(data, pos, 1)
    head = data[pos]
    major, info = head >> 5, head & 0x1F
    pos += 1
    if major == 7:
        return _simple(data, pos, info)
    arg, pos = _argument(data, pos, info)
    if major == 0:
        return _definite(arg), pos
    if major == 1:
        return -1 - _definite(arg), pos
    if major in (2, 3):
        if arg is None:
            chunks: list[bytes] = []
            while True:
                chunk, pos = _item(data, pos, depth + 1)
                if chunk is _BREAK:
                    break
                if not isinstance(chunk, bytes if major == 2 else str):
                    raise CBORError("bad chunk in an indefinite-length string")
                chunks.append(chunk if isinstance(chunk, bytes) else chunk.encode())
            raw = b"".join(chunks)
        else:
            _need(data, pos, arg)
            raw, pos = data[pos : pos + arg], pos + arg
        if major == 2:
            return bytes(raw), pos
        try:
            return raw.decode("utf-8"), pos
        except UnicodeDecodeError:
            raise CBORError("text string is not UTF-8") from None
    if major == 4:
        items: list[Any] = []
        while arg is None or len(items) < arg:
            if arg is not None:
                _need(data, pos, 1)  # each item takes a byte: a huge count cannot loop long
            value, pos = _item(data, pos, depth + 1)
            if value is _BREAK:
                if arg is None:
                    break
                raise CBORError("unexpected break")
            items.append(value)
        return items, pos
    if major == 5:
        out: dict[Any, Any] = {}
        count = 0
        while arg is None or count < arg:
            key, pos = _item(data, pos, depth + 1)
            if key is _BREAK:
                if arg is None:
                    break
                raise CBORError("unexpected break")
            value, pos = _item(data, pos, depth + 1)
            if value is _BREAK:
                raise CBORError("map key without a value")
            if isinstance(key, list | dict):
                raise CBORError("unsupported map key type")
            if key in out:
                raise CBORError("duplicate map key")
            out[key] = value
            count += 1
        return out, pos
    # major 6: a tag
    value, pos = _item(data, pos, depth + 1)
    if value is _BREAK:
        raise CBORError("unexpected break")
    return Tagged(_definite(arg), value), pos


def _definite(arg: int | None) -> int:
    if arg is None:
        raise CBORError("indefinite length not allowed here")
    return arg


def _simple(data: bytes, pos: int, info: int) -> tuple[Any, int]:
    if info == 20:
        return False, pos
    if info == 21:
        return True, pos
    if info in (22, 23):
        return None, pos
    if info == 31:
        return _BREAK, pos
    if info == 25:
        _need(data, pos, 2)
        return struct.unpack(">e", data[pos : pos + 2])[0], pos + 2
    if info == 26:
        _need(data, pos, 4)
        return struct.unpack(">f", data[pos : pos + 4])[0], pos + 4
    if info == 27:
        _need(data, pos, 8)
        return struct.unpack(">d", data[pos : pos + 8])[0], pos + 8
    raise CBORError(f"unsupported simple value {info}")


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | info]) + n.to_bytes(size, "big")
    raise CBORError("length too large")


def dumps_bytes(value: bytes) -> bytes:
    return _head(2, len(value)) + value


def dumps_text(value: str) -> bytes:
    raw = value.encode()
    return _head(3, len(raw)) + raw


def dumps_array(encoded_items: list[bytes]) -> bytes:
    """An array of already-encoded items (what a Sig_structure needs)."""
    return _head(4, len(encoded_items)) + b"".join(encoded_items)
