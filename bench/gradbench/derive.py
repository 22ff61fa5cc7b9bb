"""Derivation: the C kernels an eval's functions need, written by symdiff from the `.sd` script.

Each map gets one kernel per need: the value of each expression (`values`), or the values and
the Jacobian of all its expressions with respect to every variable of the rows it reads
(`jacobian`; the gradient when there is one expression). The kernels are requested with `emit`
statements appended to the script, run by `symdiff run` in one process; everything mathematical
(the expressions, the differentiation, the simplification) happens there.
"""
from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass

from sdspec import Map, Spec


@dataclass
class Kernel:
    """One emitted C function of a map's variables (`const double *x`, the variables in order).

    kind: `value` (`double name(x)`: expression number `expression`), `gradient`
    (`double name(x, grad)`: the value and its gradient) or `jacobian`
    (`void name(x, values, jac)`: every expression's value, the Jacobian row-major).
    """
    name: str
    map: str
    kind: str
    expression: int
    statement: str
    code: str = ""


class DeriveError(Exception):
    """symdiff refused the script or an emit request; the message is symdiff's."""


def kernels_for(spec: Spec) -> list[Kernel]:
    """The kernels the declared functions need, each once."""
    wanted: dict[str, Kernel] = {}
    for function in spec.functions.values():
        for output in function.outputs:
            m = spec.maps[output]
            for k in _requests(spec, m, function.kind):
                wanted.setdefault(k.name, k)
    return list(wanted.values())


def _requests(spec: Spec, m: Map, kind: str) -> list[Kernel]:
    variables = ", ".join(spec.variables(m))
    if kind == "values":
        return [Kernel(f"{m.output}_value{k + 1}", m.output, "value", k, f"emit({e}, {variables}, name={m.output}_value{k + 1})")
                for k, e in enumerate(m.expressions)]
    name = f"{m.output}_derivative"
    if len(m.expressions) == 1:
        return [Kernel(name, m.output, "gradient", 0, f"emit({m.expressions[0]}, {variables}, grad=true, name={name})")]
    others = ", ".join(m.expressions[1:])
    return [Kernel(name, m.output, "jacobian", 0, f"emit({m.expressions[0]}, {variables}, jacobian=[{others}], name={name})")]


def derive(spec: Spec, kernels: list[Kernel], symdiff: str) -> None:
    """Runs the script with the kernels' emit statements through `symdiff run` and fills in each
    kernel's code. Raises DeriveError with symdiff's message (pointing into the `.sd` file, or at
    the generated statement) when symdiff fails."""
    script = spec.script.rstrip("\n") + "\n"
    first_generated = script.count("\n") + 1
    script += "".join(k.statement + "\n" for k in kernels)
    done = subprocess.run([symdiff, "run", "-"], input=script, capture_output=True, text=True)
    if done.returncode != 0:
        raise DeriveError(_locate(done.stderr.strip() or f"symdiff exited with status {done.returncode}",
                                  spec, first_generated, kernels))
    units = _units(done.stdout)
    if len(units) != len(kernels):
        raise DeriveError(f"symdiff printed {len(units)} C units for {len(kernels)} emit statements:\n{done.stdout[-2000:]}")
    for kernel, unit in zip(kernels, units):
        if not re.search(rf"^(double|void) {re.escape(kernel.name)}\(", unit, re.MULTILINE):
            raise DeriveError(f"symdiff's C for {kernel.statement} does not define {kernel.name}:\n{unit[:2000]}")
        kernel.code = unit


def _units(output: str) -> list[str]:
    """The C units in `symdiff run`'s output: each starts with a line `/*` (the header comment);
    what comes before the first is the script's own output (its definitions echoed)."""
    lines = output.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.rstrip("\n") == "/*"]
    return ["".join(lines[a:b]) for a, b in zip(starts, starts[1:] + [len(lines)])]


def _locate(message: str, spec: Spec, first_generated: int, kernels: list[Kernel]) -> str:
    """symdiff's message with `<stdin>` named after the `.sd` file; an error in a generated emit
    statement is put on the declaration that asked for it."""
    def rename(match: re.Match) -> str:
        line = int(match.group(1))
        if line < first_generated:
            return f"{spec.path}:{line}:{match.group(2)}:"
        k = kernels[line - first_generated]
        return (f"{spec.path}:{spec.maps[k.map].line}: in the {k.kind} kernel this declaration asks for "
                f"(symdiff ran `{k.statement}`):")
    return re.sub(r"<stdin>:(\d+):(\d+):", rename, message)
