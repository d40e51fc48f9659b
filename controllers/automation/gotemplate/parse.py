"""The parse tree of a Go text/template, built with Go's grammar and Go's parse errors.

A template that Go rejects must be rejected here too (and the reverse), so that a message
template accepted by `lookout` behaves the same under Flux.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .errors import TemplateError
from .lexer import Item, Tok, lex


@dataclass
class Node:
    """Base of all nodes; `pos` is the offset in the template text, `line` its line."""

    pos: int
    line: int


@dataclass
class TextNode(Node):
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass
class DotNode(Node):
    def __str__(self) -> str:
        return "."


@dataclass
class NilNode(Node):
    def __str__(self) -> str:
        return "nil"


@dataclass
class BoolNode(Node):
    value: bool

    def __str__(self) -> str:
        return "true" if self.value else "false"


@dataclass
class StringNode(Node):
    quoted: str
    text: str

    def __str__(self) -> str:
        return self.quoted


@dataclass
class NumberNode(Node):
    text: str
    is_int: bool = False
    is_uint: bool = False
    is_float: bool = False
    int_value: int = 0
    float_value: float = 0.0

    def __str__(self) -> str:
        return self.text


@dataclass
class FieldNode(Node):
    ident: list[str]

    def __str__(self) -> str:
        return "".join("." + i for i in self.ident)


@dataclass
class VariableNode(Node):
    ident: list[str]

    def __str__(self) -> str:
        return ".".join(self.ident)


@dataclass
class IdentifierNode(Node):
    name: str

    def __str__(self) -> str:
        return self.name


@dataclass
class ChainNode(Node):
    node: Node
    fields: list[str]

    def __str__(self) -> str:
        inner = str(self.node)
        if isinstance(self.node, PipeNode):
            inner = f"({inner})"
        return inner + "".join("." + f for f in self.fields)


@dataclass
class CommandNode(Node):
    args: list[Node] = field(default_factory=list)

    def __str__(self) -> str:
        return " ".join(f"({a})" if isinstance(a, PipeNode) else str(a) for a in self.args)


@dataclass
class PipeNode(Node):
    is_assign: bool = False
    decl: list[VariableNode] = field(default_factory=list)
    cmds: list[CommandNode] = field(default_factory=list)

    def __str__(self) -> str:
        s = ""
        if self.decl:
            s = ", ".join(str(v) for v in self.decl) + (" = " if self.is_assign else " := ")
        return s + " | ".join(str(c) for c in self.cmds)


@dataclass
class ListNode(Node):
    nodes: list[Node] = field(default_factory=list)

    def __str__(self) -> str:
        return "".join(str(n) for n in self.nodes)


@dataclass
class ActionNode(Node):
    pipe: PipeNode

    def __str__(self) -> str:
        return "{{" + str(self.pipe) + "}}"


@dataclass
class BranchNode(Node):
    """if, range and with."""

    kind: str
    pipe: PipeNode
    body: ListNode
    else_list: ListNode | None

    def __str__(self) -> str:
        tail = "" if self.else_list is None else "{{else}}" + str(self.else_list)
        return f"{{{{{self.kind} {self.pipe}}}}}{self.body}{tail}{{{{end}}}}"


@dataclass
class BreakNode(Node):
    def __str__(self) -> str:
        return "{{break}}"


@dataclass
class ContinueNode(Node):
    def __str__(self) -> str:
        return "{{continue}}"


@dataclass
class TemplateNode(Node):
    name: str
    pipe: PipeNode | None

    def __str__(self) -> str:
        from .gofmt import quote_string

        pipe = "" if self.pipe is None else f" {self.pipe}"
        return f"{{{{template {quote_string(self.name)}{pipe}}}}}"


@dataclass
class _EndNode(Node):
    def __str__(self) -> str:
        return "{{end}}"


@dataclass
class _ElseNode(Node):
    def __str__(self) -> str:
        return "{{else}}"


Trees = dict[str, ListNode]

_GO_INT = re.compile(
    r"[+-]?(?:0[xX](?:_?[0-9a-fA-F])+|0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0(?:_?[0-7])*|[1-9](?:_?[0-9])*)"
)


def _parse_go_int(text: str) -> int | None:
    """strconv.ParseInt/ParseUint with base 0 (sign allowed), without the 64-bit range check."""
    if not _GO_INT.fullmatch(text):
        return None
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-").replace("_", "")
    if len(body) > 1 and body[0] == "0" and body[1] not in "xXbBoO":
        return sign * int(body, 8)
    return sign * int(body, 0)


def parse_number(text: str, typ: Tok) -> NumberNode:
    """The number constant `text` with the int/float views Go's parser gives it."""
    from controllers.policy.gofloat import parse_go_float

    n = NumberNode(0, 0, text)
    if typ is Tok.CHAR_CONSTANT:
        try:
            body = unquote(text)
        except _MalformedChar:
            raise ValueError(f"malformed character constant: {text}") from None
        n.is_int = n.is_uint = n.is_float = True
        n.int_value = ord(body)
        n.float_value = float(n.int_value)
        return n
    if typ is Tok.COMPLEX or text.endswith("i"):
        raise ValueError(f"complex constants are not supported: {text!r}")
    v = _parse_go_int(text)
    if v is not None:
        if 0 <= v < 1 << 64 and not text.startswith("-"):
            n.is_uint = True
        if -(1 << 63) <= v < 1 << 63:
            n.is_int = True
            if v == 0:
                n.is_uint = True
        if n.is_int or n.is_uint:
            n.int_value = v
            n.is_float = True
            n.float_value = float(v)
    if not (n.is_int or n.is_uint):
        f = parse_go_float(text)
        if f is not None:
            if not any(c in text for c in ".eEpP"):
                raise ValueError(f"integer overflow: {_q(text)}")
            n.is_float = True
            n.float_value = f
            if f == f and abs(f) != float("inf") and float(int(f)) == f:
                iv = int(f)
                if -(1 << 63) <= iv < 1 << 63:
                    n.is_int = True
                    n.int_value = iv
                if 0 <= iv < 1 << 64:
                    n.is_uint = True
                    n.int_value = iv
    if not (n.is_int or n.is_uint or n.is_float):
        raise ValueError(f"illegal number syntax: {_q(text)}")
    return n


def _q(s: str) -> str:
    from .gofmt import quote_string

    return quote_string(s)


class _MalformedChar(ValueError):
    """A character constant holding other than one character."""


_SIMPLE_ESC = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\"}


def unquote(text: str) -> str:
    """strconv.Unquote for "...", `...` and '...' literals; ValueError like Go's ErrSyntax."""
    if len(text) < 2 or text[0] != text[-1] or text[0] not in "\"'`":
        raise ValueError("invalid syntax")
    q = text[0]
    body = text[1:-1]
    if q == "`":
        if "`" in body:
            raise ValueError("invalid syntax")
        return body.replace("\r", "")
    if "\n" in body:
        raise ValueError("invalid syntax")
    out: list[str] = []
    pending = bytearray()  # \x and octal escapes are bytes, decoded as UTF-8 together

    def flush() -> None:
        if pending:
            out.append(pending.decode("utf-8", errors="replace"))
            pending.clear()

    i = 0
    while i < len(body):
        c = body[i]
        if c == q:
            raise ValueError("invalid syntax")
        if c != "\\":
            flush()
            out.append(c)
            i += 1
            continue
        i += 1
        if i >= len(body):
            raise ValueError("invalid syntax")
        e = body[i]
        i += 1
        if e in _SIMPLE_ESC:
            flush()
            out.append(_SIMPLE_ESC[e])
        elif e == q:
            flush()
            out.append(e)
        elif e in "xuU":
            n = {"x": 2, "u": 4, "U": 8}[e]
            hexs = body[i : i + n]
            if len(hexs) != n or not all(h in "0123456789abcdefABCDEF" for h in hexs):
                raise ValueError("invalid syntax")
            i += n
            v = int(hexs, 16)
            if e == "x":
                if q == "'":
                    flush()
                    out.append(chr(v))
                else:
                    pending.append(v)
            else:
                if v > 0x10FFFF or 0xD800 <= v <= 0xDFFF:
                    raise ValueError("invalid syntax")
                flush()
                out.append(chr(v))
        elif e in "01234567":
            octs = body[i - 1 : i + 2]
            if len(octs) != 3 or not all(o in "01234567" for o in octs):
                raise ValueError("invalid syntax")
            i += 2
            v = int(octs, 8)
            if v > 255:
                raise ValueError("invalid syntax")
            if q == "'":
                flush()
                out.append(chr(v))
            else:
                pending.append(v)
        else:
            raise ValueError("invalid syntax")
    flush()
    result = "".join(out)
    if q == "'" and len(result) != 1:
        raise _MalformedChar("invalid syntax")
    return result


class _Tree:
    """Parses one template body (the main template, a define or a block)."""

    def __init__(self, p: Parser, name: str) -> None:
        self.p = p
        self.name = name
        self.vars = ["$"]
        self.range_depth = 0

    def errorf(self, msg: str) -> TemplateError:
        return self.p.errorf(msg)


class Parser:
    """Go's recursive-descent parser over the token list; `parse` returns the named trees."""

    def __init__(self, text: str, name: str, funcs: Callable[[str], bool]) -> None:
        self.text = text
        self.name = name
        self.items = lex(text)
        self.i = 0
        self.has_func = funcs
        self.trees: Trees = {}
        self.tree = _Tree(self, name)
        self.action_line = 0
        self.last_line = 1

    # -- token access
    def next(self) -> Item:
        it = self.items[min(self.i, len(self.items) - 1)]
        self.i += 1
        self.last_line = it.line
        return it

    def backup(self, n: int = 1) -> None:
        self.i -= n

    def peek(self) -> Item:
        return self.items[min(self.i, len(self.items) - 1)]

    def next_non_space(self) -> Item:
        while True:
            it = self.next()
            if it.typ is not Tok.SPACE:
                return it

    def peek_non_space(self) -> Item:
        it = self.next_non_space()
        self.backup()
        return it

    def errorf(self, msg: str) -> TemplateError:
        return TemplateError(f"template: {self.name}:{self.last_line}: {msg}")

    def expect(self, typ: Tok, context: str) -> Item:
        it = self.next_non_space()
        if it.typ is not typ:
            raise self.unexpected(it, context)
        return it

    def unexpected(self, it: Item, context: str) -> TemplateError:
        if it.typ is Tok.ERROR:
            extra = ""
            if self.action_line not in (0, it.line):
                extra = f" in action started at {self.name}:{self.action_line}"
                if it.val.endswith(" action"):
                    extra = extra[len(" in action") :]
            return self.errorf(f"{it}{extra}")
        return self.errorf(f"unexpected {it} in {context}")

    # -- top level
    def parse(self) -> Trees:
        root = ListNode(0, 1)
        while self.peek().typ is not Tok.EOF:
            if self.peek().typ is Tok.LEFT_DELIM:
                self.next()
                if self.next_non_space().typ is Tok.DEFINE:
                    self.parse_definition()
                    continue
                # back up over the delimiter and whatever spaces followed it
                while self.items[self.i - 1].typ is not Tok.LEFT_DELIM:
                    self.i -= 1
                self.i -= 1
            n = self.text_or_action()
            if isinstance(n, (_EndNode, _ElseNode)):
                raise self.errorf(f"unexpected {n}")
            root.nodes.append(n)
        self.add_tree(self.name, root)
        return self.trees

    def add_tree(self, name: str, root: ListNode) -> None:
        old = self.trees.get(name)
        if old is not None and not _is_empty(old) and not _is_empty(root):
            raise self.errorf(f"template: multiple definition of template {_q(name)}")
        if old is None or not _is_empty(root) or _is_empty(old):
            self.trees[name] = root

    def parse_definition(self) -> None:
        outer = self.tree
        it = self.next_non_space()
        if it.typ not in (Tok.STRING, Tok.RAW_STRING):
            raise self.unexpected(it, "define clause")
        name = self._unquote(it)
        self.expect(Tok.RIGHT_DELIM, "define clause")
        self.tree = _Tree(self, name)
        body, end = self.item_list()
        if not isinstance(end, _EndNode):
            raise self.errorf(f"unexpected {end} in define clause")
        self.add_tree(name, body)
        self.tree = outer

    def _unquote(self, it: Item) -> str:
        try:
            return unquote(it.val)
        except ValueError as e:
            raise self.errorf(str(e)) from None

    def item_list(self) -> tuple[ListNode, Node]:
        lst = ListNode(self.peek_non_space().pos, self.peek_non_space().line)
        while self.peek_non_space().typ is not Tok.EOF:
            n = self.text_or_action()
            if isinstance(n, (_EndNode, _ElseNode)):
                return lst, n
            lst.nodes.append(n)
        raise self.errorf("unexpected EOF")

    def text_or_action(self) -> Node:
        it = self.next_non_space()
        if it.typ is Tok.TEXT:
            return TextNode(it.pos, it.line, it.val)
        if it.typ is Tok.LEFT_DELIM:
            self.action_line = it.line
            try:
                return self.action()
            finally:
                self.action_line = 0
        raise self.unexpected(it, "input")

    def action(self) -> Node:
        it = self.next_non_space()
        t = it.typ
        if t is Tok.BLOCK:
            return self.block_control()
        if t is Tok.BREAK:
            return self.break_continue(it, "break")
        if t is Tok.CONTINUE:
            return self.break_continue(it, "continue")
        if t is Tok.ELSE:
            return self.else_control()
        if t is Tok.END:
            tok = self.expect(Tok.RIGHT_DELIM, "end")
            return _EndNode(tok.pos, tok.line)
        if t is Tok.IF:
            return self.branch("if")
        if t is Tok.RANGE:
            return self.branch("range")
        if t is Tok.TEMPLATE:
            return self.template_control()
        if t is Tok.WITH:
            return self.branch("with")
        self.backup()
        tok = self.peek()
        return ActionNode(tok.pos, tok.line, self.pipeline("command", Tok.RIGHT_DELIM))

    def break_continue(self, it: Item, word: str) -> Node:
        tok = self.next_non_space()
        if tok.typ is not Tok.RIGHT_DELIM:
            raise self.unexpected(tok, "{{" + word + "}}")
        if self.tree.range_depth == 0:
            raise self.errorf("{{" + word + "}} outside {{range}}")
        return BreakNode(it.pos, it.line) if word == "break" else ContinueNode(it.pos, it.line)

    def else_control(self) -> Node:
        peek = self.peek_non_space()
        if peek.typ in (Tok.IF, Tok.WITH):
            return _ElseNode(peek.pos, peek.line)
        tok = self.expect(Tok.RIGHT_DELIM, "else")
        return _ElseNode(tok.pos, tok.line)

    def branch(self, context: str) -> Node:
        tree = self.tree
        nvars = len(tree.vars)
        try:
            pipe = self.pipeline(context, Tok.RIGHT_DELIM)
            if context == "range":
                tree.range_depth += 1
            body, nxt = self.item_list()
            if context == "range":
                tree.range_depth -= 1
            else_list: ListNode | None = None
            if isinstance(nxt, _ElseNode):
                if context in ("if", "with") and self.peek().typ is (Tok.IF if context == "if" else Tok.WITH):
                    self.next()
                    else_list = ListNode(nxt.pos, nxt.line, [self.branch(context)])
                else:
                    else_list, nxt = self.item_list()
                    if not isinstance(nxt, _EndNode):
                        raise self.errorf(f"expected end; found {nxt}")
        finally:
            del tree.vars[nvars:]
        return BranchNode(pipe.pos, pipe.line, context, pipe, body, else_list)

    def template_control(self) -> Node:
        context = "template clause"
        it = self.next_non_space()
        name = self.template_name(it, context)
        pipe: PipeNode | None = None
        if self.next_non_space().typ is not Tok.RIGHT_DELIM:
            self.backup()
            pipe = self.pipeline(context, Tok.RIGHT_DELIM)
        return TemplateNode(it.pos, it.line, name, pipe)

    def template_name(self, it: Item, context: str) -> str:
        if it.typ in (Tok.STRING, Tok.RAW_STRING):
            return self._unquote(it)
        raise self.unexpected(it, context)

    def block_control(self) -> Node:
        context = "block clause"
        it = self.next_non_space()
        name = self.template_name(it, context)
        pipe = self.pipeline(context, Tok.RIGHT_DELIM)
        outer = self.tree
        self.tree = _Tree(self, name)
        body, end = self.item_list()
        if not isinstance(end, _EndNode):
            raise self.errorf(f"unexpected {end} in {context}")
        self.add_tree(name, body)
        self.tree = outer
        return TemplateNode(it.pos, it.line, name, pipe)

    # -- pipelines
    def pipeline(self, context: str, end: Tok) -> PipeNode:
        tok = self.peek_non_space()
        pipe = PipeNode(tok.pos, tok.line)
        while True:  # declarations
            v = self.peek_non_space()
            if v.typ is not Tok.VARIABLE:
                break
            start = self.i
            self.next_non_space()
            after = self.peek()
            nxt = self.peek_non_space()
            if nxt.typ in (Tok.ASSIGN, Tok.DECLARE):
                pipe.is_assign = nxt.typ is Tok.ASSIGN
                self.next_non_space()
                pipe.decl.append(VariableNode(v.pos, v.line, [v.val]))
                self.tree.vars.append(v.val)
                break
            if nxt.typ is Tok.CHAR and nxt.val == ",":
                self.next_non_space()
                pipe.decl.append(VariableNode(v.pos, v.line, [v.val]))
                self.tree.vars.append(v.val)
                if context == "range" and len(pipe.decl) < 2:
                    if self.peek_non_space().typ in (Tok.VARIABLE, Tok.RIGHT_DELIM, Tok.RIGHT_PAREN):
                        continue
                    raise self.errorf("range can only initialize variables")
                raise self.errorf(f"too many declarations in {context}")
            del after
            self.i = start
            break
        while True:
            it = self.next_non_space()
            if it.typ is end:
                self.check_pipeline(pipe, context)
                return pipe
            if it.typ in (
                Tok.BOOL,
                Tok.CHAR_CONSTANT,
                Tok.COMPLEX,
                Tok.DOT,
                Tok.FIELD,
                Tok.IDENTIFIER,
                Tok.NUMBER,
                Tok.NIL,
                Tok.RAW_STRING,
                Tok.STRING,
                Tok.VARIABLE,
                Tok.LEFT_PAREN,
            ):
                self.backup()
                pipe.cmds.append(self.command())
            else:
                raise self.unexpected(it, context)

    def check_pipeline(self, pipe: PipeNode, context: str) -> None:
        if not pipe.cmds:
            raise self.errorf(f"missing value for {context}")
        for i, c in enumerate(pipe.cmds[1:]):
            if isinstance(c.args[0], (BoolNode, DotNode, NilNode, NumberNode, StringNode)):
                raise self.errorf(f"non executable command in pipeline stage {i + 2}")

    def command(self) -> CommandNode:
        tok = self.peek_non_space()
        cmd = CommandNode(tok.pos, tok.line)
        while True:
            self.peek_non_space()
            op = self.operand()
            if op is not None:
                cmd.args.append(op)
            it = self.next()
            if it.typ is Tok.SPACE:
                continue
            if it.typ in (Tok.RIGHT_DELIM, Tok.RIGHT_PAREN):
                self.backup()
            elif it.typ is Tok.PIPE:
                pass
            else:
                raise self.unexpected(it, "operand")
            break
        if not cmd.args:
            raise self.errorf("empty command")
        return cmd

    def operand(self) -> Node | None:
        node = self.term()
        if node is None:
            return None
        if self.peek().typ is Tok.FIELD:
            fields: list[str] = []
            pos = self.peek().pos
            while self.peek().typ is Tok.FIELD:
                fields.append(self.next().val[1:])
            if isinstance(node, FieldNode):
                return FieldNode(pos, node.line, node.ident + fields)
            if isinstance(node, VariableNode):
                return VariableNode(pos, node.line, node.ident + fields)
            if isinstance(node, (BoolNode, StringNode, NumberNode, NilNode, DotNode)):
                raise self.errorf(f"unexpected . after term {_q(str(node))}")
            return ChainNode(pos, node.line, node, fields)
        return node

    def term(self) -> Node | None:
        it = self.next_non_space()
        t = it.typ
        if t is Tok.IDENTIFIER:
            if not self.has_func(it.val):
                raise self.errorf(f"function {_q(it.val)} not defined")
            return IdentifierNode(it.pos, it.line, it.val)
        if t is Tok.DOT:
            return DotNode(it.pos, it.line)
        if t is Tok.NIL:
            return NilNode(it.pos, it.line)
        if t is Tok.VARIABLE:
            return self.use_var(it)
        if t is Tok.FIELD:
            return FieldNode(it.pos, it.line, [it.val[1:]])
        if t is Tok.BOOL:
            return BoolNode(it.pos, it.line, it.val == "true")
        if t in (Tok.CHAR_CONSTANT, Tok.COMPLEX, Tok.NUMBER):
            try:
                n = parse_number(it.val, t)
            except ValueError as e:
                raise self.errorf(str(e)) from None
            n.pos, n.line = it.pos, it.line
            return n
        if t is Tok.LEFT_PAREN:
            return self.pipeline("parenthesized pipeline", Tok.RIGHT_PAREN)
        if t in (Tok.STRING, Tok.RAW_STRING):
            return StringNode(it.pos, it.line, it.val, self._unquote(it))
        self.backup()
        return None

    def use_var(self, it: Item) -> VariableNode:
        name = it.val.split(".")[0]
        if name not in self.tree.vars:
            raise self.errorf(f"undefined variable {_q(name)}")
        return VariableNode(it.pos, it.line, [name])


def _is_empty(n: Node | None) -> bool:
    """A tree of only whitespace text may be redefined, as Go's IsEmptyTree allows."""
    if n is None:
        return True
    if isinstance(n, ListNode):
        return all(_is_empty(c) for c in n.nodes)
    if isinstance(n, TextNode):
        return n.text.strip() == ""
    return False
