#!/usr/bin/env python3
"""Regenerate every performance table of README.md and bench/README.md from the benches.

    python3 bench/figures.py                 # 3 runs of every bench, GradBench in 3 rounds
    python3 bench/figures.py --quick         # few repetitions: a smoke test of the whole chain
    python3 bench/figures.py --runs 5 --only eval,native     # prints the tables, rewrites nothing
    python3 bench/figures.py --from bench/out/figures --dry-run   # re-render saved runs, print only
    python3 bench/figures.py --self-test     # the table-writing part's own tests

Each run calls every bench once through its own entry point (bench/run.sh, bench/poly/run.py,
bench/w3.py, bench/cli_multi.py, bench/eval/run.sh, bench/native/run.sh, bench/matrix/run.sh),
each writing its figures as JSON into bench/out/figures/run-N/; the benches alternate their own
sides in rounds. GradBench runs once with as many rounds as runs (it turns the tools' order each
round). A cell is then the median over the runs, with the range over them where it moves; a
ratio is computed inside each run and summarised the same way; targets are judged from the
medians. The tables are rewritten between `<!-- figures:begin NAME -->` and
`<!-- figures:end NAME -->`, under a line naming the command, the commit, the date and the
machine. A reference system that is not installed shows `not installed` in its cells; a bench
that fails shows `not measured` in its rows, and the exit status is then 1.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import figures_benches as benches  # noqa: E402
import figures_markers as markers  # noqa: E402
import figures_rows as rows  # noqa: E402

OUT = os.path.join(HERE, "out", "figures")
README = os.path.join(ROOT, "README.md")
BENCH_README = os.path.join(HERE, "README.md")
REFERENCES = ["symengine", "sympy", "casadi", "jax"]


def say(message):
    print("[figures] " + message, file=sys.stderr, flush=True)


def installed_references():
    """Which reference systems this machine has (after the benches' own installs)."""
    found = {"ginsh": shutil.which("ginsh") is not None}
    for module in REFERENCES:
        found[module] = subprocess.run([sys.executable, "-c", "import " + module], stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL).returncode == 0
    return found


def git(*args):
    return subprocess.run(["git", "-C", ROOT] + list(args), capture_output=True, text=True).stdout.strip()


def machine():
    """Commit (with +dirty when the work tree has changes), date, cores and load average, now."""
    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    if git("status", "--porcelain", "--untracked-files=no"):
        commit += "+dirty"
    return {"commit": commit, "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "cores": os.cpu_count(), "load": os.getloadavg()[0]}


def run_all(a, only):
    """Every run of every selected bench; returns the failures, bench -> reason (last run's)."""
    failures = {}
    for i in range(1, a.runs + 1):
        out = os.path.join(OUT, "run-%d" % i)
        os.makedirs(out, exist_ok=True)
        settings = benches.Settings(a.quick, build=(i == 1 and not a.no_build), rounds=a.rounds)
        for bench in benches.BENCHES:
            if bench.name not in only:
                continue
            seconds, failure = bench.run(settings, out)
            say("run %d/%d: %-9s %5.0f s  %s" % (i, a.runs, bench.name, seconds, failure or "ok"))
            if failure:
                failures[bench.name] = failure
    if "gradbench" in only:
        started = time.time()
        env = dict(os.environ, BENCH_NO_BUILD="1") if "bench" in only or a.no_build else os.environ
        with open(os.path.join(OUT, "gradbench.log"), "w") as log:
            done = subprocess.run(benches.gradbench_command(a.quick, a.runs), cwd=ROOT, stdout=log,
                                  stderr=subprocess.STDOUT, env=env)
        if os.path.exists(benches.GRADBENCH_RESULTS):
            shutil.copy(benches.GRADBENCH_RESULTS, os.path.join(OUT, "gradbench.json"))
        failure = None if done.returncode == 0 else "exit status %d (log: bench/out/figures/gradbench.log)" % done.returncode
        say("gradbench, %d rounds: %5.0f s  %s" % (a.runs, time.time() - started, failure or "ok"))
        if failure:
            failures["gradbench"] = failure
    return failures


def load_runs(folder):
    """The saved figures of every run in `folder`: a list of {bench: figures}."""
    per_run = []
    i = 1
    while os.path.isdir(os.path.join(folder, "run-%d" % i)):
        run = {}
        for bench in benches.BENCHES:
            path = os.path.join(folder, "run-%d" % i, bench.result)
            if not os.path.exists(path):
                continue
            if bench.name == "matrix":
                run[bench.name] = rows.matrix_figures(open(path, encoding="utf-8").read())
            else:
                try:
                    run[bench.name] = json.load(open(path))
                except ValueError:
                    pass
        per_run.append(run)
        i += 1
    return per_run


def header(meta, command):
    load_end = "?" if meta["load_end"] is None else "%.1f" % meta["load_end"]
    return ("Figures of `%s` at commit %s, %s, on a %d-core machine (load average %.1f at the start, %s at the end); "
            "%d run%s: each cell is the median over the runs, with the range in brackets where it moves; each ratio "
            "is computed within a run (both sides measured in it), then summarised the same way; targets are judged "
            "from the medians." % (command, meta["commit"], meta["date"], meta["cores"], meta["load_start"],
                                   load_end, meta["runs"], "" if meta["runs"] == 1 else "s"))


def render(folder, meta, command, failures):
    """The text of every generated block, by file and block name."""
    runs = rows.Runs(load_runs(folder), failures, meta["installed"])
    line = header(meta, command)
    blocks = {README: {"summary": line + "\n\n" + rows.summary_table(runs)}, BENCH_README: {}}
    if "matrix" in meta["benches"]:
        blocks[BENCH_README]["matrix"] = line + "\n\n" + rows.matrix_block(runs)
    gradbench = os.path.join(folder, "gradbench.json")
    if "gradbench" in meta["benches"] and os.path.exists(gradbench):
        gb_line = line.replace("%d run%s:" % (meta["runs"], "" if meta["runs"] == 1 else "s"),
                               "GradBench in %d rounds, the tools' order turning each round:" % meta["runs"])
        blocks[BENCH_README]["gradbench"] = gb_line + "\n\n" + rows.gradbench_tables(json.load(open(gradbench)), meta["runs"])
    return blocks


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="few repetitions in every bench (a smoke test)")
    ap.add_argument("--runs", type=int, default=3, help="runs of every bench (default 3)")
    ap.add_argument("--rounds", type=int, help="alternating rounds inside the benches that have them "
                                               "(default 3, with --quick 1)")
    names = [b.name for b in benches.BENCHES] + ["gradbench"]
    ap.add_argument("--only", help="comma-separated benches to run: " + ",".join(names))
    ap.add_argument("--no-build", action="store_true", help="use the release builds already there")
    ap.add_argument("--from", dest="saved", metavar="DIR", help="render the runs saved in DIR instead of running")
    ap.add_argument("--dry-run", action="store_true", help="print the tables, change no file")
    ap.add_argument("--self-test", action="store_true", help="run the table-writing part's tests and exit")
    a = ap.parse_args()
    if a.self_test:
        import unittest
        suite = unittest.defaultTestLoader.loadTestsFromName("figures_test")
        sys.exit(0 if unittest.TextTestRunner(verbosity=1).run(suite).wasSuccessful() else 1)
    if a.runs < 1:
        ap.error("--runs must be at least 1")
    a.rounds = a.rounds or (1 if a.quick else 3)
    only = a.only.split(",") if a.only else names
    unknown = [n for n in only if n not in names]
    if unknown:
        ap.error("unknown bench %s (known: %s)" % (", ".join(unknown), ", ".join(names)))
    if set(only) != set(names) and not a.dry_run:
        # The tables hold every bench's rows: a subset would write `not measured` over the rest.
        say("--only: printing the tables without rewriting the READMEs")
        a.dry_run = True
    command = "python3 bench/figures.py" + "".join(
        " " + x for x in sys.argv[1:] if x not in ("--dry-run", "--no-build"))

    if a.saved:
        folder = a.saved
        meta = json.load(open(os.path.join(folder, "meta.json")))
        if "installed" not in meta:  # the runs stopped before the end: render what they saved
            meta.update(installed=installed_references(), failures={}, load_end=None)
            meta["runs"] = len(load_runs(folder))
            say("%s holds %d finished or partial run(s) of an invocation that stopped" % (folder, meta["runs"]))
        command, failures = meta["command"], meta["failures"]
    else:
        folder = OUT
        shutil.rmtree(OUT, ignore_errors=True)
        os.makedirs(OUT)
        meta = machine()
        meta.update(runs=a.runs, benches=only, command=command)
        meta["load_start"] = meta.pop("load")
        say("commit %s, %d cores, load average %.1f; %d run%s of %s" % (
            meta["commit"], meta["cores"], meta["load_start"], a.runs, "" if a.runs == 1 else "s", ", ".join(only)))
        # Saved first too, so that the runs done so far can be rendered (--from) if this one stops.
        json.dump(meta, open(os.path.join(OUT, "meta.json"), "w"), indent=1)
        failures = run_all(a, only)
        meta["load_end"] = os.getloadavg()[0]
        meta["installed"] = installed_references()
        meta["failures"] = failures
        json.dump(meta, open(os.path.join(OUT, "meta.json"), "w"), indent=1)

    blocks = render(folder, meta, command, failures)
    for path, bodies in blocks.items():
        for name, body in bodies.items():
            print("==== %s, block %s ====\n%s\n" % (os.path.relpath(path, ROOT), name, body))
        if not a.dry_run and bodies:
            changed = markers.rewrite(path, bodies)
            say("%s %s" % (os.path.relpath(path, ROOT), "rewritten" if changed else "unchanged"))
    for bench, reason in failures.items():
        say("FAILED: %s: %s" % (bench, reason))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
