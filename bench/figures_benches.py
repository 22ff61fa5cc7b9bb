"""Running each benchmark once through its own entry point, its figures written as JSON into a
folder of the run; used by bench/figures.py.

Every bench is a `Bench`: a name, the command that runs it (given the run's folder and settings)
and the file its JSON lands in. A bench that fails leaves its log and no JSON; the tables then
say it was not measured, and the other benches still run.
"""
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SYMDIFF = os.path.join(ROOT, ".build-bench", "release", "symdiff")


class Settings:
    """What one invocation of figures.py asks of the benches."""

    def __init__(self, quick, build, rounds):
        self.quick = quick
        self.build = build  # build (or rebuild) before running; false after the first run
        self.rounds = rounds  # rounds inside the benches that alternate sides in rounds


def _startup_throughput_large(s, out):
    # run.sh installs what is missing, builds .build-bench and runs bench.py, which writes
    # results.json into --out.
    env = {} if s.build else {"BENCH_NO_BUILD": "1"}
    return ["bash", os.path.join(HERE, "run.sh"), "--out", out] + (["--quick"] if s.quick else []), env


def _poly(s, out):
    return ([sys.executable, os.path.join(HERE, "poly", "run.py"), "--json", os.path.join(out, "poly.json"),
             "--rounds", str(s.rounds)] + (["--quick"] if s.quick else []) + ([] if s.build else ["--no-build"]), {})


def _w3(s, out):
    return [sys.executable, os.path.join(HERE, "w3.py"), "--rounds", str(s.rounds),
            "--json", os.path.join(out, "w3.json")], {}


def _cli_multi(s, out):
    return [sys.executable, os.path.join(HERE, "cli_multi.py"), "--bin", SYMDIFF, "--rounds", str(s.rounds),
            "--json", os.path.join(out, "cli_multi.json")], {}


def _points(s):
    return "10000" if s.quick else "100000"


def _eval(s, out):
    return ["bash", os.path.join(HERE, "eval", "run.sh"), "--json", os.path.join(out, "eval.json"), _points(s)], {}


def _native(s, out):
    return ["bash", os.path.join(HERE, "native", "run.sh"), "--json", os.path.join(out, "native.json"), _points(s)], {}


def _matrix(s, out):
    # TensorBench prints text only; figures_rows reads its lines (matrix.log).
    return ["bash", os.path.join(HERE, "matrix", "run.sh")], {}


class Bench:
    """One benchmark: its name, how to run it, and where its figures are afterwards."""

    def __init__(self, name, command, result):
        self.name, self.command, self.result = name, command, result

    def run(self, settings, out):
        """Run once into folder `out`; returns (seconds, None) or (seconds, the reason it failed)."""
        argv, extra_env = self.command(settings, out)
        log = os.path.join(out, self.name + ".log")
        started = time.time()
        with open(log, "w") as f:
            done = subprocess.run(argv, cwd=ROOT, stdout=f, stderr=subprocess.STDOUT,
                                  env=dict(os.environ, **extra_env))
        elapsed = time.time() - started
        if done.returncode != 0:
            return elapsed, "exit status %d (log: %s)" % (done.returncode, os.path.relpath(log, ROOT))
        if not os.path.exists(os.path.join(out, self.result)):
            return elapsed, "no %s written (log: %s)" % (self.result, os.path.relpath(log, ROOT))
        return elapsed, None


# In this order: w3 uses the EvalBench that eval's run.sh builds, cli_multi the symdiff run.sh builds.
BENCHES = [
    Bench("bench", _startup_throughput_large, "results.json"),
    Bench("eval", _eval, "eval.json"),
    Bench("native", _native, "native.json"),
    Bench("w3", _w3, "w3.json"),
    Bench("cli_multi", _cli_multi, "cli_multi.json"),
    Bench("poly", _poly, "poly.json"),
    Bench("matrix", _matrix, "matrix.log"),
]


def gradbench_command(quick, rounds):
    """GradBench turns the order of its tools each round itself: one invocation with N rounds."""
    return ["bash", os.path.join(HERE, "gradbench", "run.sh"), "--rounds", str(rounds)] + (["--quick"] if quick else [])


GRADBENCH_RESULTS = os.path.join(HERE, "out", "gradbench", "results.json")
