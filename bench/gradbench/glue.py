"""The C around the kernels: for each eval function, one loop per map that gathers the rows the map
reads into the kernel's argument array, calls the kernel, and stores its results; for a Jacobian,
in compressed sparse row form. Nothing here knows an eval: it follows the declarations.

The generated file is harness.c, the kernels, these functions and gb_lookup, compiled as one
translation unit; each function is `flatten`ed so the kernels are inlined into its loops (and the
compiler shares the work that several value kernels of one map have in common).
"""
from __future__ import annotations

from dataclasses import dataclass

from derive import Kernel
from sdspec import Function, Map, Spec, SpecError

MAX_OUTPUTS = 8  # GB_MAX_OUTPUTS in harness.c


@dataclass
class Output:
    """One array a function returns: `name`, element type `double` or `int32_t`, and for the
    values of a map, its row width (the array comes back as rows of that many numbers)."""
    name: str
    ctype: str
    width: int = 1


def outputs(spec: Spec, function: Function) -> list[Output]:
    """What `function` returns, in the order of gb_call.outputs."""
    if function.kind == "values":
        return [Output(o, "double", len(spec.maps[o].expressions)) for o in function.outputs]
    return [Output("rows", "int32_t"), Output("cols", "int32_t"), Output("vals", "double")]


def c_source(spec: Spec, kernels: list[Kernel], harness: str) -> str:
    """The whole C file for `spec`."""
    parts = [harness] + [k.code for k in kernels]
    functions = list(spec.functions.values())
    for number, function in enumerate(functions):
        if len(outputs(spec, function)) > MAX_OUTPUTS:
            raise SpecError(spec.path, function.line, 1, spec.script.splitlines()[function.line - 1],
                            f"a function returns at most {MAX_OUTPUTS} arrays")
        body = _values(spec, function, kernels) if function.kind == "values" else _jacobian(spec, function, kernels)
        parts.append(f"/* {function.name} */\n__attribute__((flatten)) static int gb_function_{number}(gb_call *call)\n{{\n"
                     + _bindings(spec) + body + "    return 0;\n}\n")
    cases = "".join(f"    case {n}: return gb_function_{n};\n" for n in range(len(functions)))
    parts.append(f"static gb_function gb_lookup(int function)\n{{\n    switch (function) {{\n{cases}"
                 "    default: return NULL;\n    }\n}\n")
    return "\n".join(parts)


def _plus(a: str, b: str) -> str:
    """`a + b` in C, leaving out a zero."""
    return b if a == "0" else a if b == "0" else f"{a} + {b}"


def size(s: str) -> str:
    """A size in C: a literal, or the variable holding a size name's value."""
    return s if s.isdigit() else f"size_{s}"


def _bindings(spec: Spec) -> str:
    lines = [f"    const int64_t {size(s)} = call->sizes[{k}];\n" for k, s in enumerate(spec.sizes())]
    for k, name in enumerate(list(spec.inputs) + list(spec.indices)):
        ctype = "double" if name in spec.inputs else "int32_t"
        lines.append(f"    const {ctype} *const restrict {_array(spec, name)} = call->inputs[{k}];\n")
    return "".join(lines)


def _array(spec: Spec, name: str) -> str:
    return f"{'in' if name in spec.inputs else 'index'}_{name}"


def _row_start(spec: Spec, m: Map, k: int) -> str:
    """The index of the first number of the row argument k of `m` reads, for element i."""
    row = m.arguments[k]
    width = spec.inputs[row.array].width
    if row.index is None:
        element = "i"
    else:
        element = f"(int64_t){_array(spec, row.index)}[i * {spec.indices[row.index].width} + {row.column}]"
    return element if width == 1 else f"{width} * {element}"


def _gather(spec: Spec, m: Map) -> str:
    """Copies the rows `m` reads into x, one number at a time (a wide copy followed by narrow
    reads of the same stack slots stalls store forwarding)."""
    lines, offset = [], 0
    lines.append(f"        double x[{max(1, len(spec.variables(m)))}];\n")
    for k, row in enumerate(m.arguments):
        width = spec.inputs[row.array].width
        start = _row_start(spec, m, k)
        source = _array(spec, row.array)
        if width == 1:
            lines.append(f"        x[{offset}] = {source}[{start}];\n")
        else:
            lines.append(f"        for (int k = 0; k < {width}; k++) x[{_plus(str(offset), 'k')}] = {source}[{start} + k];\n")
        offset += width
    return "".join(lines)


def _kernel(kernels: list[Kernel], m: Map, kind: str, expression: int = 0) -> Kernel:
    return next(k for k in kernels if k.map == m.output and k.kind == kind and k.expression == expression)


def _values(spec: Spec, function: Function, kernels: list[Kernel]) -> str:
    lines = []
    for n, output in enumerate(function.outputs):
        m = spec.maps[output]
        width = len(m.expressions)
        lines.append(f"    double *const restrict out_{output} = gb_output(call, {n}, {size(m.size)} * {width}, sizeof(double));\n"
                     f"    if (out_{output} == NULL) return 1;\n")
    for output in function.outputs:
        m = spec.maps[output]
        width = len(m.expressions)
        lines.append(f"    for (int64_t i = 0; i < {size(m.size)}; i++) {{\n" + _gather(spec, m))
        for e in range(width):
            element = "i" if width == 1 else f"i * {width} + {e}"
            lines.append(f"        out_{output}[{element}] = {_kernel(kernels, m, 'value', e).name}(x);\n")
        lines.append("    }\n")
    return "".join(lines)


def _columns(spec: Spec, function: Function) -> dict[str, str]:
    """The column of the first number of each input of the Jacobian, as C expressions, and under
    the key "" the number of columns."""
    starts, total = {}, "0"
    for name in function.wrt:
        a = spec.inputs[name]
        starts[name] = total
        term = f"(int64_t){size(a.size)} * {a.width}"
        total = term if total == "0" else f"{total} + {term}"
    starts[""] = total
    return starts


def _jacobian(spec: Spec, function: Function, kernels: list[Kernel]) -> str:
    columns = _columns(spec, function)
    rows, nonzeros = [], []
    for output in function.outputs:
        m = spec.maps[output]
        per_row = sum(spec.inputs[r.array].width for r in m.arguments if r.array in function.wrt)
        rows.append(f"(int64_t){size(m.size)} * {len(m.expressions)}")
        nonzeros.append(f"(int64_t){size(m.size)} * {len(m.expressions) * per_row}")
    lines = [f"    const int64_t row_count = {' + '.join(rows)};\n",
             f"    const int64_t nonzero_count = {' + '.join(nonzeros)};\n",
             f"    const int64_t column_count = {columns.pop('')};\n",
             "    /* Row and column numbers are 32-bit, as in the eval's reference. */\n",
             "    if (row_count >= INT32_MAX || nonzero_count > INT32_MAX || column_count > INT32_MAX) return 3;\n",
             "    int32_t *const restrict rows = gb_output(call, 0, row_count + 1, sizeof(int32_t));\n",
             "    int32_t *const restrict cols = gb_output(call, 1, nonzero_count, sizeof(int32_t));\n",
             "    double *const restrict vals = gb_output(call, 2, nonzero_count, sizeof(double));\n",
             "    if (rows == NULL || cols == NULL || vals == NULL) return 1;\n",
             "    int64_t row = 0, entry = 0;\n",
             "    rows[0] = 0;\n"]
    for output in function.outputs:
        lines.append(_jacobian_rows(spec, function, spec.maps[output], kernels, columns))
    return "".join(lines)


def _jacobian_rows(spec: Spec, function: Function, m: Map, kernels: list[Kernel], columns: dict[str, str]) -> str:
    kernel = _kernel(kernels, m, "jacobian" if len(m.expressions) > 1 else "gradient")
    count = len(spec.variables(m))
    width = len(m.expressions)
    lines = [f"    for (int64_t i = 0; i < {size(m.size)}; i++) {{\n", _gather(spec, m)]
    if kernel.kind == "gradient":
        lines.append(f"        double derivative[{count}];\n        (void){kernel.name}(x, derivative);\n")
    else:
        lines.append(f"        double values[{width}], derivative[{width * count}];\n"
                     f"        {kernel.name}(x, values, derivative);\n")
    # The arguments that are columns of the Jacobian, in column order (the order of `wrt`).
    offsets, offset = {}, 0
    for k, r in enumerate(m.arguments):
        offsets[k] = offset
        offset += spec.inputs[r.array].width
    wrt_arguments = sorted((k for k, r in enumerate(m.arguments) if r.array in function.wrt),
                           key=lambda k: function.wrt.index(m.arguments[k].array))
    for k in wrt_arguments:
        lines.append(f"        const int64_t column{k} = {_plus(columns[m.arguments[k].array], _row_start(spec, m, k))};\n")
    lines.append(f"        for (int e = 0; e < {width}; e++) {{\n"
                 f"            const double *const d = derivative + e * {count};\n" if width > 1 else
                 "        {\n            const double *const d = derivative;\n")
    for k in wrt_arguments:
        w = spec.inputs[m.arguments[k].array].width
        if w == 1:
            lines.append(f"            cols[entry] = (int32_t)column{k};\n            vals[entry++] = d[{offsets[k]}];\n")
        else:
            lines.append(f"            for (int j = 0; j < {w}; j++) {{ cols[entry] = (int32_t)(column{k} + j); "
                         f"vals[entry++] = d[{_plus(str(offsets[k]), 'j')}]; }}\n")
    lines.append("            rows[++row] = (int32_t)entry;\n        }\n    }\n")
    return "".join(lines)
