#!/usr/bin/env python3
"""symdiff benchmark harness: runs symdiff beside its references in one run and prints medians
and ratios. Normally started by bench/run.sh (which installs the references and builds the
binary); it can be run alone:

    python3 bench/bench.py --symdiff .build-bench/release/symdiff [--workloads DIR] [--quick]

Whole-process times use hyperfine when it is on PATH (median of its runs), else a Python loop
over subprocess.run. In-process reference times come from bench/refs.py in a child process.
A reference that is missing or fails is reported as such and the rest goes on.
"""
import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PY = sys.executable or "python3"
REFS = os.path.join(HERE, "refs.py")

ONE_SHOT_EXPR = "x^2 + sin(x)"
ONE_SHOT_PY = "x**2 + sin(x)"
LARGE = ["large_sum10k.txt", "large_nested_sin1000.txt", "large_chain300.txt",
         "large_prod300.txt", "large_pow20.txt"]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- whole-process timing

def time_process(argv, runs, warmup, stdin_path=None, outdir=None, label="cmd"):
    """Median wall time (ms) of running argv, stdout discarded. Returns (median_ms, n, how)."""
    if shutil.which("hyperfine") and stdin_path is None:
        js = os.path.join(outdir or tempfile.gettempdir(), "hf_%s.json" % label)
        cmd = ["hyperfine", "-N", "--style", "none", "--runs", str(runs), "--warmup", str(warmup),
               "--export-json", js, " ".join(shlex.quote(a) for a in argv)]
        p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if p.returncode == 0:
            with open(js) as f:
                r = json.load(f)["results"][0]
            return r["median"] * 1e3, len(r["times"]), "hyperfine"
        log("  hyperfine failed for %s (%s); falling back to a Python loop" % (label, p.stderr.strip()[-200:]))
    times = []
    for i in range(warmup + runs):
        fin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
        t0 = time.perf_counter()
        subprocess.run(argv, stdin=fin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        t1 = time.perf_counter()
        if stdin_path:
            fin.close()
        if i >= warmup:
            times.append(t1 - t0)
    return statistics.median(times) * 1e3, len(times), "python loop"


def run_once(argv, timeout=600):
    """Run argv once; returns (returncode, stdout bytes, stderr text) or (None, b'', reason)."""
    try:
        p = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout)
        return p.returncode, p.stdout, p.stderr.decode(errors="replace")
    except FileNotFoundError as e:
        return None, b"", str(e)
    except subprocess.TimeoutExpired:
        return None, b"", "timed out after %ds" % timeout


def refs(*args, timeout=900):
    """Run refs.py and return its JSON (or {"error": ...})."""
    try:
        p = subprocess.run([PY, REFS] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": "timed out after %ds" % timeout}
    try:
        return json.loads(p.stdout.strip().splitlines()[-1])
    except Exception:
        return {"error": "refs.py exited %d: %s" % (p.returncode, (p.stderr or p.stdout).strip()[-300:])}


def have_module(name):
    return subprocess.run([PY, "-c", "import " + name], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0


# ---------------------------------------------------------------- formatting

def fms(v):
    if v is None:
        return "-"
    if v >= 1000:
        return "%.2f s" % (v / 1000)
    if v >= 100:
        return "%.0f ms" % v
    if v >= 10:
        return "%.1f ms" % v
    return "%.2f ms" % v


def fratio(v):
    return "-" if v is None else ("%.2f" % v if v < 100 else "%.0f" % v)


def table(headers, rows):
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) if rows else len(str(h))
              for i, h in enumerate(headers)]
    line = lambda cells: "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                                   for i, (c, w) in enumerate(zip(cells, widths)))
    out = [line(headers), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in rows]
    return "\n".join(out)


# ---------------------------------------------------------------- the three benchmarks

def bench_startup(a, res):
    log("[1/3] start-up: one-shot derivative of %r" % ONE_SHOT_EXPR)
    rows, notes = [], []
    r = {}
    rc, out, err = run_once([a.symdiff, ONE_SHOT_EXPR, "--wrt", "x"])
    if rc != 0:
        notes.append("symdiff failed (rc=%s): %s" % (rc, err.strip()[:200]))
        r["symdiff"] = None
    else:
        r["symdiff_output"] = out.decode().strip()
        r["symdiff"], n, how = time_process([a.symdiff, ONE_SHOT_EXPR, "--wrt", "x"], a.startup_runs,
                                            5, outdir=a.out, label="startup_symdiff")
    # ginsh: the same commands as `echo 'diff(x^2+sin(x),x);' | ginsh`, given as a script file
    # (ends with quit;) so that no shell or pipe is timed.
    ginsh = shutil.which("ginsh")
    if ginsh:
        script = os.path.join(a.out, "ginsh_oneshot.gsh")
        with open(script, "w") as f:
            f.write("diff(%s,x);\nquit;\n" % ONE_SHOT_EXPR.replace(" ", ""))
        rc, out, err = run_once([ginsh, script])
        if rc == 0:
            r["ginsh_output"] = out.decode().strip()
            r["ginsh"], _, _ = time_process([ginsh, script], a.startup_runs, 5, outdir=a.out,
                                            label="startup_ginsh")
        else:
            notes.append("ginsh failed (rc=%s): %s" % (rc, err.strip()[:200]))
    else:
        notes.append("ginsh not available (apt-get install ginac-tools)")
    for mod, key, code in [
        ("symengine", "symengine",
         "import symengine as s; x=s.Symbol('x'); print(s.sympify(%r).diff(x))" % ONE_SHOT_PY),
        ("sympy", "sympy",
         "import sympy as s; x=s.Symbol('x'); print(s.diff(s.sympify(%r), x))" % ONE_SHOT_PY)]:
        if a.no_python_startup:
            continue
        if have_module(mod):
            r[key], _, _ = time_process([PY, "-c", code], a.py_startup_runs, 1, outdir=a.out,
                                        label="startup_" + key)
        else:
            notes.append("%s not importable by %s (pip install %s)" % (mod, PY, mod))
    base = r.get("symdiff")
    for key, name in [("symdiff", "symdiff"), ("ginsh", "GiNaC ginsh"),
                      ("symengine", "SymEngine (python3 -c)"), ("sympy", "SymPy (python3 -c)")]:
        if key in r and r[key] is not None:
            rows.append([name, fms(r[key]), fratio(base / r[key]) if base else "-"])
    res["startup"] = r
    txt = ["== 1. Start-up: `symdiff 'x^2 + sin(x)' --wrt x`, whole process, median ==",
           table(["tool", "median", "symdiff/tool"], rows)]
    if base and r.get("ginsh"):
        txt.append("symdiff/ginsh = %.2f  (< 1: symdiff starts faster)" % (base / r["ginsh"]))
    if r.get("symdiff_output") and r.get("ginsh_output"):
        txt.append("outputs: symdiff %r, ginsh %r" % (r["symdiff_output"], r["ginsh_output"]))
    return "\n".join(txt + ["note: " + n for n in notes])


def bench_throughput(a, res):
    path = os.path.join(a.workloads, "throughput.txt")
    log("[2/3] throughput: %s" % path)
    r, notes, rows = {}, [], []
    argv = [a.symdiff, "--wrt", "x", "--file", path]
    rc, out, err = run_once(argv)
    if rc is None or rc != 0:
        notes.append("symdiff --file failed (rc=%s): %s" % (rc, err.strip()[:300]))
    else:
        outfile = os.path.join(a.out, "throughput.symdiff.txt")
        with open(outfile, "wb") as f:
            f.write(out)
        r["symdiff_out_bytes"] = len(out)
        r["symdiff"], n, how = time_process(argv, a.runs, 1, outdir=a.out, label="throughput_symdiff")
        # The same on one thread: --file uses one thread per core by default.
        r["symdiff_1"], _, _ = time_process(argv + ["--jobs", "1"], a.runs, 1, outdir=a.out,
                                            label="throughput_symdiff_1")
        if have_module("symengine"):
            r["check"] = refs("check", path, outfile, "--wrt", "x", "--sample", str(a.check_sample))
    if have_module("symengine"):
        r["symengine"] = refs("symengine-lines", path, "--wrt", "x", "--runs", str(a.runs))
    else:
        r["symengine"] = {"error": "symengine not importable (pip install symengine)"}
    if not a.no_casadi:
        if have_module("casadi"):
            r["casadi"] = refs("casadi-lines", path, "--wrt", "x", "--runs", str(a.runs))
        else:
            r["casadi"] = {"error": "casadi not importable (pip install casadi)"}
    res["throughput"] = r

    s = r.get("symdiff")
    se = r.get("symengine", {})
    st = res.get("startup", {}).get("symdiff")
    if s is not None:
        rows.append(["symdiff, whole process (parse+diff+simplify+print), one thread per core", fms(s), "1.00"])
        if r.get("symdiff_1"):
            rows.append(["symdiff, the same with --jobs 1", fms(r["symdiff_1"]), fratio(r["symdiff_1"] / s)])
        if st:
            rows.append(["  of which start-up (section 1)", fms(st), ""])
    if "error" in se:
        notes.append("SymEngine: " + se["error"])
    else:
        for k, name in [("parse_diff_ms", "SymEngine parse+diff, in-process  <- target column"),
                        ("diff_ms", "SymEngine diff only"),
                        ("parse_diff_str_ms", "SymEngine parse+diff+str()")]:
            rows.append([name, fms(se[k]), fratio(se[k] / s) if s else "-"])
    ca = r.get("casadi")
    if ca:
        if "error" in ca:
            notes.append("CasADi: " + ca["error"])
        else:
            rows.append(["CasADi SX jacobian only (graph built beforehand)", fms(ca["diff_ms"]),
                         fratio(ca["diff_ms"] / s) if s else "-"])
    txt = ["== 2. Throughput: d/dx of 2000 expressions (throughput.txt), median ==",
           table(["what", "median", "tool/symdiff"], rows)]
    if s is not None and "error" not in se:
        ratio = se["parse_diff_ms"] / s
        txt.append("SymEngine(parse+diff) / symdiff(whole process) = %.2f   target >= 2: %s"
                   % (ratio, "MET" if ratio >= 2 else "NOT MET (symdiff would need <= %s)"
                      % fms(se["parse_diff_ms"] / 2)))
        txt.append("output: symdiff %d bytes, SymEngine str() %d bytes"
                   % (r["symdiff_out_bytes"], se.get("out_bytes", 0)))
    c = r.get("check")
    if c:
        if "error" in c:
            notes.append("cross-check: " + c["error"])
        else:
            txt.append("cross-check vs SymEngine at real points: %d/%d lines agree, %d disagree%s, "
                       "%d skipped (complex-valued at the test points)"
                       % (c["agree"], c["checked"], c["disagree"],
                          (" (lines %s)" % c["first_bad_lines"]) if c["disagree"] else "",
                          c["skipped"]))
    return "\n".join(txt + ["note: " + n for n in notes])


def symdiff_supports_expand(a):
    rc, out, err = run_once([a.symdiff, "--help"])
    return rc == 0 and b"--expand" in out


def bench_large(a, res):
    log("[3/3] large expressions")
    r, notes, rows = {}, [], []
    se_ok = have_module("symengine")
    if not se_ok:
        notes.append("SymEngine not importable (pip install symengine): its columns are empty")
    expand = symdiff_supports_expand(a)
    for name in LARGE:
        path = os.path.join(a.workloads, name)
        if not os.path.exists(path):
            notes.append("%s: missing" % name)
            continue
        is_expand = name == "large_pow20.txt"
        if is_expand and not expand:
            notes.append("%s skipped: it is an expand task (expand(d/dx (x+y+z+w+1)^20)) and "
                         "symdiff --help has no --expand" % name)
            continue
        log("  %s" % name)
        argv = [a.symdiff, "--wrt", "x", "--file", path] + (["--expand"] if is_expand else [])
        rc, out, err = run_once(argv)
        row = {"rc": rc}
        if rc == 0:
            row["out_bytes"] = len(out)
            row["symdiff"], _, _ = time_process(argv, a.large_runs, 1, outdir=a.out,
                                                label="large_" + name)
        else:
            notes.append("%s: symdiff failed (rc=%s): %s" % (name, rc, err.strip()[:200]))
        if se_ok:
            row["symengine"] = refs("symengine-large", path, "--wrt", "x", "--runs",
                                    str(a.large_runs), *(["--expand"] if is_expand else []))
            if "error" in row["symengine"]:
                notes.append("%s: SymEngine %s" % (name, row["symengine"]["error"]))
        r[name] = row
        s = row.get("symdiff")
        se = row.get("symengine") or {}
        ok = "error" not in se and se
        rows.append([name.replace("large_", "").replace(".txt", ""),
                     fms(s) if s is not None else "FAIL rc=%s" % rc,
                     fms(se["parse_diff_ms"]) if ok else "-",
                     fms(se["parse_diff_str_ms"]) if ok else "-",
                     fratio(se["parse_diff_ms"] / s) if ok and s else "-",
                     fratio(se["parse_diff_str_ms"] / s) if ok and s else "-",
                     row.get("out_bytes", "-"),
                     se.get("out_bytes", "-") if ok else "-"])
    res["large"] = r
    txt = ["== 3. Large expressions: d/dx of one expression each, median ==",
           "(symdiff: whole process incl. start-up and printing; SymEngine: in-process)",
           table(["workload", "symdiff", "SE p+d", "SE p+d+str", "SE/sd", "SE+str/sd",
                  "sd out B", "SE out B"], rows)]
    return "\n".join(txt + ["note: " + n for n in notes])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--symdiff", default=os.path.join(ROOT, ".build-bench", "release", "symdiff"))
    ap.add_argument("--workloads", default=os.environ.get("SYMDIFF_WORKLOADS")
                    or os.path.join(ROOT, "..", "shared", "workloads"))
    ap.add_argument("--out", default=os.path.join(HERE, "out"))
    ap.add_argument("--quick", action="store_true", help="fewer repetitions (a smoke test)")
    ap.add_argument("--only", choices=["startup", "throughput", "large"], action="append")
    ap.add_argument("--no-casadi", action="store_true")
    ap.add_argument("--no-python-startup", action="store_true",
                    help="skip the SymPy/SymEngine one-shot start-up columns")
    a = ap.parse_args()
    a.symdiff = os.path.abspath(a.symdiff)
    a.workloads = os.path.abspath(a.workloads)
    a.startup_runs, a.py_startup_runs, a.runs, a.large_runs, a.check_sample = \
        (10, 3, 3, 2, 50) if a.quick else (60, 10, 10, 5, 400)
    os.makedirs(a.out, exist_ok=True)
    if not os.access(a.symdiff, os.X_OK):
        sys.exit("error: no symdiff binary at %s (build it: swift build -c release "
                 "--scratch-path .build-bench)" % a.symdiff)
    if not os.path.isdir(a.workloads):
        sys.exit("error: workloads folder %s not found (set SYMDIFF_WORKLOADS)" % a.workloads)

    res = {"symdiff": a.symdiff, "workloads": a.workloads,
           "timer": "hyperfine" if shutil.which("hyperfine") else "python loop",
           "started": time.strftime("%Y-%m-%d %H:%M:%S")}
    sections = []
    only = a.only or ["startup", "throughput", "large"]
    for key, fn in [("startup", bench_startup), ("throughput", bench_throughput), ("large", bench_large)]:
        if key in only:
            try:
                sections.append(fn(a, res))
            except Exception as e:  # one broken section must not hide the others
                sections.append("== %s: harness error: %s: %s ==" % (key, type(e).__name__, e))
    with open(os.path.join(a.out, "results.json"), "w") as f:
        json.dump(res, f, indent=1)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    res["loadavg_start"] = load
    head = "symdiff bench  %s  timer=%s  machine: %d cores, load %.1f at start%s" % (
        res["started"], res["timer"], os.cpu_count() or 0, load, "  (QUICK: few runs)" if a.quick else "")
    print("\n" + head + "\n\n" + "\n\n".join(sections))
    print("\n(raw numbers: %s)" % os.path.relpath(os.path.join(a.out, "results.json"), os.getcwd()))


if __name__ == "__main__":
    main()
