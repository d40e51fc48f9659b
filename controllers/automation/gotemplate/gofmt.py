"""Go's fmt verbs for the values a template sees, so `print`, `printf` and `{{.}}` read as in Go.

Covered: %v %+v %s %q %d %b %o %O %x %X %c %U %t %e %E %f %F %g %G %T %%, the flags `+ - # 0`
and space, width and precision (also `*`), and Go's error notations (`%!d(string=x)`,
`%!d(MISSING)`, `%!(EXTRA ...)`, `%!(NOVERB)`). Collections print recursively with the verb,
as Go does: `[1 2]`, `map[a:1 b:2]`, `{x y}`.
"""

from __future__ import annotations

import decimal
import math
from dataclasses import dataclass
from typing import Any

from .values import MISSING, Int64, is_struct, sorted_items, struct_fields, type_name

_ESC = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}


def _is_print(c: str) -> bool:
    return c == " " or c.isprintable()


def quote_string(s: str, quote: str = '"', ascii_only: bool = False) -> str:
    """strconv.Quote: Go escapes, printable runes kept."""
    out = [quote]
    for c in s:
        if c == quote or c == "\\":
            out.append("\\" + c)
        elif (_is_print(c) and not (ascii_only and ord(c) >= 0x80)) and not 0xD800 <= ord(c) <= 0xDFFF:
            out.append(c)
        elif c in _ESC:
            out.append(_ESC[c])
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append(f"\\x{ord(c):02x}")
        elif 0xD800 <= ord(c) <= 0xDFFF:
            out.append("\\ufffd")
        elif ord(c) < 0x10000:
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(f"\\U{ord(c):08x}")
    out.append(quote)
    return "".join(out)


def _shortest_digits(f: float) -> tuple[str, int]:
    """The shortest round-tripping decimal digits of |f| and the decimal point position."""
    d = decimal.Decimal(repr(abs(f)))
    _sign, digits, exp = d.as_tuple()
    assert isinstance(exp, int)
    ds = "".join(str(x) for x in digits).lstrip("0")
    if not ds:
        return "0", 1
    # value = 0.ds * 10**dp
    n_lead_zeros = len(digits) - len("".join(str(x) for x in digits).lstrip("0"))
    dp = len(digits) - n_lead_zeros + exp
    ds = ds.rstrip("0") or "0"
    return ds, dp


def format_float(f: float, verb: str, prec: int) -> str:
    """strconv.FormatFloat(f, verb, prec, 64) for e, f, g (prec -1: shortest)."""
    if math.isnan(f):
        return "NaN"
    if math.isinf(f):
        return "+Inf" if f > 0 else "-Inf"
    neg = math.copysign(1.0, f) < 0
    sign = "-" if neg else ""
    upper = verb.isupper()
    v = verb.lower()
    if prec >= 0:
        s = f"{abs(f):.{max(prec, 1) if prec else 1}g}" if v == "g" else f"{abs(f):.{prec}{v}}"
        return sign + (s.upper() if upper else s)
    ds, dp = _shortest_digits(f)
    exp = dp - 1
    if v == "g":
        v = "e" if exp < -4 or exp >= 6 else "f"
    if v == "e":
        s = ds[0] + ("." + ds[1:] if len(ds) > 1 else "") + _exp_str(exp)
    else:
        s = _fixed(ds, dp, max(len(ds) - dp, 0))
    return sign + (s.upper() if upper else s)


def _fixed(ds: str, dp: int, frac: int) -> str:
    if dp <= 0:
        intpart = "0"
        fracpart = "0" * (-dp) + ds
    elif dp >= len(ds):
        intpart = ds + "0" * (dp - len(ds))
        fracpart = ""
    else:
        intpart = ds[:dp]
        fracpart = ds[dp:]
    fracpart = (fracpart + "0" * frac)[:frac]
    return intpart + ("." + fracpart if frac > 0 else "")


def _exp_str(exp: int) -> str:
    return ("e-" if exp < 0 else "e+") + f"{abs(exp):02d}"


@dataclass
class _Spec:
    plus: bool = False
    minus: bool = False
    sharp: bool = False
    space: bool = False
    zero: bool = False
    width: int | None = None
    prec: int | None = None
    plus_v: bool = False
    sharp_v: bool = False


class _Printer:
    def __init__(self) -> None:
        self.buf: list[str] = []

    def pad(self, s: str, sp: _Spec, zero: str = "plain") -> None:
        """Pad to the width: spaces, or with the 0 flag zeros ("sign": after a sign, for floats;
        "none": never, for integers that did their own zero padding)."""
        if sp.width is None or len(s) >= sp.width:
            self.buf.append(s)
            return
        n = sp.width - len(s)
        if sp.minus:
            self.buf.append(s + " " * n)
        elif sp.zero and zero == "sign" and s[:1] in ("+", "-", " "):
            self.buf.append(s[0] + "0" * n + s[1:])
        elif sp.zero and zero != "none":
            self.buf.append("0" * n + s)
        else:
            self.buf.append(" " * n + s)

    def bad_verb(self, verb: str, v: Any, sp: _Spec | None = None) -> None:
        self.buf.append("%!" + verb + "(")
        if v is None or v is MISSING:
            self.buf.append("<nil>")
        else:
            self.buf.append(type_name(v) + "=")
            self.print_value(v, "v", sp or _Spec(), 0)
        self.buf.append(")")

    def print_value(self, v: Any, verb: str, sp: _Spec, depth: int) -> None:
        if sp.sharp_v and isinstance(v, float):
            self.fmt_float(v, "v", _Spec(**{**sp.__dict__, "sharp_v": False}))
            return
        if sp.sharp_v:
            self.pad(go_syntax(v, depth == 0), sp)
            return
        if verb == "T":
            if v is None or v is MISSING:
                self.pad("<nil>", sp)
            else:
                self.fmt_str(type_name(v), "s", sp)
            return
        if v is None or v is MISSING:
            if depth > 0:
                self.buf.append("<nil>")  # Go writes a nested nil without padding
            elif verb == "v":
                self.pad("<nil>", sp)
            else:
                self.bad_verb(verb, v, sp)
            return
        if isinstance(v, bool):
            if verb in "tv":
                self.pad("true" if v else "false", sp)
            else:
                self.bad_verb(verb, v, sp)
            return
        if isinstance(v, int):
            self.fmt_int(int(v), verb, sp, v)
            return
        if isinstance(v, float):
            self.fmt_float(v, verb, sp)
            return
        if isinstance(v, str):
            self.fmt_str(v, verb, sp)
            return
        if isinstance(v, bytes):
            if verb in "sqxX":
                self.fmt_str(v.decode("utf-8", "replace"), verb, sp)
                return
            v = list(v)
        if isinstance(v, (list, tuple)):
            self.buf.append("[")
            for i, e in enumerate(v):
                if i:
                    self.buf.append(" ")
                self.print_value(e, verb, sp, depth + 1)
            self.buf.append("]")
            return
        if isinstance(v, dict):
            self.buf.append("map[")
            for i, (k, e) in enumerate(sorted_items(v)):
                if i:
                    self.buf.append(" ")
                self.print_value(k, verb, sp, depth + 1)
                self.buf.append(":")
                self.print_value(e, verb, sp, depth + 1)
            self.buf.append("]")
            return
        if is_struct(v):
            s = getattr(v, "String", None)
            if callable(s) and verb in "vsq":
                self.fmt_str(str(s()), verb, sp)
                return
            self.buf.append("{")
            for i, (name, e) in enumerate(struct_fields(v)):
                if i:
                    self.buf.append(" ")
                if sp.plus_v:
                    self.buf.append(name + ":")
                self.print_value(e, verb, sp, depth + 1)
            self.buf.append("}")
            return
        self.bad_verb(verb, v, sp)

    def fmt_int(self, n: int, verb: str, sp: _Spec, orig: Any) -> None:
        if verb in "vd":
            body = str(abs(n))
            prefix = ""
        elif verb == "b":
            body, prefix = format(abs(n), "b"), "0b"
        elif verb == "o":
            body, prefix = format(abs(n), "o"), "0"
        elif verb == "O":
            body, prefix = format(abs(n), "o"), "0o"
        elif verb == "x":
            body, prefix = format(abs(n), "x"), "0x"
        elif verb == "X":
            body, prefix = format(abs(n), "X"), "0X"
        elif verb == "c":
            self.pad(_rune(n), sp)
            return
        elif verb == "q":
            self.pad(quote_string(_rune(n), "'", sp.plus), sp)
            return
        elif verb == "U":
            width = max(4, sp.prec or 0)
            s = f"U+{n if n >= 0 else n & 0xFFFFFFFFFFFFFFFF:0{width}X}"
            if sp.sharp and 0 <= n <= 0x10FFFF and _is_print(chr(n)):
                s += f" '{chr(n)}'"
            self.pad(s, sp, "none")
            return
        else:
            self.bad_verb(verb, orig, sp)
            return
        if sp.prec == 0 and n == 0:
            self.pad("", sp, "none")  # Go prints nothing, not even a sign, only the padding
            return
        if sp.prec is not None:
            body = body.rjust(sp.prec, "0")
        elif sp.zero and not sp.minus and sp.width is not None:
            sign_len = 1 if (n < 0 or sp.plus or sp.space) else 0
            body = body.rjust(sp.width - sign_len, "0")  # Go leaves no room for a 0x prefix
        if sp.sharp and verb in "oO" and not body.startswith("0"):
            body = "0" + body
        if verb == "O" or (sp.sharp and verb in "bxX"):
            body = prefix + body
        if n < 0:
            body = "-" + body
        elif sp.plus:
            body = "+" + body
        elif sp.space:
            body = " " + body
        self.pad(body, sp, "none")

    def fmt_float(self, f: float, verb: str, sp: _Spec) -> None:
        if verb not in "bveEfFgGxX":
            self.bad_verb(verb, f, sp)
            return
        if verb == "b":
            s = _binary_float(f)
        elif verb in "xX":
            s = _hex_float(f, sp.prec if sp.prec is not None else -1, verb)
        else:
            prec = sp.prec if sp.prec is not None else (6 if verb in "eEfF" else -1)
            s = format_float(f, "g" if verb == "v" else ("f" if verb == "F" else verb), prec)
        if sp.sharp and verb != "b" and math.isfinite(f):
            digits = 0
            if verb in "vgGx":
                digits = sp.prec if sp.prec is not None else 6
            s = _sharp_float(s, digits, verb in "xX")
        if sp.plus and not s.startswith("-"):
            s = "+" + s
        elif sp.space and not s.startswith("-"):
            s = " " + s
        if math.isinf(f) or math.isnan(f):
            self.pad(s, _Spec(minus=sp.minus, width=sp.width), "none")
            return
        self.pad(s, sp, "sign")

    def fmt_str(self, s: str, verb: str, sp: _Spec) -> None:
        if verb in "vs":
            if sp.prec is not None:
                s = s[: sp.prec]
            self.pad(s, sp)
        elif verb == "q":
            if sp.prec is not None:
                s = s[: sp.prec]
            if sp.sharp and "`" not in s and all(_is_print(c) or c == "\t" for c in s):
                self.pad("`" + s + "`", sp)
            else:
                self.pad(quote_string(s, '"', sp.plus), sp)
        elif verb in "xX":
            data = s.encode("utf-8", "replace")
            if sp.prec is not None:
                data = data[: sp.prec]
            fmt = "02x" if verb == "x" else "02X"
            parts = [format(b, fmt) for b in data]
            px = ("0x" if verb == "x" else "0X") if sp.sharp else ""
            out = " ".join(px + p for p in parts) if sp.space else px + "".join(parts) if parts else ""
            self.pad(out, sp)
        else:
            self.bad_verb(verb, s, sp)


def go_syntax(v: Any, top: bool = True) -> str:
    """%#v: the value as a Go literal."""
    if v is None or v is MISSING:
        return "<nil>" if top else "interface {}(nil)"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(int(v))
    if isinstance(v, float):
        return format_float(v, "g", -1)
    if isinstance(v, str):
        return quote_string(v)
    if isinstance(v, (list, tuple)):
        return type_name(v) + "{" + ", ".join(go_syntax(e, False) for e in v) + "}"
    if isinstance(v, dict):
        items = ", ".join(go_syntax(k, False) + ":" + go_syntax(e, False) for k, e in sorted_items(v))
        return type_name(v) + "{" + items + "}"
    if is_struct(v):
        fields = ", ".join(f"{n}:{go_syntax(e, False)}" for n, e in struct_fields(v))
        return type_name(v) + "{" + fields + "}"
    return str(v)


def _rune(n: int) -> str:
    if 0 <= n <= 0x10FFFF and not 0xD800 <= n <= 0xDFFF:
        return chr(n)
    return "\ufffd"


def _hex_float(f: float, prec: int, verb: str) -> str:
    """strconv's %x of a float: 0x1.hhhp±dd, the mantissa rounded half to even to prec digits."""
    if math.isinf(f) or math.isnan(f):
        return format_float(f, "g", -1)
    sign = "-" if math.copysign(1.0, f) < 0 else ""
    if f == 0:
        mant, exp = 0, 0
    else:
        m, e = math.frexp(abs(f))  # m in [0.5, 1)
        mant, exp = int(m * (1 << 53)), e - 1  # 1.fff * 2**exp with 52 fraction bits
    frac_bits = 52
    if 0 <= prec < 13:
        drop = frac_bits - 4 * prec
        kept, rest = mant >> drop, mant & ((1 << drop) - 1)
        half = 1 << (drop - 1)
        if rest > half or (rest == half and kept & 1):
            kept += 1
        mant, frac_bits = kept, 4 * prec
        if mant >> frac_bits >= 2:
            mant >>= 1
            exp += 1
            if frac_bits:
                mant <<= 0
    digits = ""
    if frac_bits:
        frac = mant & ((1 << frac_bits) - 1)
        digits = f"{frac:0{frac_bits // 4}x}"
        if prec < 0:
            digits = digits.rstrip("0")
    if prec > 13:
        digits = digits.ljust(prec, "0")
    lead = "0" if f == 0 else "1"
    body = f"0x{lead}" + ("." + digits if digits else "") + f"p{'+' if exp >= 0 else '-'}{abs(exp):02d}"
    out = sign + body
    return out.upper() if verb == "X" else out


def _binary_float(f: float) -> str:
    """strconv's %b of a float64: decimal mantissa, p, binary exponent."""
    import struct

    bits = struct.unpack(">Q", struct.pack(">d", f))[0]
    sign = "-" if bits >> 63 else ""
    exp = (bits >> 52) & 0x7FF
    mant = bits & ((1 << 52) - 1)
    if exp == 0x7FF:
        return format_float(f, "g", -1)
    if exp == 0:
        exp = 1
    else:
        mant |= 1 << 52
    e = exp - 1023 - 52
    return f"{sign}{mant}p{'+' if e >= 0 else '-'}{abs(e)}"


def _sharp_float(num: str, digits: int, hexa: bool) -> str:
    """The # flag on floats: always a decimal point, and %g/%v keep trailing zeros up to the
    precision (6 by default)."""
    sign = num[0] if num[:1] in "+- " else ""
    body = num[len(sign) :]
    tail = ""
    cut = len(body)
    for i, c in enumerate(body):
        if c in "pP" or (c in "eE" and not hexa):
            cut = i
            break
    body, tail = body[:cut], body[cut:]
    has_point = "." in body
    saw_nonzero = False
    for c in body:
        if c == ".":
            continue
        if c != "0":
            saw_nonzero = True
        if saw_nonzero:
            digits -= 1
    if not has_point:
        if body == "0":
            digits -= 1
        body += "."
    if digits > 0:
        body += "0" * digits
    return sign + body + tail


def _too_large(x: int) -> bool:
    return x > 1_000_000 or x < -1_000_000


def _parse_num(fmt: str, i: int) -> tuple[int | None, int]:
    """fmt's parsenum: digits at i; an absurdly long number swallows the rest of the format."""
    num = 0
    start = i
    while i < len(fmt) and "0" <= fmt[i] <= "9":
        if _too_large(num):
            return None, len(fmt)
        num = num * 10 + ord(fmt[i]) - 48
        i += 1
    return (num if i > start else None), i


def _int_arg(args: list[Any], argn: int) -> tuple[int | None, int]:
    """The int argument for a `*` width or precision, and the next argument number."""
    if argn >= len(args):
        return None, argn
    a = args[argn]
    if isinstance(a, bool) or not isinstance(a, int) or _too_large(int(a)):
        return None, argn + 1
    return int(a), argn + 1


class _Doer:
    """fmt.Sprintf's scan of the format: flags, [n] indexes, width, precision, verb."""

    def __init__(self, fmt: str, args: list[Any]) -> None:
        self.fmt = fmt
        self.args = args
        self.reordered = False
        self.good_argnum = True

    def arg_number(self, argn: int, i: int) -> tuple[int, int, bool]:
        fmt = self.fmt
        if i >= len(fmt) or fmt[i] != "[":
            return argn, i, False
        self.reordered = True
        rest = fmt[i:]
        index, wid, ok = -1, 1, False
        if len(rest) >= 3:
            close = rest.find("]", 1)
            if close >= 0:
                num, newi = _parse_num(rest[:close], 1)
                if num is not None and newi == close:
                    index, wid, ok = num - 1, close + 1, True
                else:
                    wid = close + 1
        if ok and 0 <= index < len(self.args):
            return index, i + wid, True
        self.good_argnum = False
        return argn, i + wid, ok

    def run(self) -> str:
        fmt, args = self.fmt, self.args
        p = _Printer()
        argn = 0
        i = 0
        end = len(fmt)
        while i < end:
            self.good_argnum = True
            j = fmt.find("%", i)
            if j < 0:
                p.buf.append(fmt[i:])
                break
            p.buf.append(fmt[i:j])
            i = j + 1
            sp = _Spec()
            while i < end and fmt[i] in "+-# 0":
                c = fmt[i]
                if c == "+":
                    sp.plus = True
                elif c == "-":
                    sp.minus = True
                    sp.zero = False
                elif c == "#":
                    sp.sharp = True
                elif c == " ":
                    sp.space = True
                else:
                    sp.zero = not sp.minus
                i += 1
            argn, i, after_index = self.arg_number(argn, i)
            if i < end and fmt[i] == "*":
                i += 1
                sp.width, argn = _int_arg(args, argn)
                if sp.width is None:
                    p.buf.append("%!(BADWIDTH)")
                elif sp.width < 0:
                    sp.width = -sp.width
                    sp.minus = True
                    sp.zero = False
                after_index = False
            else:
                sp.width, i = _parse_num(fmt, i)
                if after_index and sp.width is not None:
                    self.good_argnum = False
            if i + 1 < end and fmt[i] == ".":
                i += 1
                if after_index:
                    self.good_argnum = False
                argn, i, after_index = self.arg_number(argn, i)
                if i < end and fmt[i] == "*":
                    i += 1
                    sp.prec, argn = _int_arg(args, argn)
                    if sp.prec is not None and sp.prec < 0:
                        sp.prec = None
                    if sp.prec is None:
                        p.buf.append("%!(BADPREC)")
                    after_index = False
                else:
                    prec, i = _parse_num(fmt, i)
                    sp.prec = prec if prec is not None else 0
            if not after_index:
                argn, i, after_index = self.arg_number(argn, i)
            if i >= end:
                p.buf.append("%!(NOVERB)")
                break
            for n in (sp.width, sp.prec):
                if n is not None:
                    limits_check(n)
            verb = fmt[i]
            i += 1
            if verb == "%":
                p.buf.append("%")
                continue
            if not self.good_argnum:
                p.buf.append("%!" + verb + "(BADINDEX)")
                continue
            if argn >= len(args):
                p.buf.append("%!" + verb + "(MISSING)")
                continue
            if verb == "v":
                if sp.sharp:
                    sp.sharp_v = True
                    sp.sharp = False
                if sp.plus:
                    sp.plus_v = True
                    sp.plus = False
            p.print_value(args[argn], verb, sp, 0)
            argn += 1
        if not self.reordered and argn < len(args):
            p.buf.append("%!(EXTRA ")
            for k, a in enumerate(args[argn:]):
                if k:
                    p.buf.append(", ")
                if a is None or a is MISSING:
                    p.buf.append("<nil>")
                else:
                    p.buf.append(type_name(a) + "=")
                    p.print_value(a, "v", _Spec(), 0)
            p.buf.append(")")
        return "".join(p.buf)


def limits_check(n: int) -> None:
    """A width or precision builds a value of about that size: it must fit the budget."""
    from .funcs import limits

    limits().check_size(n)


def sprintf(fmt: str, args: list[Any]) -> str:
    """fmt.Sprintf."""
    return _Doer(fmt, args).run()


def sprint(args: list[Any]) -> str:
    """fmt.Sprint: a space between operands when neither is a string."""
    p = _Printer()
    prev_string = False
    for k, a in enumerate(args):
        is_string = isinstance(a, str)
        if k > 0 and not is_string and not prev_string:
            p.buf.append(" ")
        p.print_value(a, "v", _Spec(), 0)
        prev_string = is_string
    return "".join(p.buf)


def sprintln(args: list[Any]) -> str:
    """fmt.Sprintln: spaces always, and a newline."""
    p = _Printer()
    for k, a in enumerate(args):
        if k:
            p.buf.append(" ")
        p.print_value(a, "v", _Spec(), 0)
    return "".join(p.buf) + "\n"


def to_string(v: Any) -> str:
    """How `{{.}}` prints a value: fmt.Fprint of it, `<no value>` for the invalid value."""
    if v is MISSING:
        return "<no value>"
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if type(v) is int or isinstance(v, Int64):
        return str(int(v))
    return sprint([v])
