#!/usr/bin/env python3
"""The table run.sh prints: per eval, function and size, each tool's median 'evaluate' time, the
ratios symdiff/manual and symdiff/JAX with the targets (the rule is targets.py's: each eval's
derivative function carries them, its value-only functions none), and symdiff's one-time cost
per eval.

usage: report.py OUT_DIR --evals ba,lse --tools symdiff,manual,jax --rounds N --settings TEXT

OUT_DIR holds what run.sh collected: EVAL.TOOL.ROUND.txt (the lines GradBench's runner prints:
function, size, valid=..., evaluate_ns=...) and costs.jsonl (tool.py's define records, cold then
warm). Writes OUT_DIR/results.json with every number.
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
from pathlib import Path

from targets import ONE_TIME_LIMIT_S, judge, size_text

LINE = re.compile(r"^(\S+)\s+(\S+)\s+valid=(True|False) evaluate_ns=(\d+|None)")
FAILED = re.compile(r"^(\S+)\s+(\S+)\s+FAILED (.*)")


def read_run(path: Path) -> tuple[dict, list[str]]:
    """(function, size) -> (valid, ns) from one runner output, and its notes (failures)."""
    rows, notes = {}, []
    if not path.exists():
        return rows, [f"{path.name}: not run"]
    for line in path.read_text().splitlines():
        if m := LINE.match(line):
            rows[(m.group(1), m.group(2))] = (m.group(3) == "True", None if m.group(4) == "None" else int(m.group(4)))
        elif m := FAILED.match(line):
            rows[(m.group(1), m.group(2))] = (False, None)
            notes.append(f"{path.name}: {m.group(1)} {m.group(2)} failed: {m.group(3)[:200]}")
        elif line.startswith("define failed"):
            notes.append(f"{path.name}: {line[:300]}")
    return rows, notes


def ms(ns: float | None) -> str:
    return "-" if ns is None else f"{ns / 1e6:.3f}"


def round_ratios(runs: dict, key: tuple, tool: str) -> list[float]:
    """symdiff's time over `tool`'s, round by round (both tools ran in each round)."""
    ratios = []
    for ours, theirs in zip(runs["symdiff"], runs.get(tool, [])):
        a, b = ours.get(key, (False, None))[1], theirs.get(key, (False, None))[1]
        if a is not None and b:
            ratios.append(a / b)
    return ratios


def show(ratios: list[float]) -> str:
    """The median ratio, and the range over rounds when there are several."""
    if not ratios:
        return "-"
    text = f"{statistics.median(ratios):.2f}"
    return text if len(ratios) == 1 else f"{text} ({min(ratios):.2f}-{max(ratios):.2f})"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--evals", required=True)
    ap.add_argument("--tools", required=True)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--settings", default="")
    a = ap.parse_args()
    evals, tools = a.evals.split(","), a.tools.split(",")
    results, notes, misses, invalid = [], [], [], []
    print(f"GradBench, CPU, one thread: median 'evaluate' time in ms per function and size ({a.settings}; "
          f"{a.rounds} round{'s' if a.rounds > 1 else ''}: times are medians over rounds, ratios the median of "
          f"the rounds' ratios, with their range); ratios below 1: symdiff faster")
    width = 9 if a.rounds == 1 else 17
    header = (f"{'eval':6} {'function':10} {'size':24}" + "".join(f" {t:>10}" for t in tools)
              + f" {'sd/manual':>{width}} {'sd/jax':>{width}}  target")
    print(header)
    for e in evals:
        runs = {}
        for t in tools:
            per_round = []
            for r in range(1, a.rounds + 1):
                rows, n = read_run(a.out / f"{e}.{t}.{r}.txt")
                per_round.append(rows)
                notes += n
            runs[t] = per_round
        keys = list(dict.fromkeys(k for per_round in runs.get("symdiff", []) for k in per_round))
        for key in keys:
            medians = {}
            for t in tools:
                times = [rows[key][1] for rows in runs[t] if key in rows and rows[key][1] is not None]
                medians[t] = statistics.median(times) if times else None
                if t == "symdiff" and any(key in rows and not rows[key][0] for rows in runs[t]):
                    invalid.append(f"{e} {key[0]} {key[1]}")
            manual_ratios, jax_ratios = round_ratios(runs, key, "manual"), round_ratios(runs, key, "jax")
            vs_manual = statistics.median(manual_ratios) if manual_ratios else None
            vs_jax = statistics.median(jax_ratios) if jax_ratios else None
            verdict = judge(e, key[0], vs_manual, vs_jax)
            if verdict.met is False:
                misses.append(f"{e} {key[0]} {key[1]}: " + ", ".join(verdict.missed))
            if verdict.goal is None:
                judged = verdict.note
            elif verdict.met is None:
                judged = "not judged: no manual time"
            else:
                judged = "met" if verdict.met else "MISSED: " + ", ".join(verdict.missed)
            print(f"{e:6} {key[0]:10} {size_text(e, key[1]):24}" + "".join(f" {ms(medians[t]):>10}" for t in tools)
                  + f" {show(manual_ratios):>{width}} {show(jax_ratios):>{width}}  {judged}")
            results.append({"eval": e, "function": key[0], "size": key[1], "median_ns": medians,
                            "symdiff_over_manual": manual_ratios, "symdiff_over_jax": jax_ratios})
    costs = _costs(a.out / "costs.jsonl")
    for e in evals:
        cold, warm = costs.get(e, (None, None))
        if cold is None:
            print(f"one-time cost, {e}: not measured")
            continue
        total = (cold["derive_ns"] + cold["compile_ns"]) / 1e9
        warm_text = f"; cached afterwards: {(warm['derive_ns'] + warm['compile_ns']) / 1e9:.3f} s" if warm else ""
        verdict = "met" if total < ONE_TIME_LIMIT_S else f"MISSED: over {ONE_TIME_LIMIT_S} s"
        print(f"one-time cost, {e}: derive {cold['derive_ns'] / 1e9:.3f} s + compile {cold['compile_ns'] / 1e9:.3f} s "
              f"= {total:.3f} s{warm_text} (target < {ONE_TIME_LIMIT_S} s: {verdict})")
        if total >= ONE_TIME_LIMIT_S:
            misses.append(f"{e} one-time cost {total:.3f} s")
    for n in notes:
        print(f"note: {n}")
    print(f"symdiff validations: {'all passed' if not invalid else 'FAILED: ' + '; '.join(invalid)}")
    print(f"targets: {'all met' if not misses else f'{len(misses)} missed'}")
    (a.out / "results.json").write_text(json.dumps({"rows": results, "costs": costs, "misses": misses,
                                                    "invalid": invalid, "notes": notes}, indent=1))
    print(f"raw numbers: {a.out / 'results.json'}")
    return 1 if invalid else 0


def _costs(path: Path) -> dict:
    """eval -> (first define record, second): run.sh prepares each eval twice, cold then warm."""
    records: dict[str, list] = {}
    if path.exists():
        for line in path.read_text().splitlines():
            r = json.loads(line)
            records.setdefault(r["eval"], []).append(r)
    return {e: (rs[0], rs[1] if len(rs) > 1 else None) for e, rs in records.items()}


if __name__ == "__main__":
    raise SystemExit(main())
