"""Executes a parsed template over Python data with Go's evaluation rules, inside a budget of
steps and output so a hostile template is an error, never a hang."""

from __future__ import annotations

import inspect
from typing import Any

from .errors import TemplateError
from .funcs import KIND_NAMES, Func, GoError, LimitExceeded, Limits
from .gofmt import to_string
from .parse import (
    ActionNode,
    BoolNode,
    BranchNode,
    BreakNode,
    ChainNode,
    CommandNode,
    ContinueNode,
    DotNode,
    FieldNode,
    IdentifierNode,
    ListNode,
    NilNode,
    Node,
    NumberNode,
    PipeNode,
    StringNode,
    TemplateNode,
    TextNode,
    Trees,
    VariableNode,
)
from .values import MISSING, Int64, is_int, is_method, is_struct, sorted_items, truth, type_name

MAX_DEPTH = 100


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class _ExecError(Exception):
    """An execution error before it is given the template position."""


class _Output:
    def __init__(self, limit: int) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.limit = limit

    def write(self, s: str) -> None:
        self.size += len(s.encode("utf-8", "surrogatepass")) if not s.isascii() else len(s)
        if self.size > self.limit:
            raise LimitExceeded(f"template: output exceeds {self.limit} bytes")
        self.parts.append(s)


class State:
    """One execution: the variable stack, the output and the budget."""

    def __init__(
        self, trees: Trees, funcs: dict[str, Func], text: str, tmpl: str, out: _Output, limits: Limits
    ) -> None:
        self.trees = trees
        self.funcs = funcs
        self.text = text
        self.tmpl = tmpl
        self.out = out
        self.limits = limits
        self.vars: list[tuple[str, Any]] = []
        self.node: Node | None = None
        self.depth = 0

    # -- errors
    def fail(self, msg: str) -> TemplateError:
        n = self.node
        if n is None:
            return TemplateError(f"template: {self.tmpl}: {msg}")
        line_start = self.text.rfind("\n", 0, n.pos) + 1
        col = len(self.text[line_start : n.pos].encode("utf-8", "surrogatepass"))
        return TemplateError(
            f'template: {self.tmpl}:{n.line}:{col}: executing "{self.tmpl}" at <{_short(n)}>: {msg}'
        )

    def at(self, n: Node) -> None:
        self.node = n
        self.limits.charge(1)

    # -- variables
    def mark(self) -> int:
        return len(self.vars)

    def pop(self, mark: int) -> None:
        del self.vars[mark:]

    def push(self, name: str, v: Any) -> None:
        self.vars.append((name, v))

    def set_var(self, name: str, v: Any) -> None:
        for i in range(len(self.vars) - 1, -1, -1):
            if self.vars[i][0] == name:
                self.vars[i] = (name, v)
                return
        raise self.fail(f"undefined variable: {name}")

    def set_top_var(self, n: int, v: Any) -> None:
        self.vars[len(self.vars) - n] = (self.vars[len(self.vars) - n][0], v)

    def var_value(self, name: str) -> Any:
        for i in range(len(self.vars) - 1, -1, -1):
            if self.vars[i][0] == name:
                return self.vars[i][1]
        raise self.fail(f"undefined variable: {name}")

    # -- walking
    def walk(self, dot: Any, node: Node) -> None:
        self.at(node)
        if isinstance(node, TextNode):
            self.out.write(node.text)
        elif isinstance(node, ActionNode):
            val = self.eval_pipeline(dot, node.pipe)
            if not node.pipe.decl:
                self.print_value(node, val)
        elif isinstance(node, ListNode):
            for n in node.nodes:
                self.walk(dot, n)
        elif isinstance(node, BranchNode):
            if node.kind == "range":
                self.walk_range(dot, node)
            else:
                self.walk_if_with(dot, node)
        elif isinstance(node, BreakNode):
            raise _Break()
        elif isinstance(node, ContinueNode):
            raise _Continue()
        elif isinstance(node, TemplateNode):
            self.walk_template(dot, node)
        else:  # pragma: no cover - the parser makes no other nodes
            raise self.fail(f"unknown node: {node}")

    def print_value(self, node: Node, v: Any) -> None:
        self.at(node)
        if inspect.isroutine(v):
            raise self.fail(f"can't print {node} of type {type_name(v)}")
        s = to_string(v)
        self.out.write(s)

    def walk_if_with(self, dot: Any, node: BranchNode) -> None:
        mark = self.mark()
        try:
            val = self.eval_pipeline(dot, node.pipe)
            if truth(val):
                self.walk(val if node.kind == "with" else dot, node.body)
            elif node.else_list is not None:
                self.walk(dot, node.else_list)
        finally:
            self.pop(mark)

    def walk_range(self, dot: Any, node: BranchNode) -> None:
        self.at(node)
        outer = self.mark()
        decl = node.pipe.decl
        try:
            val = self.eval_pipeline(dot, node.pipe)
            mark = self.mark()

            def one(index: Any, elem: Any) -> None:
                self.limits.charge(1)
                if decl:
                    if node.pipe.is_assign:
                        self.set_var(decl[0].ident[0], index if len(decl) > 1 else elem)
                    else:
                        self.set_top_var(1, elem)
                if len(decl) > 1:
                    if node.pipe.is_assign:
                        self.set_var(decl[1].ident[0], elem)
                    else:
                        self.set_top_var(2, index)
                try:
                    self.walk(elem, node.body)
                except _Continue:
                    pass
                finally:
                    self.pop(mark)

            ran = False
            try:
                if isinstance(val, (list, tuple)):
                    for i, e in enumerate(val):
                        ran = True
                        one(i, e)
                elif isinstance(val, dict):
                    for k, e in sorted_items(val):
                        ran = True
                        one(k, e)
                elif is_int(val) and not isinstance(val, bool):
                    if len(decl) > 1:
                        raise self.fail("can't use an integer to iterate over more than one variable")
                    for i in range(int(val)):
                        ran = True
                        v = Int64(i) if isinstance(val, Int64) else i
                        one(v, v)
                elif val is MISSING or val is None:
                    pass
                else:
                    raise self.fail(f"range can't iterate over a value of type {type_name(val)}")
            except _Break:
                return
            if not ran and node.else_list is not None:
                self.walk(dot, node.else_list)
        finally:
            self.pop(outer)

    def walk_template(self, dot: Any, node: TemplateNode) -> None:
        tree = self.trees.get(node.name)
        if tree is None:
            raise self.fail(f"template {_q(node.name)} not defined")
        if self.depth >= MAX_DEPTH:
            raise LimitExceeded(str(self.fail(f"exceeded maximum template depth ({MAX_DEPTH})")))
        new_dot = self.eval_pipeline(dot, node.pipe) if node.pipe is not None else MISSING
        saved = (self.vars, self.tmpl)
        self.vars = [("$", new_dot)]
        self.tmpl = node.name
        self.depth += 1
        try:
            self.walk(new_dot, tree)
        finally:
            self.vars, self.tmpl = saved
            self.depth -= 1

    # -- evaluation
    def eval_pipeline(self, dot: Any, pipe: PipeNode) -> Any:
        self.at(pipe)
        value: Any = _NO_FINAL
        for cmd in pipe.cmds:
            value = self.eval_command(dot, cmd, value)
            if value is None:
                value = MISSING  # Go unwraps a nil interface{} into the invalid value
        for v in pipe.decl:
            if pipe.is_assign:
                self.set_var(v.ident[0], value)
            else:
                self.push(v.ident[0], value)
        return value

    def eval_command(self, dot: Any, cmd: CommandNode, final: Any) -> Any:
        first = cmd.args[0]
        if isinstance(first, FieldNode):
            return self.eval_field_chain(dot, dot, first, first.ident, cmd.args, final)
        if isinstance(first, ChainNode):
            return self.eval_chain(dot, first, cmd.args, final)
        if isinstance(first, IdentifierNode):
            return self.eval_function(dot, first, cmd, cmd.args, final)
        if isinstance(first, PipeNode):
            self.not_a_function(cmd.args, final)
            return self.eval_pipeline(dot, first)
        if isinstance(first, VariableNode):
            return self.eval_variable(dot, first, cmd.args, final)
        self.at(first)
        self.not_a_function(cmd.args, final)
        if isinstance(first, BoolNode):
            return first.value
        if isinstance(first, DotNode):
            return dot
        if isinstance(first, NilNode):
            raise self.fail("nil is not a command")
        if isinstance(first, NumberNode):
            return self.ideal_constant(first)
        if isinstance(first, StringNode):
            return first.text
        raise self.fail(f"can't evaluate command {first}")

    def not_a_function(self, args: list[Node], final: Any) -> None:
        if len(args) > 1 or final is not _NO_FINAL:
            raise self.fail(f"can't give argument to non-function {args[0]}")

    def ideal_constant(self, n: NumberNode) -> Any:
        self.at(n)
        t = n.text
        is_hex_int = len(t) > 2 and t[0] == "0" and t[1] in "xX" and not any(c in t for c in "pP")
        if n.is_float and not is_hex_int and not t.startswith("'") and any(c in t for c in ".eEpP"):
            return n.float_value
        if n.is_int:
            return n.int_value
        raise self.fail(f"{t} overflows int")

    def eval_chain(self, dot: Any, chain: ChainNode, args: list[Node], final: Any) -> Any:
        if isinstance(chain.node, NilNode):
            raise self.fail(f"indirection through explicit nil in {chain}")
        pipe = self.eval_arg(dot, None, chain.node)
        return self.eval_field_chain(dot, pipe, chain, chain.fields, args, final)

    def eval_variable(self, dot: Any, var: VariableNode, args: list[Node], final: Any) -> Any:
        self.at(var)
        value = self.var_value(var.ident[0])
        if len(var.ident) == 1:
            self.not_a_function(args, final)
            return value
        return self.eval_field_chain(dot, value, var, var.ident[1:], args, final)

    def eval_field_chain(
        self, dot: Any, receiver: Any, node: Node, ident: list[str], args: list[Node], final: Any
    ) -> Any:
        self.at(node)
        for name in ident[:-1]:
            receiver = self.eval_field(dot, name, node, [], _NO_FINAL, receiver)
        return self.eval_field(dot, ident[-1], node, args, final, receiver)

    def eval_field(self, dot: Any, name: str, node: Node, args: list[Node], final: Any, receiver: Any) -> Any:
        if receiver is MISSING:
            return MISSING
        if receiver is None:
            raise self.fail(f"nil pointer evaluating interface {{}}.{name}")
        has_args = len(args) > 1 or final is not _NO_FINAL
        if isinstance(receiver, dict):
            if all(isinstance(k, str) for k in receiver):
                if has_args:
                    raise self.fail(f"{name} is not a method but has arguments")
                return receiver.get(name, MISSING)
        elif is_struct(receiver):
            attr = getattr(receiver, name, MISSING) if not name.startswith("_") else MISSING
            if attr is not MISSING:
                if is_method(attr) or _class_callable(receiver, name, attr):
                    return self.eval_call(dot, _method_func(attr), node, name, args, final)
                if not name[:1].isupper():
                    raise self.fail(f"{name} is an unexported field of struct type {type_name(receiver)}")
                if has_args:
                    raise self.fail(f"{name} has arguments but cannot be invoked as function")
                return attr
        raise self.fail(f"can't evaluate field {name} in type {type_name(receiver)}")

    def eval_function(self, dot: Any, node: IdentifierNode, cmd: Node, args: list[Node], final: Any) -> Any:
        self.at(node)
        fn = self.funcs.get(node.name)
        if fn is None:
            raise self.fail(f"{_q(node.name)} is not a defined function")
        return self.eval_call(dot, fn, cmd, node.name, args, final)

    def eval_call(self, dot: Any, fn: Func, node: Node, name: str, args: list[Node], final: Any) -> Any:
        call_args = args[1:] if args else []
        num_in = len(call_args) + (0 if final is _NO_FINAL else 1)
        nparams = len(fn.params)
        if fn.variadic is not None:
            if num_in < nparams:
                raise self.fail(
                    f"wrong number of args for {name}: want at least {nparams} got {len(call_args)}"
                )
        elif num_in != nparams:
            raise self.fail(f"wrong number of args for {name}: want {nparams} got {num_in}")

        def param(i: int) -> str:
            if i < nparams:
                return fn.params[i]
            assert fn.variadic is not None
            return fn.variadic

        if fn.fn in (_AND, _OR):
            want = fn.fn is _OR
            v: Any = MISSING
            for a in call_args:
                v = self.eval_arg(dot, "value", a)
                if truth(v) == want:
                    return v
            if final is not _NO_FINAL:
                v = self.validate(final, "value")
            return v
        argv = [self.eval_arg(dot, param(i), a) for i, a in enumerate(call_args)]
        if final is not _NO_FINAL:
            argv.append(self.validate(final, param(len(call_args))))
        try:
            result = fn.fn(*argv)
        except (LimitExceeded, _Break, _Continue):
            raise
        except TemplateError as e:
            self.at(node)
            raise self.fail(f"error calling {name}: {e}") from None
        except RecursionError:
            raise
        except Exception as e:  # a Go panic or returned error
            self.at(node)
            raise self.fail(f"error calling {name}: {_err_text(e)}") from None
        self.limits.charge(1)
        if isinstance(result, (str, list, tuple, dict, bytes)):
            self.at(node)
            try:
                self.limits.check_size(len(result))
            except LimitExceeded as e:
                raise LimitExceeded(str(self.fail(str(e)))) from None
        return result

    def eval_arg(self, dot: Any, kind: str | None, n: Node) -> Any:
        self.at(n)
        if isinstance(n, DotNode):
            return self.validate(dot, kind)
        if isinstance(n, NilNode):
            if kind in (None, "any", "map", "strings", "value"):
                return None
            raise self.fail(f"cannot assign nil to {KIND_NAMES[kind]}")
        if isinstance(n, FieldNode):
            return self.validate(self.eval_field_chain(dot, dot, n, n.ident, [n], _NO_FINAL), kind)
        if isinstance(n, VariableNode):
            return self.validate(self.eval_variable(dot, n, [n], _NO_FINAL), kind)
        if isinstance(n, PipeNode):
            return self.validate(self.eval_pipeline(dot, n), kind)
        if isinstance(n, IdentifierNode):
            return self.validate(self.eval_function(dot, n, n, [n], _NO_FINAL), kind)
        if isinstance(n, ChainNode):
            return self.validate(self.eval_chain(dot, n, [n], _NO_FINAL), kind)
        if kind == "bool":
            if isinstance(n, BoolNode):
                return n.value
            raise self.fail(f"expected bool; found {n}")
        if kind in ("int", "int64"):
            if isinstance(n, NumberNode) and n.is_int:
                if not -(1 << 63) <= n.int_value < 1 << 63:
                    raise self.fail(f"expected integer; found {n}")
                return Int64(n.int_value) if kind == "int64" else n.int_value
            raise self.fail(f"expected integer; found {n}")
        if kind == "float64":
            if isinstance(n, NumberNode) and n.is_float:
                return n.float_value
            raise self.fail(f"expected float; found {n}")
        if kind == "string":
            if isinstance(n, StringNode):
                return n.text
            raise self.fail(f"expected string; found {n}")
        if kind in ("any", "value"):
            if isinstance(n, BoolNode):
                return n.value
            if isinstance(n, NumberNode):
                return self.ideal_constant(n)
            if isinstance(n, StringNode):
                return n.text
        raise self.fail(f"can't handle {n} for arg of type {KIND_NAMES.get(kind or 'any')}")

    def validate(self, v: Any, kind: str | None) -> Any:
        """Go's validateType: may this value be passed as a parameter of that kind?"""
        if kind is None or kind == "value":
            return v
        if v is MISSING:
            if kind in ("any", "map", "strings"):
                return None
            raise self.fail(f"invalid value; expected {KIND_NAMES[kind]}")
        if kind == "any":
            return v
        if v is None:
            raise self.fail(f"wrong type for value; expected {KIND_NAMES[kind]}; got interface {{}}")
        ok = False
        if kind == "string":
            ok = isinstance(v, str)
        elif kind == "int":
            ok = type(v) is int
        elif kind == "int64":
            ok = isinstance(v, Int64)
        elif kind == "float64":
            ok = isinstance(v, float)
        elif kind == "bool":
            ok = isinstance(v, bool)
        elif kind == "map":
            ok = (
                isinstance(v, dict)
                and type_name(v) == KIND_NAMES["map"]
                and all(isinstance(k, str) for k in v)
            )
        elif kind == "strings":
            ok = type_name(v) == "[]string"
        if not ok:
            raise self.fail(f"wrong type for value; expected {KIND_NAMES[kind]}; got {type_name(v)}")
        return v


class _NoFinal:
    def __repr__(self) -> str:
        return "NO_FINAL"


_NO_FINAL: Any = _NoFinal()

from .builtins import and_ as _and_func  # noqa: E402
from .builtins import or_ as _or_func  # noqa: E402

_AND = _and_func.fn
_OR = _or_func.fn


def _class_callable(receiver: Any, name: str, attr: Any) -> bool:
    """A callable the object's class provides (a staticmethod, a callable class attribute) is a
    method; a callable stored in the instance is a func-typed field, which Go does not call."""
    if not callable(attr) or isinstance(attr, type):
        return False
    instance_dict = getattr(receiver, "__dict__", None)
    return not (isinstance(instance_dict, dict) and name in instance_dict) and hasattr(type(receiver), name)


def _method_func(m: Any) -> Func:
    """A Python method as a Go method: its positional parameters are interface{} arguments."""
    try:
        sig = inspect.signature(m)
    except (TypeError, ValueError):
        return Func(m, (), "any")
    params: list[str] = []
    variadic: str | None = None
    for p in sig.parameters.values():
        if p.kind is inspect.Parameter.VAR_POSITIONAL:
            variadic = "any"
        elif p.kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD):
            params.append("any")
    return Func(m, tuple(params), variadic)


def _err_text(e: BaseException) -> str:
    """The error text of a failed call: our own Go-worded messages, else only the kind of
    failure, since a Python exception's text may quote the data."""
    if isinstance(e, GoError):
        return str(e)
    if isinstance(e, ZeroDivisionError):
        return "runtime error: integer divide by zero"
    if isinstance(e, IndexError):
        return "runtime error: index out of range"
    return f"runtime error ({type(e).__name__})"


def _short(n: Node) -> str:
    """The node as Go quotes it in an execution error: its template text."""
    return str(n)


def _q(s: str) -> str:
    from .gofmt import quote_string

    return quote_string(s)


def execute(
    trees: Trees,
    funcs: dict[str, Func],
    text: str,
    name: str,
    data: Any,
    max_output: int,
    max_steps: int,
) -> str:
    """Run template `name` over `data`."""
    from .funcs import LIMITS

    lim = Limits(max_output, max_steps)
    token = LIMITS.set(lim)
    out = _Output(max_output)
    st = State(trees, funcs, text, name, out, lim)
    root = trees.get(name)
    if root is None:
        raise TemplateError(f'template: no template "{name}" associated with template "{name}"')
    dot = MISSING if data is None else data
    st.vars = [("$", dot)]
    try:
        st.walk(dot, root)
    except RecursionError:
        raise LimitExceeded(f"template: {name}: nesting too deep") from None
    finally:
        LIMITS.reset(token)
    return "".join(out.parts)
