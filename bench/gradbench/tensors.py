"""Evals over whole vectors and matrices: the script declares its inputs (`x: vector(n)`), defines
the eval's functions, and `#: function NAME = value(E)` or `gradient(E; V, ...)` names them (see
sdspec.py). symdiff derives and writes one C function per eval function (`emit ... lang=c`: loops
over the arrays, sizes as arguments, a caller-owned workspace); this module asks for them, reads
their signatures, binds the eval's arrays and sizes to them, and writes the C that calls them from
harness.c's loop. Nothing here knows an eval or any derivative.
"""
from __future__ import annotations

import json
import re
import subprocess
from dataclasses import asdict, dataclass

import numpy as np

from arrays import InputError
from derive import DeriveError, _units
from glue import MAX_OUTPUTS
from sdspec import Function, Spec, SpecError

# `:vars` prints a declaration as `NAME: [symmetric ](scalar|vector|matrix)[(SIZES)]`.
_DECLARATION = re.compile(r"^([A-Za-z_][A-Za-z_0-9]*): (?:symmetric )?(scalar|vector|matrix)(?:\((.*)\))?$")
_SIGNATURE = re.compile(r"^void (\w+)\((.*)\)$", re.MULTILINE)
_COPY = re.compile(r"^\s*memcpy\((\w+), \w+, sizeof\(double\)\*(.*)\);$", re.MULTILINE)


@dataclass
class Declared:
    """An input the script declares: its kind and its sizes (names, numbers or expressions)."""
    name: str
    kind: str
    sizes: list[str]


@dataclass
class Kernel:
    """The C symdiff wrote for one eval function, and its signature: the size names and declared
    inputs it takes (with the C parameter names symdiff gave them), its outputs and the number of
    doubles of each as a C expression over those parameters."""
    function: str
    name: str
    sizes: list[tuple[str, str]]
    inputs: list[tuple[str, str]]
    outputs: list[tuple[str, str]]
    code: str


@dataclass
class TensorEval:
    """A derived eval: its declarations and kernels (cached as JSON with the C source)."""
    declarations: dict[str, Declared]
    kernels: list[Kernel]

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @staticmethod
    def from_json(text: str) -> "TensorEval":
        data = json.loads(text)
        return TensorEval({k: Declared(**v) for k, v in data["declarations"].items()},
                          [Kernel(**k) for k in data["kernels"]])


def _statement(function: Function) -> str:
    """The emit statement for one eval function."""
    subject, name = function.outputs[0], f"gb_{function.name}"
    if function.kind == "value":
        return f"emit({subject}, lang=c, name={name})"
    return f"emit({subject}, {', '.join(function.wrt)}, lang=c, grad=true, name={name})"


def derive(spec: Spec, symdiff: str) -> TensorEval:
    """Runs the script, `:vars` and one emit statement per function through `symdiff run`; reads
    the declarations and the kernels. DeriveError carries symdiff's message."""
    functions = list(spec.functions.values())
    script = spec.script.rstrip("\n") + "\n"
    first_generated = script.count("\n") + 1
    script += ":vars\n" + "".join(_statement(f) + "\n" for f in functions)
    done = subprocess.run([symdiff, "run", "-"], input=script, capture_output=True, text=True)
    if done.returncode != 0:
        raise DeriveError(_locate(done.stderr.strip() or f"symdiff exited with status {done.returncode}", spec, first_generated, functions))
    units = _units(done.stdout)
    if len(units) != len(functions):
        raise DeriveError(f"symdiff printed {len(units)} C units for {len(functions)} emit statements:\n{done.stdout[-2000:]}")
    preamble = done.stdout[:done.stdout.find(units[0])] if units else done.stdout
    declarations = {}
    for line in preamble.splitlines():
        if m := _DECLARATION.match(line):
            sizes = [s.strip() for s in _split_sizes(m.group(3))] if m.group(3) else []
            declarations[m.group(1)] = Declared(m.group(1), m.group(2), sizes)
    if not declarations:
        raise DeriveError(f"{spec.path} declares no vectors, matrices or scalars (`x: vector(n)`): the eval's inputs are not declared")
    defined = {m.group(1) for m in re.finditer(r"^([A-Za-z_][A-Za-z_0-9]*) = ", preamble, re.MULTILINE)}
    for f in functions:
        where = f"{spec.path}:{f.line}: error: function {f.name}"
        if f.outputs[0] not in defined:
            raise DeriveError(f"{where} names {f.outputs[0]}, which the script does not define (it defines {', '.join(sorted(defined)) or 'nothing'})")
        for v in f.wrt:
            if v not in declarations:
                raise DeriveError(f"{where} differentiates with respect to {v}, which the script does not declare (it declares {', '.join(sorted(declarations))})")
    kernels = [_kernel(f, unit, declarations) for f, unit in zip(functions, units)]
    return TensorEval(declarations, kernels)


def _split_sizes(text: str) -> list[str]:
    """`k, d*(d - 1)/2` split at the commas outside parentheses."""
    parts, depth, current = [], 0, ""
    for c in text:
        depth += c == "("
        depth -= c == ")"
        if c == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += c
    return parts + [current]


def _kernel(function: Function, unit: str, declarations: dict[str, Declared]) -> Kernel:
    name = f"gb_{function.name}"
    signature = next((m for m in _SIGNATURE.finditer(unit) if m.group(1) == name), None)
    if signature is None:
        raise DeriveError(f"symdiff's C for {function.name} does not define {name}:\n{unit[:2000]}")
    parameters = [p.strip() for p in signature.group(2).split(",")]
    if parameters[-1] != "double *work":
        raise DeriveError(f"{name}'s last parameter is {parameters[-1]}, not the workspace")
    longs = [p.split()[1] for p in parameters if p.startswith("long ")]
    pointers = [p.split("*")[1] for p in parameters if p.startswith("const double *")]
    outs = [p.split("*")[1] for p in parameters[:-1] if p.startswith("double *")]
    # symdiff passes sizes and inputs sorted by name, each under its cleaned name (a suffix `_2`
    # when the name is taken or is a C keyword): match them in order.
    size_names = sorted({s for d in declarations.values() for s in _size_names(d)} | set(longs) | {_base(p) for p in longs})
    inputs = _match(pointers, sorted(declarations), "input", name)
    sizes = _match(longs, size_names, "size", name)
    counts = dict(_COPY.findall(unit))
    missing = [o for o in outs if o not in counts]
    if missing:
        raise DeriveError(f"{name} never writes its output {missing[0]}")
    return Kernel(function.name, name, sizes, inputs, [(o, counts[o]) for o in outs], unit)


def _size_names(d: Declared) -> set[str]:
    return {n for s in d.sizes for n in re.findall(r"[A-Za-z_][A-Za-z_0-9]*", s)}


def _base(parameter: str) -> str:
    return re.sub(r"_\d+$", "", parameter)


def _match(parameters: list[str], names: list[str], what: str, kernel: str) -> list[tuple[str, str]]:
    """(name, parameter) for each parameter, names taken in order."""
    matched, k = [], 0
    for p in parameters:
        while k < len(names) and p != names[k] and _base(p) != names[k]:
            k += 1
        if k == len(names):
            raise DeriveError(f"{kernel} takes the {what} {p}, which no declaration names")
        matched.append((names[k], p))
        k += 1
    return matched


def _locate(message: str, spec: Spec, first_generated: int, functions: list[Function]) -> str:
    """symdiff's message with `<stdin>` named after the `.sd` file; an error in a generated
    statement is put on the declaration that asked for it."""
    def rename(match: re.Match) -> str:
        line = int(match.group(1))
        if line < first_generated:
            return f"{spec.path}:{line}:{match.group(2)}:"
        if line == first_generated:
            return f"{spec.path}: listing the declarations (:vars):"
        f = functions[line - first_generated - 1]
        return f"{spec.path}:{f.line}: in the code this declaration asks for (symdiff ran `{_statement(f)}`):"
    return re.sub(r"<stdin>:(\d+):(\d+):", rename, message)


# -- The C units -------------------------------------------------------------------------------

# A function the emitted C defines for other units to call (the kernel and its workspace size):
# not `static`, at the start of a line, its body's brace on the next.
_DEFINITION = re.compile(r"^(?!static\b)([A-Za-z_][\w *]*\b\w+\([^;{}]*\))\n\{", re.MULTILINE)


def c_units(spec: Spec, derived: TensorEval, harness: str) -> dict[str, str]:
    """The translation units, by file name: each kernel as symdiff wrote it (`gb_NAME.c`; its
    helpers are `static`, so the units' copies do not clash), and `eval.c`: harness.c, the
    kernels' prototypes, one gb_function per eval function and gb_lookup. The kernels are called
    once per run, so calling them across units costs nothing measurable, and each unit is
    compiled once (in one unit, each kernel was compiled twice: inlined into its gb_function
    and on its own)."""
    units = {f"{k.name}.c": k.code for k in derived.kernels}
    prototypes = [f"{m.group(1)};" for k in derived.kernels for m in _DEFINITION.finditer(k.code)]
    parts = [harness, "/* The kernels, one unit each. */\n" + "\n".join(prototypes)]
    sizes, arrays = size_order(derived), input_order(derived)
    for number, k in enumerate(derived.kernels):
        if len(k.outputs) + 1 > MAX_OUTPUTS:
            f = spec.functions[k.function]
            raise SpecError(spec.path, f.line, 1, spec.script.splitlines()[f.line - 1],
                            f"a function returns at most {MAX_OUTPUTS - 1} arrays (one buffer holds the workspace)")
        lines = [f"    const long {p} = (long)call->sizes[{sizes.index(s)}];\n" for s, p in k.sizes]
        lines += [f"    const double *const {p} = call->inputs[{arrays.index(n)}];\n" for n, p in k.inputs]
        size_arguments = ", ".join(p for _, p in k.sizes) or ""
        for j, (o, count) in enumerate(k.outputs):
            lines.append(f"    double *const {o} = gb_output(call, {j}, {count}, sizeof(double));\n")
        lines.append(f"    double *const work = gb_output(call, {len(k.outputs)}, {k.name}_workspace({size_arguments}), sizeof(double));\n")
        lines.append("    if (" + " || ".join(f"{o} == NULL" for o, _ in k.outputs + [("work", "")]) + ") return 1;\n")
        arguments = [p for _, p in k.sizes] + [p for _, p in k.inputs] + [o for o, _ in k.outputs] + ["work"]
        lines.append(f"    {k.name}({', '.join(arguments)});\n")
        parts.append(f"/* {k.function} */\nstatic int gb_function_{number}(gb_call *call)\n{{\n"
                     + "".join(lines) + "    return 0;\n}\n")
    cases = "".join(f"    case {n}: return gb_function_{n};\n" for n in range(len(derived.kernels)))
    parts.append(f"static gb_function gb_lookup(int function)\n{{\n    switch (function) {{\n{cases}"
                 "    default: return NULL;\n    }\n}\n")
    return {"eval.c": "\n\n".join(parts)} | units


def input_order(derived: TensorEval) -> list[str]:
    """The declared inputs in the order gb_call.inputs holds them (sorted by name)."""
    return sorted(derived.declarations)


def size_order(derived: TensorEval) -> list[str]:
    """The size names in the order gb_call.sizes holds them: every name the declarations and
    kernels use, sorted."""
    names = {s for d in derived.declarations.values() for s in _size_names(d)}
    names |= {s for k in derived.kernels for s, _ in k.sizes}
    return sorted(names)


# -- Binding an eval's input -------------------------------------------------------------------

def bind(spec: Spec, derived: TensorEval, given: dict) -> tuple[list[np.ndarray], list[int]]:
    """The arrays (float64, C-contiguous, in input_order) and the sizes (in size_order) for the
    eval's input: every declared name is an array (or a number, for a scalar); a size no array
    gives is a whole number under its own name."""
    sizes: dict[str, tuple[int, str]] = {}
    arrays: dict[str, np.ndarray] = {}
    for name in input_order(derived):
        d = derived.declarations[name]
        if name not in given:
            raise InputError(f"the input has no '{name}' (it has {', '.join(sorted(given)) or 'none'})")
        try:
            a = np.asarray(given[name], dtype=np.float64)
        except (TypeError, ValueError) as e:
            raise InputError(f"{name} is not an array of numbers: {e}") from None
        order = {"scalar": 0, "vector": 1, "matrix": 2}[d.kind]
        if a.ndim != order:
            raise InputError(f"{name} has shape {list(a.shape)}; {spec.path} declares it a {d.kind}")
        a = np.ascontiguousarray(a)  # (a scalar becomes an array of one number)
        for axis, s in enumerate(d.sizes):
            if re.fullmatch(r"[A-Za-z_][A-Za-z_0-9]*", s):
                if s in sizes and sizes[s][0] != a.shape[axis]:
                    raise InputError(f"{name} has {a.shape[axis]} along axis {axis + 1} but {sizes[s][1]} gives {s} = {sizes[s][0]}")
                sizes.setdefault(s, (a.shape[axis], name))
        arrays[name] = a
    for s in size_order(derived):
        if s not in sizes:
            value = given.get(s)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise InputError(f"no array gives the size {s}, and the input has no whole number '{s}'")
            sizes[s] = (value, s)
    values = {s: v for s, (v, _) in sizes.items()}
    for name, d in derived.declarations.items():
        for axis, s in enumerate(d.sizes):
            want = _size_value(s, values)
            if arrays[name].shape[axis] != want:
                raise InputError(f"{name} has {arrays[name].shape[axis]} along axis {axis + 1}; {spec.path} declares {s} = {want}")
    return [arrays[n] for n in input_order(derived)], [values[s] for s in size_order(derived)]


def _size_value(text: str, values: dict[str, int]) -> int:
    """A declared size (`d*(d - 1)/2`) at the given size values: whole-number arithmetic only."""
    if not re.fullmatch(r"[A-Za-z_0-9+\-*/() ]+", text):
        raise InputError(f"cannot read the declared size {text}")
    expression = re.sub(r"(?<![/])/(?!/)", "//", text)
    return int(eval(expression, {"__builtins__": {}}, dict(values)))  # noqa: S307 - digits, names, + - * // ( )


def outputs(derived: TensorEval, function: str) -> list[str]:
    """The names of function `function`'s results, in the order gb_call.outputs holds them."""
    kernel = next(k for k in derived.kernels if k.function == function)
    return [o for o, _ in kernel.outputs]


def shaped(derived: TensorEval, function: Function, results: list[np.ndarray], bound: list[np.ndarray]) -> dict[str, object]:
    """Function `function`'s results by name: `value` (a float when it is one number, else the
    flat array), and for a gradient `grad_V` in the shape of the input V."""
    kernel = next(k for k in derived.kernels if k.function == function.name)
    arrays = dict(zip(input_order(derived), bound))
    named: dict[str, object] = {}
    for (name, _), r in zip(kernel.outputs, results):
        variable = name[len("grad_"):] if name.startswith("grad_") else None
        if variable in arrays:
            named[name] = r.reshape(arrays[variable].shape)
        else:
            named[name] = float(r[0]) if name == "value" and r.size == 1 else r
    return named


class DefaultMapping:
    """For an eval whose JSON fields are the declared names: they pass as they are; `value`
    answers with the value, `gradient` with the gradient (an object of gradients by variable
    name when there are several)."""

    @staticmethod
    def inputs(data):
        """The arrays and sizes: the JSON fields themselves."""
        return data

    @staticmethod
    def output(function: Function, results: dict[str, object], data) -> object:
        """The eval's output from the named results."""
        def plain(v):
            return v.tolist() if isinstance(v, np.ndarray) else v
        if function.kind == "value":
            return plain(results["value"])
        if len(function.wrt) == 1:
            return plain(results[f"grad_{function.wrt[0]}"])
        return {v: plain(results[f"grad_{v}"]) for v in function.wrt}
