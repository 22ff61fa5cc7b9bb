"""Compiling the generated C into a shared library, caching it, and calling it through ctypes.

The cache is the one `symdiff --native` uses ($SYMDIFF_CACHE, else $XDG_CACHE_HOME/symdiff, else
~/.cache/symdiff), in a `gradbench` folder. Two levels, so a warm start does neither step:
the generated C is kept under a hash of what produced it (the `.sd` script, the symdiff binary,
this folder's generator), the library under a hash of the C and the compiler commands. Files are
written to a temporary name and renamed, so a cache entry is whole or absent.

The C comes as translation units, each compiled by its own compiler process, as many at once as
there are processors, then linked into one library: the compiler works on one unit on one core,
and an eval's kernels share nothing but their prototypes.
"""
from __future__ import annotations

import ctypes
import hashlib
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from glue import MAX_OUTPUTS

# -march=native and the optimization level `build` is given (the C++ reference has -O3; the
# whole-array evals take -O2: at -O3 gcc 12 takes 3.8 times as long over gmm's 170 loop nests,
# 7.1 s of CPU against 1.9 s, for evaluations no faster, see bench/README.md), and two flags that
# let the kernels be inlined into the loops and share work: -fvisibility=hidden (an exported
# function of a shared library may be replaced at load time, so it is never inlined; harness.c
# exports its two entry points), and -fno-math-errno (nothing reads errno, and without it sin, cos
# and sqrt count as writing memory, so the calls that several value kernels of one map make with
# the same arguments stay apart). GRADBENCH_OPT replaces the level (to compare levels);
# GRADBENCH_MARCH replaces `native` (count.sh builds for x86-64-v3, which valgrind runs).
# GRADBENCH_FTZ=1 evaluates with subnormal numbers flushed to zero, as JAX runs on the CPU
# (harness.c), to compare like with like where an eval's values underflow; off by default, as
# the C++ reference does not flush.
COMPILE_FLAGS = [f"-march={os.environ.get('GRADBENCH_MARCH', 'native')}", "-fvisibility=hidden", "-fno-math-errno", "-fPIC"] \
    + (["-DGB_FLUSH_SUBNORMALS"] if os.environ.get("GRADBENCH_FTZ") == "1" else [])
LINK_FLAGS = ["-shared", "-fPIC"]


def cache_dir() -> Path:
    """The folder of cached C sources and libraries."""
    if os.environ.get("SYMDIFF_CACHE"):
        base = Path(os.environ["SYMDIFF_CACHE"])
    elif os.environ.get("XDG_CACHE_HOME"):
        base = Path(os.environ["XDG_CACHE_HOME"]) / "symdiff"
    else:
        base = Path.home() / ".cache" / "symdiff"
    return base / "gradbench"


def digest(*parts: bytes | str) -> str:
    """A stable hash of `parts` (each length-prefixed, so boundaries count)."""
    h = hashlib.sha256()
    for p in parts:
        b = p.encode() if isinstance(p, str) else p
        h.update(len(b).to_bytes(8, "little") + b)
    return h.hexdigest()[:32]


def compiler() -> list[str]:
    """The C compiler command: $CC (may carry flags), else cc, gcc or clang on the PATH."""
    if os.environ.get("CC"):
        return os.environ["CC"].split()
    for name in ("cc", "gcc", "clang"):
        if shutil.which(name):
            return [name]
    raise RuntimeError("no C compiler found (set CC, or install gcc)")


def read_cached(key: str, suffix: str) -> Path | None:
    """The cached file for `key`, or None."""
    path = cache_dir() / f"{key}{suffix}"
    return path if path.exists() else None


def write_cached(key: str, suffix: str, data: bytes) -> Path:
    """Stores `data` under `key` atomically and returns its path."""
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=suffix)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    target = folder / f"{key}{suffix}"
    os.replace(temporary, target)
    return target


def build(units: dict[str, str], level: str) -> tuple[Path, bool]:
    """The shared library compiled from the C translation `units` (file name -> source) at the
    optimization `level` (`-O2`), and whether it came from the cache. A compiler error names
    the unit's file and line; RuntimeError carries it."""
    base = compiler() + [os.environ.get("GRADBENCH_OPT", level)]
    compile_command, link_command = base + COMPILE_FLAGS + ["-c"], base + LINK_FLAGS
    key = digest(*[part for name in sorted(units) for part in (name, units[name])],
                 "\0".join(compile_command), "\0".join(link_command))
    cached = read_cached(key, ".so")
    if cached:
        return cached, True
    with tempfile.TemporaryDirectory() as work:
        for name, source in units.items():
            (Path(work) / name).write_text(source)
        # The largest units first, so that the longest compilation does not start last.
        order = sorted(units, key=lambda name: len(units[name]), reverse=True)
        objects = [f"{Path(name).stem}.o" for name in units]

        def compile_unit(name: str) -> subprocess.CompletedProcess:
            return subprocess.run(compile_command + ["-o", f"{Path(name).stem}.o", name],
                                  cwd=work, capture_output=True, text=True)

        with ThreadPoolExecutor(max_workers=min(len(units), _processors())) as pool:
            compiled = dict(zip(order, pool.map(compile_unit, order)))
        failed = [name for name in units if compiled[name].returncode != 0]
        if failed:
            raise RuntimeError(f"{' '.join(compile_command)} failed on {', '.join(failed)}:\n"
                               + "".join(compiled[name].stderr for name in failed)[-4000:])
        linked = subprocess.run(link_command + ["-o", "eval.so"] + objects + ["-lm"], cwd=work, capture_output=True, text=True)
        if linked.returncode != 0:
            raise RuntimeError(f"{' '.join(link_command)} (linking {', '.join(objects)}) failed:\n{linked.stderr[-4000:]}")
        return write_cached(key, ".so", (Path(work) / "eval.so").read_bytes()), False


def _processors() -> int:
    """The processors this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class _Buffer(ctypes.Structure):
    _fields_ = [("data", ctypes.c_void_p), ("count", ctypes.c_int64)]


class _Call(ctypes.Structure):
    _fields_ = [("inputs", ctypes.POINTER(ctypes.c_void_p)), ("sizes", ctypes.POINTER(ctypes.c_int64)),
                ("outputs", _Buffer * MAX_OUTPUTS), ("times", ctypes.POINTER(ctypes.c_int64)), ("runs", ctypes.c_int64)]


_FAILURES = {1: "out of memory", 2: "no such function in the compiled library",
             3: "the sparse result needs row or column numbers beyond 32 bits"}


class Library:
    """A compiled eval: `run` calls one of its functions the number of times GradBench asks."""

    def __init__(self, path: Path):
        self._library = ctypes.CDLL(str(path))
        self._library.gb_evaluate.argtypes = [ctypes.c_int, ctypes.POINTER(_Call), ctypes.c_int64, ctypes.c_double]
        self._library.gb_evaluate.restype = ctypes.c_int
        self._library.gb_release.argtypes = [ctypes.POINTER(_Call)]
        self._library.gb_release.restype = None

    def run(self, function: int, arrays: list[np.ndarray], sizes: list[int], output_types: list[np.dtype],
            min_runs: int, min_seconds: float) -> tuple[list[np.ndarray], list[int]]:
        """Runs function number `function` on `arrays` (C-contiguous, of the types the glue reads)
        at least `min_runs` times and for at least `min_seconds`; returns copies of the last run's
        outputs and each run's time in nanoseconds."""
        pointers = (ctypes.c_void_p * max(1, len(arrays)))(*[a.ctypes.data for a in arrays])
        size_values = (ctypes.c_int64 * max(1, len(sizes)))(*sizes)
        call = _Call(inputs=pointers, sizes=size_values)
        try:
            status = self._library.gb_evaluate(function, ctypes.byref(call), max(1, min_runs), min_seconds)
            if status != 0:
                raise RuntimeError(_FAILURES.get(status, f"failure {status}"))
            results = []
            for k, dtype in enumerate(output_types):
                buffer = call.outputs[k]
                view = np.ctypeslib.as_array(ctypes.cast(buffer.data, ctypes.POINTER(np.ctypeslib.as_ctypes_type(dtype))),
                                             shape=(buffer.count,)) if buffer.count else np.empty(0, dtype)
                results.append(view.copy())
            times = [call.times[k] for k in range(call.runs)]
            return results, times
        finally:
            self._library.gb_release(ctypes.byref(call))
