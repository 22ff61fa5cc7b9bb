"""The declarations a `.sd` file makes for GradBench: the arrays an eval passes, how their rows
bind to the script's variables, and what each function the eval asks for computes.

Declarations are comment lines that start with `#:`, so `symdiff run` reads the file as a plain
script and the mathematics stays in the statement language:

    #: input cams[n, 11] = r1, r2, r3, c1, c2, c3, f, u0, v0, k1, k2
    #: input w[p] = w
    #: index obs[p, 2]
    #: for i < p: reproj_error[i] = err1, err2 at cams[obs[i, 0]], x[obs[i, 1]], w[i], feats[i]
    #: function objective = values(reproj_error, w_err)
    #: function jacobian = jacobian(reproj_error, w_err; cams, x, w)

- `input A[N, K] = v1, ..., vK`: a real array of N rows of K numbers (`A[N] = v` is one number a
  row); row r, wherever a map reads it, gives the variables v1..vK their values.
- `index B[N, K]`: an integer array (row indices into inputs).
- `for i < N: OUT[i] = e1, ..., eM at A[i], C[B[i, 0]], ...`: for every i, the expressions e1..eM
  (statement-language expressions over the variables of the arrays read) are row i of the output
  OUT (N rows of M numbers). An argument names the row it reads: `A[i]`, or `C[B[i, k]]`, the row
  given by column k of index array B.
- `function NAME = values(OUT, ...)`: the outputs themselves.
- `function NAME = jacobian(OUT, ...; A, C, ...)`: the Jacobian of the outputs (rows: each
  output's numbers in order, the outputs one after the other) with respect to the inputs A, C, ...
  (columns: each input's numbers in order, the inputs one after the other), as a compressed sparse
  row matrix holding the entries a map's row can depend on: the variables of the rows it reads.

Sizes (N) are names, given their values by the arrays the eval passes, or whole numbers.

An eval over whole vectors and matrices declares its inputs in the statement language itself
(`x: vector(n)`, `C: matrix(k, d)`), defines its functions there, and names them for the eval:

- `function NAME = value(E)`: the value of E, a name the script defines.
- `function NAME = gradient(E; V, ...)`: the value of the scalar E and its gradients with respect
  to the declared V, ... (tensors.py derives and compiles these).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field


class SpecError(Exception):
    """A declaration that cannot be read, with the file, line and column it points at."""

    def __init__(self, path: str, line_number: int, column: int, line: str, message: str):
        self.path, self.line_number, self.column = path, line_number, column
        caret = " " * (column - 1) + "^"
        super().__init__(f"{path}:{line_number}:{column}: error: {message}\n  {line}\n  {caret}")


@dataclass
class Input:
    """A real array: `size` rows of `len(variables)` numbers; a row binds `variables`."""
    name: str
    size: str
    variables: list[str]
    is_vector: bool  # declared A[N] (one number a row) rather than A[N, K]

    @property
    def width(self) -> int:
        return len(self.variables)


@dataclass
class Index:
    """An integer array of `size` rows of `width` row numbers."""
    name: str
    size: str
    width: int


@dataclass
class Row:
    """Which row of `array` a map reads for element i: i itself, or column `column` of `index`."""
    array: str
    index: str | None = None
    column: int = 0


@dataclass
class Map:
    """`for i < size: output[i] = expressions at arguments`."""
    size: str
    output: str
    expressions: list[str]
    arguments: list[Row]
    line: int


@dataclass
class Function:
    """A function the eval asks for: `values` of outputs, or their `jacobian` by `wrt` inputs."""
    name: str
    kind: str
    outputs: list[str]
    wrt: list[str]
    line: int


@dataclass
class Spec:
    """Everything a `.sd` file declares, and the file's text (the script symdiff runs)."""
    path: str
    script: str
    inputs: dict[str, Input] = field(default_factory=dict)
    indices: dict[str, Index] = field(default_factory=dict)
    maps: dict[str, Map] = field(default_factory=dict)
    functions: dict[str, Function] = field(default_factory=dict)

    @property
    def is_tensor(self) -> bool:
        """True for an eval over whole vectors and matrices (its functions are `value` and
        `gradient` of script definitions) rather than row maps."""
        return any(f.kind in TENSOR_KINDS for f in self.functions.values())

    def variables(self, m: Map) -> list[str]:
        """The variables of map `m`'s kernel, in argument order: the bound rows' variables."""
        return [v for row in m.arguments for v in self.inputs[row.array].variables]

    def sizes(self) -> list[str]:
        """Every size name the declarations use, in order of first use."""
        names: list[str] = []
        for s in [a.size for a in self.inputs.values()] + [b.size for b in self.indices.values()] + [m.size for m in self.maps.values()]:
            if not s.isdigit() and s not in names:
                names.append(s)
        return names


_NAME = r"[A-Za-z_][A-Za-z_0-9]*"
# Functions over whole vectors and matrices (tensors.py), beside the row maps' values and jacobian.
TENSOR_KINDS = ("value", "gradient")
_SIZE = rf"(?:{_NAME}|\d+)"


class _Line:
    """One declaration with its place in the file, for error messages."""

    def __init__(self, path: str, number: int, text: str, start: int):
        self.path, self.number, self.text, self.start = path, number, text, start

    def fail(self, message: str, at: int | None = None):
        column = self.start + (at if at is not None else 0) + 1
        raise SpecError(self.path, self.number, column, self.text, message)


def parse(path: str, script: str) -> Spec:
    """Reads the `#:` declarations of the script `script` (from file `path`) and checks them."""
    spec = Spec(path=path, script=script)
    for number, text in enumerate(script.splitlines(), start=1):
        stripped = text.lstrip()
        if not stripped.startswith("#:"):
            continue
        start = len(text) - len(stripped) + 2
        body = text[start:]
        indent = len(body) - len(body.lstrip())
        line = _Line(path, number, text, start + indent)
        _declaration(spec, line, body.strip())
    if not spec.functions:
        raise SpecError(path, 1, 1, script.splitlines()[0] if script else "",
                        "no `#: function NAME = ...` declaration: the eval's functions are not declared")
    kinds = {f.kind in TENSOR_KINDS for f in spec.functions.values()}
    if len(kinds) > 1:
        f = next(f for f in spec.functions.values() if f.kind in TENSOR_KINDS)
        raise SpecError(path, f.line, 1, script.splitlines()[f.line - 1],
                        "an eval's functions are all row maps (values, jacobian) or all whole-array (value, gradient)")
    return spec


def _declaration(spec: Spec, line: _Line, body: str) -> None:
    keyword = body.split(None, 1)[0] if body else ""
    handlers = {"input": _input, "index": _index, "for": _map, "function": _function}
    if keyword not in handlers:
        line.fail(f"unknown declaration '{keyword}'; expected input, index, for or function")
    handlers[keyword](spec, line, body)


def _new_name(spec: Spec, line: _Line, name: str, at: int) -> None:
    if name in spec.inputs or name in spec.indices or name in spec.maps:
        line.fail(f"'{name}' is declared twice", at)


def _input(spec: Spec, line: _Line, body: str) -> None:
    m = re.fullmatch(rf"input\s+({_NAME})\s*\[\s*({_SIZE})\s*(?:,\s*(\d+)\s*)?\]\s*=\s*(.+)", body)
    if not m:
        line.fail("expected `input NAME[SIZE, WIDTH] = v1, v2, ...` (or `input NAME[SIZE] = v`)")
    name, size, width, names = m.group(1), m.group(2), m.group(3), m.group(4)
    _new_name(spec, line, name, m.start(1))
    variables = [v.strip() for v in names.split(",")]
    for v in variables:
        if not re.fullmatch(_NAME, v):
            line.fail(f"'{v}' is not a variable name", m.start(4) + names.find(v))
    expected = int(width) if width else 1
    if len(variables) != expected:
        line.fail(f"{name} has {expected} numbers a row but {len(variables)} variables are bound to them", m.start(4))
    spec.inputs[name] = Input(name, size, variables, is_vector=width is None)


def _index(spec: Spec, line: _Line, body: str) -> None:
    m = re.fullmatch(rf"index\s+({_NAME})\s*\[\s*({_SIZE})\s*(?:,\s*(\d+)\s*)?\]", body)
    if not m:
        line.fail("expected `index NAME[SIZE, WIDTH]`")
    _new_name(spec, line, m.group(1), m.start(1))
    spec.indices[m.group(1)] = Index(m.group(1), m.group(2), int(m.group(3) or 1))


def _map(spec: Spec, line: _Line, body: str) -> None:
    m = re.fullmatch(rf"for\s+({_NAME})\s*<\s*({_SIZE})\s*:\s*({_NAME})\s*\[\s*({_NAME})\s*\]\s*=\s*(.+)", body)
    if not m:
        line.fail("expected `for i < SIZE: OUT[i] = e1, e2, ... at A[i], B[C[i, 0]], ...`")
    loop, size, output, subscript, rest = m.groups()
    if subscript != loop:
        line.fail(f"the output row is the loop's: write {output}[{loop}]", m.start(4))
    _new_name(spec, line, output, m.start(3))
    split = _top_level_at(rest)
    if split is None:
        line.fail("expected ` at ` and the rows the expressions read", m.start(5))
    expressions = _split_commas(rest[:split])
    if not expressions or any(not e for e in expressions):
        line.fail("expected expressions separated by commas", m.start(5))
    arguments: list[Row] = []
    offset = m.start(5) + split + 2
    for text in _split_commas(rest[split + 2:]):
        at = offset + rest[split + 2:].find(text)
        arguments.append(_argument(spec, line, text, loop, size, at))
    seen: dict[str, str] = {}
    for row in arguments:
        for v in spec.inputs[row.array].variables:
            if v in seen:
                line.fail(f"variable '{v}' is bound twice (by {seen[v]} and {row.array}); a map reads each array once", m.start(5) + split)
            seen[v] = row.array
    spec.maps[output] = Map(size, output, expressions, arguments, line.number)


def _argument(spec: Spec, line: _Line, text: str, loop: str, size: str, at: int) -> Row:
    m = re.fullmatch(rf"({_NAME})\s*\[\s*(?:({_NAME})|({_NAME})\s*\[\s*({_NAME})\s*,\s*(\d+)\s*\])\s*\]", text)
    if not m:
        line.fail(f"expected a row: ARRAY[{loop}] or ARRAY[INDEX[{loop}, COLUMN]]", at)
    array = m.group(1)
    if array not in spec.inputs:
        line.fail(f"'{array}' is not a declared input", at)
    if m.group(2) is not None:
        if m.group(2) != loop:
            line.fail(f"a row is read at the loop's index {loop}", at + m.start(2))
        if spec.inputs[array].size != size:
            line.fail(f"{array} has {spec.inputs[array].size} rows, the loop runs to {size}", at)
        return Row(array)
    index, subscript, column = m.group(3), m.group(4), int(m.group(5))
    if index not in spec.indices:
        line.fail(f"'{index}' is not a declared index array", at + m.start(3))
    if subscript != loop:
        line.fail(f"an index row is read at the loop's index {loop}", at + m.start(4))
    if spec.indices[index].size != size:
        line.fail(f"{index} has {spec.indices[index].size} rows, the loop runs to {size}", at + m.start(3))
    if column >= spec.indices[index].width:
        line.fail(f"{index} has {spec.indices[index].width} columns", at + m.start(5))
    return Row(array, index, column)


def _function(spec: Spec, line: _Line, body: str) -> None:
    m = re.fullmatch(rf"function\s+({_NAME})\s*=\s*(values|jacobian|value|gradient)\s*\((.*)\)", body)
    if not m:
        line.fail("expected `function NAME = values(OUT, ...)`, `function NAME = jacobian(OUT, ...; INPUT, ...)`, "
                  "`function NAME = value(E)` or `function NAME = gradient(E; V, ...)`")
    name, kind, arguments = m.groups()
    if name in spec.functions:
        line.fail(f"function '{name}' is declared twice", m.start(1))
    if kind in TENSOR_KINDS:
        _tensor_function(spec, line, m)
        return
    parts = arguments.split(";")
    if len(parts) != (2 if kind == "jacobian" else 1):
        line.fail("jacobian(OUT, ...; INPUT, ...) names the outputs, a semicolon, then the inputs"
                  if kind == "jacobian" else "values(OUT, ...) takes output names only", m.start(3))
    outputs = [o.strip() for o in parts[0].split(",")]
    for o in outputs:
        if o not in spec.maps:
            line.fail(f"'{o}' is not an output of a `for` declaration above", m.start(3) + parts[0].find(o))
    wrt = [w.strip() for w in parts[1].split(",")] if kind == "jacobian" else []
    for w in wrt:
        if w not in spec.inputs:
            line.fail(f"'{w}' is not a declared input", m.start(3) + len(parts[0]) + 1 + parts[1].find(w))
    spec.functions[name] = Function(name, kind, outputs, wrt, line.number)


def _tensor_function(spec: Spec, line: _Line, m: re.Match) -> None:
    """`value(E)` or `gradient(E; V, ...)`: E a name the script defines over declared vectors and
    matrices, V declared names (symdiff checks both when it derives)."""
    name, kind, arguments = m.groups()
    parts = arguments.split(";")
    if len(parts) != (2 if kind == "gradient" else 1):
        line.fail("gradient(E; V, ...) names the function, a semicolon, then the variables"
                  if kind == "gradient" else "value(E) takes one name", m.start(3))
    subject = parts[0].strip()
    if not re.fullmatch(_NAME, subject):
        line.fail(f"'{subject}' is not a name: define the function in the script and name it here", m.start(3))
    wrt = [w.strip() for w in parts[1].split(",")] if kind == "gradient" else []
    for w in wrt:
        if not re.fullmatch(_NAME, w):
            line.fail(f"'{w}' is not a variable name", m.start(3) + len(parts[0]) + 1 + parts[1].find(w))
    spec.functions[name] = Function(name, kind, [subject], wrt, line.number)


def _top_level_at(text: str) -> int | None:
    """The position of the word `at` outside parentheses, or None."""
    depth = 0
    for match in re.finditer(r"[()\[\]]|\bat\b", text):
        token = match.group(0)
        if token in "([":
            depth += 1
        elif token in ")]":
            depth -= 1
        elif depth == 0:
            return match.start()
    return None


def _split_commas(text: str) -> list[str]:
    """`text` split at commas outside parentheses and brackets, each part stripped."""
    parts, depth, current = [], 0, ""
    for c in text:
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        if c == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += c
    parts.append(current.strip())
    return parts
