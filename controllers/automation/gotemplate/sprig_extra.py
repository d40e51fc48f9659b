"""The rest of sprig's hermetic map that a commit message may reasonably use: `semver` (a
Masterminds version with its methods), mergo's `merge`/`mergeOverwrite`, goutils' `wrap`,
`urlJoin`, and the deterministic duration functions."""

from __future__ import annotations

import random
from typing import Any

from controllers.policy.semver_version import _loose, compare_keys, pre_key

from .funcs import Func, GoError, func, limits
from .values import Uint64, type_name


def _uint64(digits: str) -> int:
    n = int(digits)
    if n >= 1 << 64:
        raise GoError("Error parsing version segment")
    return n


class SemverValue:
    """A semver.Version value (what IncMajor and friends return): only its value methods."""

    go_type = "semver.Version"

    def __init__(self, major: int, minor: int, patch: int, pre: str, metadata: str, original: str) -> None:
        self._major, self._minor, self._patch = major, minor, patch
        self._pre, self._metadata, self._original = pre, metadata, original

    def _key(self) -> tuple[int, int, int, int, Any]:
        return (self._major, self._minor, self._patch, 0 if self._pre else 1, pre_key(self._pre))

    def String(self) -> str:
        s = f"{self._major}.{self._minor}.{self._patch}"
        if self._pre:
            s += "-" + self._pre
        if self._metadata:
            s += "+" + self._metadata
        return s

    def __str__(self) -> str:
        return self.String()

    def Major(self) -> Uint64:
        return Uint64(self._major)

    def Minor(self) -> Uint64:
        return Uint64(self._minor)

    def Patch(self) -> Uint64:
        return Uint64(self._patch)

    def Prerelease(self) -> str:
        return self._pre

    def Metadata(self) -> str:
        return self._metadata

    def _next(self, major: int, minor: int, patch: int) -> SemverValue:
        v = SemverValue(major, minor, patch, "", "", "")
        v._original = ("v" if self._original[:1] == "v" else "") + v.String()
        return v

    def IncPatch(self) -> SemverValue:
        if self._pre:
            return self._next(self._major, self._minor, self._patch)
        return self._next(self._major, self._minor, self._patch + 1)

    def IncMinor(self) -> SemverValue:
        return self._next(self._major, self._minor + 1, 0)

    def IncMajor(self) -> SemverValue:
        return self._next(self._major + 1, 0, 0)


class SemverVersion(SemverValue):
    """Masterminds' *semver.Version, as `semver` returns it: value and pointer methods."""

    go_type = "*semver.Version"

    @classmethod
    def parse(cls, text: str) -> SemverVersion:
        m = _loose(text)
        if m is None:
            raise GoError("Invalid Semantic Version")
        major = _uint64(m.group(1))
        minor = _uint64(m.group(2)[1:]) if m.group(2) else 0
        patch = _uint64(m.group(3)[1:]) if m.group(3) else 0
        pre = m.group(5) or ""
        for ident in pre.split(".") if pre else ():
            if len(ident) > 1 and ident[0] == "0" and ident.isdigit():
                raise GoError("Version segment starts with 0")
        return cls(major, minor, patch, pre, m.group(8) or "", text)

    def Original(self) -> str:
        return self._original

    def _other(self, o: Any) -> SemverVersion:
        if not isinstance(o, SemverVersion):
            raise GoError(f"wrong type for value; expected *semver.Version; got {type_name(o)}")
        return o

    def Compare(self, o: Any) -> int:
        return compare_keys(self._key(), self._other(o)._key())

    def LessThan(self, o: Any) -> bool:
        return self.Compare(o) < 0

    def LessThanEqual(self, o: Any) -> bool:
        return self.Compare(o) <= 0

    def GreaterThan(self, o: Any) -> bool:
        return self.Compare(o) > 0

    def GreaterThanEqual(self, o: Any) -> bool:
        return self.Compare(o) >= 0

    def Equal(self, o: Any) -> bool:
        return self.Compare(o) == 0


@func("string")
def _semver(text: str) -> SemverVersion:
    return SemverVersion.parse(text)


def _empty_value(v: Any) -> bool:
    """mergo's isEmptyValue on map elements."""
    if v is None:
        return True
    if isinstance(v, (str, list, tuple, dict)):
        return len(v) == 0
    if isinstance(v, (bool, int, float)):
        return not v
    return False


def _merge_into(dst: dict[str, Any], src: dict[str, Any], overwrite: bool, depth: int = 0) -> None:
    limits().charge(len(src))
    if depth > 32:
        raise GoError("merge: maximum depth exceeded")
    for k, sv in src.items():
        dv = dst.get(k)
        if isinstance(sv, dict) and isinstance(dv, dict):
            _merge_into(dv, sv, overwrite, depth + 1)
            if not _empty_value(dv):
                continue
        elif not overwrite and k in dst and not _empty_value(dv) and isinstance(sv, (list, tuple)):
            continue
        if sv is None:
            if overwrite:
                dst[k] = sv
            continue
        if overwrite or k not in dst or _empty_value(dv):
            dst[k] = sv


@func("map", variadic="map")
def _merge(dst: dict[str, Any] | None, *srcs: dict[str, Any] | None) -> Any:
    out = {} if dst is None else dst
    for src in srcs:
        _merge_into(out, src or {}, False)
    return out


@func("map", variadic="map")
def _merge_overwrite(dst: dict[str, Any] | None, *srcs: dict[str, Any] | None) -> Any:
    out = {} if dst is None else dst
    for src in srcs:
        _merge_into(out, src or {}, True)
    return out


def _wrap_custom(s: str, width: int, newline: str, long_words: bool) -> str:
    """goutils.WrapCustom, on bytes as Go's strings are."""
    if s == "":
        return ""
    nl = (newline or "\n").encode()
    width = max(width, 1)
    b = s.encode("utf-8", "surrogatepass")
    out = bytearray()
    offset = 0
    while len(b) - offset > width:
        if b[offset] == 0x20:
            offset += 1
            continue
        at = b.rfind(b" ", offset, width + offset + 1)
        if at >= offset:
            out += b[offset:at] + nl
            offset = at + 1
        elif long_words:
            out += b[offset : offset + width] + nl
            offset += width
        else:
            nxt = b.find(b" ", width + offset)
            if nxt < 0:
                out += b[offset:]
                offset = len(b)
            else:
                out += b[offset:nxt] + nl
                offset = nxt + 1
    out += b[offset:]
    return out.decode("utf-8", "replace")


@func("int", "string")
def _wrap(width: int, s: str) -> str:
    return _wrap_custom(s, width, "", False)


@func("int", "string", "string")
def _wrap_with(width: int, sep: str, s: str) -> str:
    return _wrap_custom(s, width, sep, True)


class _URLError(Exception):
    pass


_HEX = "0123456789abcdefABCDEF"


def _should_escape(c: str, mode: str) -> bool:
    """net/url's shouldEscape for the modes urlParse needs."""
    if c.isascii() and c.isalnum():
        return False
    if mode == "host" and c in "!$&'()*+,;=:[]<>\"":
        return False
    if c in "-_.~":
        return False
    if c in "$&+,/:;=?@":
        if mode == "user":
            return c in "@/?:"
        if mode == "path":
            return c == "?"
        if mode == "fragment":
            return False
    return not (mode == "fragment" and c in "!()*")


def _unescape(s: str, mode: str) -> str:
    out = bytearray()
    b = s.encode("utf-8", "surrogatepass")
    i = 0
    while i < len(b):
        c = b[i]
        if c == 0x25:
            h = b[i + 1 : i + 3].decode("latin-1")
            if len(h) < 2 or h[0] not in _HEX or h[1] not in _HEX:
                raise _URLError("invalid URL escape")
            if mode == "host" and int(h[0], 16) < 8 and h != "25":
                raise _URLError("invalid URL escape")
            out.append(int(h, 16))
            i += 3
            continue
        if mode == "host" and c < 0x80 and _should_escape(chr(c), "host"):
            raise _URLError("invalid character in host name")
        out.append(c)
        i += 1
    return out.decode("utf-8", "replace")


def _escape(s: str, mode: str) -> str:
    out = []
    for byte in s.encode("utf-8", "surrogatepass"):
        c = chr(byte)
        out.append(f"%{byte:02X}" if byte >= 0x80 or _should_escape(c, mode) else c)
    return "".join(out)


def _valid_port(p: str) -> bool:
    return p == "" or (p[0] == ":" and all("0" <= c <= "9" for c in p[1:]))


def _parse_host(host: str) -> str:
    if host.startswith("["):
        end = host.rfind("]")
        if end < 0:
            raise _URLError("missing ']' in host")
        if not _valid_port(host[end + 1 :]):
            raise _URLError("invalid port after host")
        return host
    i = host.rfind(":")
    if i >= 0 and not _valid_port(host[i:]):
        raise _URLError("invalid port after host")
    return _unescape(host, "host")


def go_url_parse(raw: str) -> dict[str, str]:
    """The parts of Go's url.Parse that sprig's urlParse returns."""
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in raw):
        raise _URLError("invalid control character in URL")
    rest, _, frag = raw.partition("#")
    u = {"scheme": "", "host": "", "hostname": "", "path": "", "query": "", "opaque": "", "userinfo": ""}
    u["fragment"] = _unescape(frag, "fragment")
    if rest == "*":
        u["path"] = "*"
        return u
    for i, c in enumerate(rest):
        if c.isascii() and c.isalpha():
            continue
        if ("0" <= c <= "9" or c in "+-.") and i > 0:
            continue
        if c == ":":
            if i == 0:
                raise _URLError("missing protocol scheme")
            u["scheme"], rest = rest[:i].lower(), rest[i + 1 :]
        break
    if rest.endswith("?") and rest.count("?") == 1:
        rest = rest[:-1]
    else:
        rest, _, u["query"] = rest.partition("?")
    if not rest.startswith("/"):
        if u["scheme"]:
            u["opaque"] = rest
            return u
        colon, slash = rest.find(":"), rest.find("/")
        if colon >= 0 and (slash < 0 or colon < slash):
            raise _URLError("first path segment in URL cannot contain colon")
    if (u["scheme"] or not rest.startswith("///")) and rest.startswith("//"):
        authority, sep, path = rest[2:].partition("/")
        rest = sep + path
        at = authority.rfind("@")
        u["host"] = _parse_host(authority[at + 1 :])
        if at >= 0:
            userinfo = authority[:at]
            if any(not (c.isascii() and c.isalnum()) and c not in "-._:~!$&'()*+,;=%@" for c in userinfo):
                raise _URLError("invalid userinfo")
            user, colon_sep, password = userinfo.partition(":")
            text = _escape(_unescape(user, "user"), "user")
            if colon_sep:
                text += ":" + _escape(_unescape(password, "user"), "user")
            u["userinfo"] = text
        host = u["host"]
        if host.startswith("["):
            u["hostname"] = host[1 : host.find("]")] if "]" in host else host[1:]
        else:
            colon = host.rfind(":")
            u["hostname"] = host[:colon] if colon >= 0 else host
    u["path"] = _unescape(rest, "path")
    return u


@func("string")
def _url_parse(s: str) -> dict[str, Any]:
    try:
        return dict(go_url_parse(s))
    except _URLError as e:
        raise GoError(f"unable to parse url: {e}") from None


def _dict_str(d: dict[str, Any], key: str) -> str:
    if key not in d:
        return ""
    v = d[key]
    if not isinstance(v, str):
        raise GoError(f"unable to parse {key} key, must be of type string")
    return v


@func("map")
def _url_join(d: dict[str, Any] | None) -> str:
    """Go's url.URL.String of the parts urlParse gives."""
    d = d or {}
    scheme, host, path = _dict_str(d, "scheme"), _dict_str(d, "host"), _dict_str(d, "path")
    query, opaque, fragment = _dict_str(d, "query"), _dict_str(d, "opaque"), _dict_str(d, "fragment")
    userinfo = _dict_str(d, "userinfo")
    user = ""
    if userinfo:
        try:
            user = go_url_parse(f"proto://{userinfo}@host")["userinfo"]
        except _URLError as e:
            raise GoError(f"unable to parse userinfo in dict: {e}") from None
    out = ""
    if scheme:
        out += scheme + ":"
    if opaque:
        out += opaque
    else:
        if scheme or host or user:
            if host or path or user:
                out += "//"
            if user:
                out += user + "@"
            if host:
                out += _escape(host, "host")
        if path and path[0] != "/" and host:
            out += "/"
        if not out:
            segment = path.split("/", 1)[0]
            if ":" in segment:
                out += "./"
        out += "*" if path == "*" else _escape(path, "path")
    if query:
        out += "?" + query
    if fragment:
        out += "#" + _escape(fragment, "fragment")
    return out


_NS = {
    "ns": 1,
    "us": 1_000,
    "\u00b5s": 1_000,
    "\u03bcs": 1_000,
    "ms": 1_000_000,
    "s": 10**9,
    "m": 60 * 10**9,
    "h": 3600 * 10**9,
}


def _wrap_int64(n: int) -> int:
    n &= (1 << 64) - 1
    return n - (1 << 64) if n >= 1 << 63 else n


def go_duration_string(d: int) -> str:
    """time.Duration.String."""
    if d == 0:
        return "0s"
    neg = d < 0
    u = -d if neg else d
    if u < 10**9:
        if u < 1_000:
            s = f"{u}ns"
        elif u < 1_000_000:
            s = _frac(u, 3) + "\u00b5s"
        else:
            s = _frac(u, 6) + "ms"
    else:
        secs, frac = divmod(u, 10**9)
        h, rem = divmod(secs, 3600)
        m, sec = divmod(rem, 60)
        sstr = str(sec) + (("." + f"{frac:09d}".rstrip("0")) if frac else "") + "s"
        if h:
            s = f"{h}h{m}m{sstr}"
        elif m:
            s = f"{m}m{sstr}"
        else:
            s = sstr
    return ("-" if neg else "") + s


def _frac(u: int, digits: int) -> str:
    whole, frac = divmod(u, 10**digits)
    f = f"{frac:0{digits}d}".rstrip("0")
    return f"{whole}.{f}" if f else str(whole)


def parse_go_duration(s: str) -> int | None:
    """time.ParseDuration in nanoseconds, None where Go fails."""
    orig = s
    neg = False
    if s[:1] in ("-", "+"):
        neg = s[0] == "-"
        s = s[1:]
    if s == "0":
        return 0
    if s == "":
        return None
    total = 0
    while s:
        i = 0
        while i < len(s) and s[i].isdigit() and s[i].isascii():
            i += 1
        whole = s[:i]
        s = s[i:]
        frac = ""
        if s.startswith("."):
            s = s[1:]
            j = 0
            while j < len(s) and s[j].isdigit() and s[j].isascii():
                j += 1
            frac, s = s[:j], s[j:]
        if not whole and not frac:
            return None
        j = 0
        while j < len(s) and s[j] != "." and not (s[j].isdigit() and s[j].isascii()):
            j += 1
        unit, s = s[:j], s[j:]
        if unit not in _NS:
            return None
        scale = _NS[unit]
        v = int(whole or "0") * scale
        if frac:
            v += int(frac) * scale // 10 ** len(frac)
        total += v
        if total > 1 << 63:
            return None
    del orig
    if not neg and total > (1 << 63) - 1:
        return None
    return -total if neg else total


@func("any")
def _duration(sec: Any) -> str:
    from .values import Int64

    n = 0
    if isinstance(sec, str):
        t = sec[1:] if sec[:1] in "+-" else sec
        if t.isdigit() and t.isascii():
            n = max(-(1 << 63), min(int(sec), (1 << 63) - 1))
    elif isinstance(sec, Int64):
        n = int(sec)
    return go_duration_string(_wrap_int64(n * 10**9))


@func("any")
def _duration_round(v: Any) -> str:
    from .values import Int64

    d = 0
    if isinstance(v, str):
        d = parse_go_duration(v) or 0
    elif isinstance(v, Int64):
        d = int(v)
    u = abs(d)
    hour = 3600 * 10**9
    for size, suffix in (
        (hour * 24 * 365, "y"),
        (hour * 24 * 30, "mo"),
        (hour * 24, "d"),
        (hour, "h"),
        (60 * 10**9, "m"),
        (10**9, "s"),
    ):
        if u > size:
            return f"{u // size}{suffix}"
    return "0s"


_RANDOM = random.SystemRandom()


@func("int", "int")
def _rand_int(lo: int, hi: int) -> int:
    if hi - lo <= 0:
        raise GoError("invalid argument to Intn")
    return lo + _RANDOM.randrange(hi - lo)


@func("string")
def _shuffle(s: str) -> str:
    chars = list(s)
    _RANDOM.shuffle(chars)
    return "".join(chars)


EXTRA: dict[str, Func] = {
    "randInt": _rand_int,
    "shuffle": _shuffle,
    "semver": _semver,
    "merge": _merge,
    "mustMerge": _merge,
    "mergeOverwrite": _merge_overwrite,
    "mustMergeOverwrite": _merge_overwrite,
    "wrap": _wrap,
    "wrapWith": _wrap_with,
    "urlJoin": _url_join,
    "urlParse": _url_parse,
    "duration": _duration,
    "durationRound": _duration_round,
}
