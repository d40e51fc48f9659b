"""Tokens of Go's text/template: text, delimiters, trim markers and the words inside actions.

The trim rules decide what a commit message looks like, so they follow Go's exactly: `{{- ` and
` -}}` trim only when the dash is separated from the action by a space, tab, CR or newline.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

LEFT = "{{"
RIGHT = "}}"
SPACES = " \t\r\n"


class Tok(enum.Enum):
    """The token kinds; keywords print as `<name>` in errors, the others quoted."""

    ERROR = "error"
    EOF = "EOF"
    TEXT = "text"
    COMMENT = "comment"
    LEFT_DELIM = "left delim"
    RIGHT_DELIM = "right delim"
    SPACE = "space"
    ASSIGN = "="
    DECLARE = ":="
    PIPE = "|"
    LEFT_PAREN = "("
    RIGHT_PAREN = ")"
    CHAR = "char"
    STRING = "string"
    RAW_STRING = "raw string"
    CHAR_CONSTANT = "char constant"
    NUMBER = "number"
    COMPLEX = "complex"
    BOOL = "bool"
    IDENTIFIER = "identifier"
    FIELD = "field"
    VARIABLE = "variable"
    # keywords
    BLOCK = "block"
    BREAK = "break"
    CONTINUE = "continue"
    DOT = "."
    DEFINE = "define"
    ELSE = "else"
    END = "end"
    IF = "if"
    NIL = "nil"
    RANGE = "range"
    TEMPLATE = "template"
    WITH = "with"


KEYWORDS = {
    t.value: t
    for t in (
        Tok.BLOCK,
        Tok.BREAK,
        Tok.CONTINUE,
        Tok.DOT,
        Tok.DEFINE,
        Tok.ELSE,
        Tok.END,
        Tok.IF,
        Tok.NIL,
        Tok.RANGE,
        Tok.TEMPLATE,
        Tok.WITH,
    )
}
_KEYWORD_TOKS = frozenset(KEYWORDS.values())


@dataclass(frozen=True)
class Item:
    """One token with its byte-free position (a str index) and 1-based line."""

    typ: Tok
    pos: int
    val: str
    line: int

    def __str__(self) -> str:
        if self.typ is Tok.EOF:
            return "EOF"
        if self.typ is Tok.ERROR:
            return self.val
        if self.typ in _KEYWORD_TOKS:
            return f"<{self.val}>"
        if len(self.val) > 10:
            return go_quote(self.val[:10]) + "..."
        return go_quote(self.val)


def go_quote(s: str) -> str:
    """Go's strconv.Quote for the error messages of the parser."""
    from .gofmt import quote_string

    return quote_string(s)


def is_space(c: str) -> bool:
    return c in SPACES and c != ""


def is_alnum(c: str) -> bool:
    return c == "_" or c.isalpha() or c.isdigit()


def _left_trim_len(s: str) -> int:
    return len(s) - len(s.lstrip(SPACES))


def _right_trim_len(s: str) -> int:
    return len(s) - len(s.rstrip(SPACES))


def _has_left_trim(s: str) -> bool:
    return len(s) >= 2 and s[0] == "-" and is_space(s[1])


def _has_right_trim(s: str) -> bool:
    return len(s) >= 2 and is_space(s[0]) and s[1] == "-"


class LexError(Exception):
    """Internal: stops the lexer; the parser reports it as Go does."""


def lex(text: str) -> list[Item]:
    """All tokens of `text`, ending with EOF or an ERROR item."""
    return _Lexer(text).run()


class _Lexer:
    def __init__(self, text: str) -> None:
        self.s = text
        self.pos = 0
        self.start = 0
        self.line = 1
        self.start_line = 1
        self.items: list[Item] = []
        self.paren_depth = 0

    # -- helpers
    def peek(self) -> str:
        return self.s[self.pos] if self.pos < len(self.s) else ""

    def next(self) -> str:
        if self.pos >= len(self.s):
            self.pos += 1  # so that backup() is symmetric at EOF
            return ""
        c = self.s[self.pos]
        self.pos += 1
        if c == "\n":
            self.line += 1
        return c

    def backup(self) -> None:
        self.pos -= 1
        if self.pos < len(self.s) and self.s[self.pos] == "\n":
            self.line -= 1

    def emit(self, typ: Tok) -> None:
        self.items.append(Item(typ, self.start, self.s[self.start : self.pos], self.start_line))
        self.ignore()

    def ignore(self) -> None:
        self.start = self.pos
        self.start_line = self.line

    def error(self, msg: str) -> None:
        self.items.append(Item(Tok.ERROR, self.start, msg, self.start_line))
        raise LexError(msg)

    def accept(self, chars: str) -> bool:
        c = self.next()
        if c != "" and c in chars:
            return True
        self.backup()
        return False

    def accept_run(self, chars: str) -> None:
        while True:
            c = self.next()
            if c == "" or c not in chars:
                self.backup()
                return

    def skip_to(self, pos: int) -> None:
        """Move forward to `pos`, counting lines."""
        self.line += self.s.count("\n", self.pos, pos)
        self.pos = pos

    def at_right_delim(self) -> tuple[bool, bool]:
        rest = self.s[self.pos :]
        if _has_right_trim(rest) and rest[2:].startswith(RIGHT):
            return True, True
        if rest.startswith(RIGHT):
            return True, False
        return False, False

    def at_terminator(self) -> bool:
        c = self.peek()
        if c == "" or is_space(c) or c in ".,|:)(":
            return True
        return self.s.startswith(RIGHT, self.pos)

    # -- states
    def run(self) -> list[Item]:
        try:
            while True:
                if not self.lex_text():
                    break
                self.lex_left_delim()
        except LexError:
            pass
        return self.items

    def lex_text(self) -> bool:
        """Emit text up to the next action; False at EOF."""
        x = self.s.find(LEFT, self.pos)
        if x < 0:
            self.skip_to(len(self.s))
            if self.pos > self.start:
                self.emit(Tok.TEXT)
            self.emit(Tok.EOF)
            return False
        if x > self.pos:
            trim = 0
            if _has_left_trim(self.s[x + len(LEFT) :]):
                trim = _right_trim_len(self.s[self.start : x])
            self.skip_to(x - trim)
            if self.pos > self.start:
                self.emit(Tok.TEXT)
            self.skip_to(x)
            self.ignore()
        return True

    def lex_left_delim(self) -> None:
        self.skip_to(self.pos + len(LEFT))
        trim = _has_left_trim(self.s[self.pos :])
        after = 2 if trim else 0
        if self.s.startswith("/*", self.pos + after):
            self.skip_to(self.pos + after)
            self.ignore()
            self.lex_comment()
            return
        item = Item(Tok.LEFT_DELIM, self.start, self.s[self.start : self.pos], self.start_line)
        self.items.append(item)
        self.skip_to(self.pos + after)
        self.ignore()
        self.paren_depth = 0
        self.lex_inside_action()

    def lex_comment(self) -> None:
        self.skip_to(self.pos + 2)
        x = self.s.find("*/", self.pos)
        if x < 0:
            self.error("unclosed comment")
        self.skip_to(x + 2)
        delim, trim = self.at_right_delim()
        if not delim:
            self.error("comment ends before closing delimiter")
        if trim:
            self.skip_to(self.pos + 2)
        self.skip_to(self.pos + len(RIGHT))
        if trim:
            self.skip_to(self.pos + _left_trim_len(self.s[self.pos :]))
        self.ignore()  # comments are dropped, as without parse.ParseComments

    def lex_right_delim(self, trim: bool) -> None:
        if trim:
            self.skip_to(self.pos + 2)
            self.ignore()
        self.skip_to(self.pos + len(RIGHT))
        self.emit(Tok.RIGHT_DELIM)
        if trim:
            self.skip_to(self.pos + _left_trim_len(self.s[self.pos :]))
            self.ignore()

    def lex_inside_action(self) -> None:
        while True:
            delim, trim = self.at_right_delim()
            if delim:
                if self.paren_depth == 0:
                    self.lex_right_delim(trim)
                    return
                self.error("unclosed left paren")
            c = self.next()
            if c == "":
                self.error("unclosed action")
            elif is_space(c):
                self.backup()
                self.lex_space()
            elif c == "=":
                self.emit(Tok.ASSIGN)
            elif c == ":":
                if self.next() != "=":
                    self.error("expected :=")
                self.emit(Tok.DECLARE)
            elif c == "|":
                self.emit(Tok.PIPE)
            elif c == '"':
                self.lex_quote()
            elif c == "`":
                self.lex_raw_quote()
            elif c == "$":
                self.lex_field_or_variable(Tok.VARIABLE)
            elif c == "'":
                self.lex_char()
            elif c == "." and not ("0" <= self.peek() <= "9" and self.peek() != ""):
                self.lex_field_or_variable(Tok.FIELD)
            elif c in "+-." or "0" <= c <= "9":
                self.backup()
                self.lex_number()
            elif is_alnum(c):
                self.backup()
                self.lex_identifier()
            elif c == "(":
                self.paren_depth += 1
                self.emit(Tok.LEFT_PAREN)
            elif c == ")":
                self.paren_depth -= 1
                if self.paren_depth < 0:
                    self.error("unexpected right paren")
                self.emit(Tok.RIGHT_PAREN)
            elif ord(c) < 128 and c.isprintable():
                self.emit(Tok.CHAR)
            else:
                self.error(f"unrecognized character in action: {_unicode_repr(c)}")

    def lex_space(self) -> None:
        n = 0
        while is_space(self.peek()):
            self.next()
            n += 1
        rest = self.s[self.pos - 1 :]
        if _has_right_trim(rest) and rest[2:].startswith(RIGHT):
            self.backup()
            if n == 1:
                return
        self.emit(Tok.SPACE)

    def lex_identifier(self) -> None:
        while is_alnum(self.next()):
            pass
        self.backup()
        word = self.s[self.start : self.pos]
        if not self.at_terminator():
            self.error(f"bad character {_unicode_repr(self.peek())}")
        if word in KEYWORDS:
            self.emit(KEYWORDS[word])
        elif word in ("true", "false"):
            self.emit(Tok.BOOL)
        else:
            self.emit(Tok.IDENTIFIER)

    def lex_field_or_variable(self, typ: Tok) -> None:
        if self.at_terminator():
            self.emit(Tok.VARIABLE if typ is Tok.VARIABLE else Tok.DOT)
            return
        while is_alnum(self.next()):
            pass
        self.backup()
        if not self.at_terminator():
            self.error(f"bad character {_unicode_repr(self.peek())}")
        self.emit(typ)

    def lex_char(self) -> None:
        while True:
            c = self.next()
            if c == "\\":
                c2 = self.next()
                if c2 not in ("", "\n"):
                    continue
                self.error("unterminated character constant")
            if c in ("", "\n"):
                self.error("unterminated character constant")
            if c == "'":
                break
        self.emit(Tok.CHAR_CONSTANT)

    def lex_quote(self) -> None:
        while True:
            c = self.next()
            if c == "\\":
                c2 = self.next()
                if c2 not in ("", "\n"):
                    continue
                self.error("unterminated quoted string")
            if c in ("", "\n"):
                self.error("unterminated quoted string")
            if c == '"':
                break
        self.emit(Tok.STRING)

    def lex_raw_quote(self) -> None:
        x = self.s.find("`", self.pos)
        if x < 0:
            self.error("unterminated raw quoted string")
        self.skip_to(x + 1)
        self.emit(Tok.RAW_STRING)

    def lex_number(self) -> None:
        if not self.scan_number():
            self.error(f"bad number syntax: {go_quote(self.s[self.start : self.pos])}")
        if self.peek() in ("+", "-") and self.peek() != "":
            if not self.scan_number() or self.s[self.pos - 1] != "i":
                self.error(f"bad number syntax: {go_quote(self.s[self.start : self.pos])}")
            self.emit(Tok.COMPLEX)
            return
        self.emit(Tok.NUMBER)

    def scan_number(self) -> bool:
        self.accept("+-")
        digits = "0123456789_"
        if self.accept("0"):
            if self.accept("xX"):
                digits = "0123456789abcdefABCDEF_"
            elif self.accept("oO"):
                digits = "01234567_"
            elif self.accept("bB"):
                digits = "01_"
        self.accept_run(digits)
        if self.accept("."):
            self.accept_run(digits)
        if len(digits) == 11 and self.accept("eE"):
            self.accept("+-")
            self.accept_run("0123456789_")
        if len(digits) == 23 and self.accept("pP"):
            self.accept("+-")
            self.accept_run("0123456789_")
        self.accept("i")
        if is_alnum(self.peek()) and self.peek() != "":
            self.next()
            return False
        return True


def _unicode_repr(c: str) -> str:
    """Go's %#U: `U+0025 '%'`."""
    if c == "":
        return "U+FFFFFFFF"
    code = f"U+{ord(c):04X}"
    return f"{code} '{c}'" if c.isprintable() else code
