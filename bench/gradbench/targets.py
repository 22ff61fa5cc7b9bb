"""What each GradBench row must meet, and how a row names its size: one rule for run.sh's table
(report.py) and the README's (bench/figures.py).

The target binds gradient evaluations: "within 1.5x of the hand-written C++ reference on every
eval and size, and within 1.1x on lse, llsq and ba; faster than JAX". Each eval's derivative
function carries it (ba's and gmm's `jacobian`, kmeans' `dir`, llsq's and lse's `gradient`); the
value-only functions (`objective`, `primal`, `cost`) are shown with their ratios and no target.
The one-time cost (derive + compile) has its own: under two seconds per eval.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# The function of each eval that evaluates a derivative (GradBench's names).
DERIVATIVE_FUNCTIONS = {"ba": "jacobian", "gmm": "jacobian", "kmeans": "dir", "llsq": "gradient", "lse": "gradient"}
MANUAL_LIMITS = {"ba": 1.1, "lse": 1.1, "llsq": 1.1}
DEFAULT_MANUAL_LIMIT = 1.5
ONE_TIME_LIMIT_S = 2.0


@dataclass
class Verdict:
    """A row against its target. `goal`: the target in words, None for a function that has
    none (`note` says why); `missed`: the parts of the goal the row misses; `met`: None when the
    row has no goal or no ratio to judge."""
    goal: str | None
    met: bool | None
    missed: list[str] = field(default_factory=list)
    note: str = ""


def judge(eval_name: str, function: str, vs_manual: float | None, vs_jax: float | None) -> Verdict:
    """The verdict of one row from its median ratios symdiff/manual and symdiff/JAX (None where
    that tool did not run)."""
    if eval_name not in DERIVATIVE_FUNCTIONS:
        return Verdict(None, None, note=f"no target (targets.py names no derivative function of {eval_name})")
    if DERIVATIVE_FUNCTIONS[eval_name] != function:
        return Verdict(None, None, note="value (no target)")
    limit = MANUAL_LIMITS.get(eval_name, DEFAULT_MANUAL_LIMIT)
    goal = f"within {limit}x of manual" + (", faster than JAX" if vs_jax is not None else "")
    if vs_manual is None:
        return Verdict(goal, None)
    missed = [f"> {limit}x manual"] if vs_manual > limit else []
    if vs_jax is not None and vs_jax >= 1:
        missed.append("not faster than JAX")
    return Verdict(goal, not missed, missed)


def size_text(eval_name: str, size: str) -> str:
    """The size GradBench's runner prints, spelled out: `2_5_1000` of gmm is `d=2 k=5 n=1000`,
    `ba1_n49_m7776_p31843` is `ba1`, `k=10,n=10000,d=16` is `k=10 n=10000 d=16`."""
    if eval_name == "gmm" and (m := re.fullmatch(r"(\d+)_(\d+)_(\d+)", size)):
        return "d={} k={} n={}".format(*m.groups())
    if eval_name == "ba" and (m := re.fullmatch(r"(ba\d+)_n\d+_m\d+_p\d+", size)):
        return m.group(1)
    return size.replace(",", " ")


def row_name(eval_name: str, size: str) -> str:
    """The eval and its full size, as a row names them: `gmm d=2 k=5 n=1000`, `lse n=10000`,
    `ba1` (which names its eval already)."""
    text = size_text(eval_name, size)
    return text if text.startswith(eval_name) else f"{eval_name} {text}"


def observations(eval_name: str, size: str) -> int | None:
    """The number of observations of a `ba` size (`p31843`), else None."""
    m = re.fullmatch(r"ba\d+_n\d+_m\d+_p(\d+)", size) if eval_name == "ba" else None
    return int(m.group(1)) if m else None
