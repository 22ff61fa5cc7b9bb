#!/usr/bin/env python3
"""symdiff as a GradBench tool: answers `start`, `define` and `evaluate` on stdin/stdout.

`define` reads the eval's `NAME.sd` from this folder (the objective in the statement language and
`#:` declarations of its functions, and of its arrays where they are rows bound to scalar names;
see sdspec.py), has symdiff derive and emit C for what each function needs (derive.py and glue.py
for row maps, tensors.py for whole vectors and matrices), compiles it once with the C++
reference's flags (the whole-array evals one kernel a compiler process, in parallel; see
native.py) and caches it. Each `evaluate` checks the input against the declarations and
runs the compiled function in C as many times as asked, timing each run there.
`mappings/NAME.py`, where present, turns the eval's JSON into the declared arrays and the results
back into the eval's JSON (`output(function, results, data)`: `function` is the function's name
for row maps, its declaration, sdspec.Function, for whole arrays).

    python3 bench/gradbench/tool.py                 # the protocol, for GradBench's runner
    python3 bench/gradbench/tool.py --prepare ba    # derive and compile one eval; print the cost
    python3 bench/gradbench/tool.py --evaluate ba objective input.json
                                                    # one evaluate message's input from a file
                                                    # (as the C++ reference takes it); prints the
                                                    # output and the timings

Environment: SYMDIFF_BIN (default .build/release/symdiff of this repository, else
.build/debug/symdiff, else symdiff on the PATH), SYMDIFF_CACHE (see native.py), CC, and
SYMDIFF_GRADBENCH_COSTS: a file each define appends its one-time cost to, as a JSON line.
"""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
import time
import traceback
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import arrays  # noqa: E402
import derive  # noqa: E402
import glue  # noqa: E402
import native  # noqa: E402
import sdspec  # noqa: E402
import tensors  # noqa: E402

GENERATOR_FILES = ["sdspec.py", "derive.py", "glue.py", "tensors.py", "harness.c"]


def symdiff_binary() -> str:
    """The symdiff executable to derive with."""
    if os.environ.get("SYMDIFF_BIN"):
        return os.environ["SYMDIFF_BIN"]
    for build in ("release", "debug"):
        candidate = HERE.parent.parent / ".build" / build / "symdiff"
        if candidate.exists():
            return str(candidate)
    found = shutil.which("symdiff")
    if not found:
        raise RuntimeError("no symdiff binary: build one (swift build -c release) or set SYMDIFF_BIN")
    return found


class DefaultMapping:
    """For an eval whose JSON fields are the declared arrays: they pass as they are, and the
    results come back as lists under their names."""

    @staticmethod
    def inputs(data):
        """The arrays: the JSON fields themselves."""
        return data

    @staticmethod
    def output(function, results, data):
        """Every result as a list under its name."""
        return {name: value.tolist() for name, value in results.items()}


def load_mapping(module: str, tensor: bool):
    """`mappings/MODULE.py`, or the default mapping (of row maps, or of whole arrays) when there
    is none."""
    path = HERE / "mappings" / f"{module}.py"
    if not path.exists():
        return tensors.DefaultMapping if tensor else DefaultMapping
    spec = importlib.util.spec_from_file_location(f"mappings.{module}", path)
    loaded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loaded)
    return loaded


class PreparedEval:
    """One eval, derived and compiled: `evaluate` runs its functions."""

    def __init__(self, module: str):
        path = HERE / f"{module}.sd"
        if not path.exists():
            known = ", ".join(sorted(p.stem for p in HERE.glob("*.sd"))) or "none"
            raise RuntimeError(f"symdiff has no objective for eval '{module}': no {module}.sd in {HERE.name}/ (known: {known})")
        self.spec = sdspec.parse(f"{module}.sd", path.read_text())
        self.mapping = load_mapping(module, self.spec.is_tensor)
        start = time.perf_counter_ns()
        units, self.derived_from_cache = self._units()
        middle = time.perf_counter_ns()
        # The scalar evals' straight-line kernels at the reference's -O3; the whole-array
        # evals' many loop nests at -O2 (see native.py).
        library, self.compiled_from_cache = native.build(units, "-O2" if self.spec.is_tensor else "-O3")
        self.library = native.Library(library)
        end = time.perf_counter_ns()
        self.derive_ns, self.compile_ns = middle - start, end - middle

    def _units(self) -> tuple[dict[str, str], bool]:
        """The generated C, as translation units by file name: from the cache, else derived by
        symdiff now. The row-map evals are one unit: their kernels are inlined into the loops."""
        binary = symdiff_binary()
        stat = os.stat(binary)
        generator = [(HERE / f).read_bytes() for f in GENERATOR_FILES]
        key = native.digest(self.spec.script, os.path.realpath(binary), str(stat.st_size), str(stat.st_mtime_ns), *generator)
        if self.spec.is_tensor:
            return self._tensor_units(key, binary)
        cached = native.read_cached(key, ".c")
        if cached:
            return {"eval.c": cached.read_text()}, True
        kernels = derive.kernels_for(self.spec)
        derive.derive(self.spec, kernels, binary)
        source = glue.c_source(self.spec, kernels, (HERE / "harness.c").read_text())
        native.write_cached(key, ".c", source.encode())
        return {"eval.c": source}, False

    def _tensor_units(self, key: str, binary: str) -> tuple[dict[str, str], bool]:
        """The C units of a whole-array eval, and its declarations and kernel signatures (kept
        as self.tensor_eval): from the cache, else derived by symdiff now."""
        cached = native.read_cached(key, ".json")
        if cached:
            entry = json.loads(cached.read_text())
            self.tensor_eval = tensors.TensorEval.from_json(entry["eval"])
            return entry["units"], True
        self.tensor_eval = tensors.derive(self.spec, binary)
        units = tensors.c_units(self.spec, self.tensor_eval, (HERE / "harness.c").read_text())
        native.write_cached(key, ".json", json.dumps({"eval": self.tensor_eval.to_json(), "units": units}).encode())
        return units, False

    def timings(self) -> list[dict]:
        """The one-time cost as protocol timings (in the define response)."""
        return [{"name": "derive", "nanoseconds": self.derive_ns}, {"name": "compile", "nanoseconds": self.compile_ns}]

    def evaluate(self, name: str, data: dict) -> tuple[object, list[dict]]:
        """The eval's output for function `name` on input `data`, and the timings of its runs."""
        if name not in self.spec.functions:
            raise RuntimeError(f"{self.spec.path} declares no function '{name}' (it declares {', '.join(self.spec.functions)})")
        function = self.spec.functions[name]
        try:
            given = self.mapping.inputs(data)
        except (KeyError, TypeError, ValueError) as e:
            raise arrays.InputError(f"the input does not fit mappings/{Path(self.spec.path).stem}.py: {type(e).__name__}: {e}") from None
        runs, seconds = int(data.get("min_runs", 1)), float(data.get("min_seconds", 0))
        number = list(self.spec.functions).index(name)
        if self.spec.is_tensor:
            bound, sizes = tensors.bind(self.spec, self.tensor_eval, given)
            names = tensors.outputs(self.tensor_eval, name)
            results, times = self.library.run(number, bound, sizes, [np.dtype(np.float64)] * len(names), runs, seconds)
            named = tensors.shaped(self.tensor_eval, function, results, bound)
            return self.mapping.output(function, named, data), [{"name": "evaluate", "nanoseconds": t} for t in times]
        bound, sizes = arrays.bind(self.spec, given)
        outputs = glue.outputs(self.spec, function)
        types = [np.dtype(np.float64) if o.ctype == "double" else np.dtype(np.int32) for o in outputs]
        results, times = self.library.run(number, bound, sizes, types, runs, seconds)
        named = {o.name: r.reshape(-1, o.width) if o.width > 1 else r for o, r in zip(outputs, results)}
        return self.mapping.output(name, named, data), [{"name": "evaluate", "nanoseconds": t} for t in times]


def record_cost(module: str, prepared: PreparedEval) -> None:
    """Appends the one-time cost to $SYMDIFF_GRADBENCH_COSTS, when set (run.sh reads it)."""
    path = os.environ.get("SYMDIFF_GRADBENCH_COSTS")
    if path:
        with open(path, "a") as f:
            f.write(json.dumps({"eval": module, "derive_ns": prepared.derive_ns, "compile_ns": prepared.compile_ns,
                                "derive_cached": prepared.derived_from_cache,
                                "compile_cached": prepared.compiled_from_cache}) + "\n")


def failure(e: Exception) -> dict:
    """A failed response: the message of an expected error, the traceback of anything else."""
    expected = (sdspec.SpecError, derive.DeriveError, arrays.InputError, RuntimeError)
    text = str(e) if isinstance(e, expected) else "".join(traceback.format_exception(e))
    return {"success": False, "error": text}


def serve() -> None:
    """Answers protocol messages until stdin closes."""
    prepared: dict[str, PreparedEval] = {}
    for line in sys.stdin:
        message = json.loads(line)
        response: dict = {"id": message["id"]}
        kind = message.get("kind")
        try:
            if kind == "start":
                response["tool"] = "symdiff"
            elif kind == "define":
                module = message["module"]
                prepared[module] = PreparedEval(module)
                record_cost(module, prepared[module])
                response |= {"success": True, "timings": prepared[module].timings()}
            elif kind == "evaluate":
                module = message["module"]
                if module not in prepared:
                    raise RuntimeError(f"evaluate before define of '{module}'")
                output, timings = prepared[module].evaluate(message["function"], message["input"])
                response |= {"success": True, "output": output, "timings": timings}
        except Exception as e:  # every failure is an answer; the tool keeps serving
            response |= failure(e)
        print(json.dumps(response), flush=True)


def prepare(module: str) -> int:
    """`--prepare`: derive and compile one eval, print the one-time cost; exit status."""
    try:
        p = PreparedEval(module)
    except Exception as e:
        print(failure(e)["error"], file=sys.stderr)
        return 1
    record_cost(module, p)
    print(f"{module}: derive {p.derive_ns / 1e9:.3f} s{' (cached)' if p.derived_from_cache else ''}, "
          f"compile {p.compile_ns / 1e9:.3f} s{' (cached)' if p.compiled_from_cache else ''}")
    return 0


def evaluate_file(module: str, function: str, path: str) -> int:
    """`--evaluate`: one function on the input in a JSON file; prints the output and timings."""
    try:
        data = json.loads(Path(path).read_text())
    except (OSError, ValueError) as e:
        print(f"{path}: {e}", file=sys.stderr)
        return 1
    try:
        output, timings = PreparedEval(module).evaluate(function, data)
    except Exception as e:
        print(failure(e)["error"], file=sys.stderr)
        return 1
    print(json.dumps(output))
    for t in timings:
        print(json.dumps(t))
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--prepare":
        sys.exit(prepare(sys.argv[2]))
    if len(sys.argv) == 5 and sys.argv[1] == "--evaluate":
        sys.exit(evaluate_file(*sys.argv[2:]))
    if len(sys.argv) != 1:
        print("usage: tool.py [--prepare EVAL | --evaluate EVAL FUNCTION INPUT.json]", file=sys.stderr)
        sys.exit(64)
    try:
        serve()
    except (BrokenPipeError, KeyboardInterrupt):
        pass
