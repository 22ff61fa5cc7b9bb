#!/usr/bin/env python3
"""Gradient and Hessian of the logistic loss sum(log(1 + exp(-y .* (X*w)))) on n x d data:
symdiff's emitted NumPy and C against hand-written NumPy, hand-written C loops (gcc -O2) and
JAX (jit(grad), jit(hessian)) on one thread, in the same run. Medians over repetitions, with
the range. The emitted C is also compiled with -O3 -march=native (the machine's vector
instructions, which XLA's compiler uses too), and the floating-point operations XLA reports
for its Hessian are set beside those of the symmetric product symdiff emits.

Usage: python3 evaluate.py SYMDIFF_BINARY [--n 10000] [--d 100] [--repeat 30]
JAX is optional: without it its rows say so and the rest still runs.
"""
import argparse
import ctypes
import os
import tempfile
import statistics
import subprocess
import sys
import time

# One thread for every library, set before NumPy or JAX load their BLAS.
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"
os.environ["XLA_FLAGS"] = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import numpy as np  # noqa: E402

LOSS = "sum(log(1 + exp(-y .* (X*w))))"


def emitted(binary, *derivatives):
    """The function symdiff emits for the loss with the derivatives asked for (--grad, --hessian)."""
    code = subprocess.run([binary, "emit", LOSS, "--vector", "w,y", "--matrix", "X", "--vars", "w",
                           "--lang", "numpy", *derivatives], check=True, capture_output=True, text=True).stdout
    scope = {}
    exec(compile(code, "emitted.py", "exec"), scope)
    return scope["f"]


HAND_C = r"""
#include <math.h>
/* The loss and its gradient, written by hand: one pass over the rows. */
void loss_grad(long n, long d, const double *X, const double *w, const double *y, double *value, double *grad)
{
    double v = 0.0;
    for (long j = 0; j < d; j++) grad[j] = 0.0;
    for (long i = 0; i < n; i++) {
        const double *row = X + i*d;
        double z = 0.0;
        for (long j = 0; j < d; j++) z += row[j]*w[j];
        z = -y[i]*z;
        v += z > 0 ? z + log1p(exp(-z)) : log1p(exp(z));
        const double c = -y[i]/(1.0 + exp(-z));
        for (long j = 0; j < d; j++) grad[j] += c*row[j];
    }
    *value = v;
}
"""


def compiled(source, name, flags=("-O2",)):
    """`source` compiled with gcc (-O2 unless other flags are given) into a shared library, loaded."""
    folder = tempfile.mkdtemp(prefix="symdiff-bench-")
    path = os.path.join(folder, name)
    with open(path + ".c", "w") as f:
        f.write(source)
    subprocess.run(["gcc", *flags, "-shared", "-fPIC", "-o", path + ".so", path + ".c", "-lm"], check=True)
    return ctypes.CDLL(path + ".so")


def pointer(a):
    return a.ctypes.data_as(ctypes.POINTER(ctypes.c_double))


def emitted_c(binary, n, d, *derivatives, flags=("-O2",)):
    """The C symdiff emits, as a function of X, w, y writing into arrays allocated once here."""
    code = subprocess.run([binary, "emit", LOSS, "--vector", "w(d),y(n)", "--matrix", "X(n,d)", "--vars", "w",
                           "--lang", "c", *derivatives], check=True, capture_output=True, text=True).stdout
    lib = compiled(code, "emitted", flags)
    lib.f_workspace.restype = ctypes.c_long
    work = np.zeros(lib.f_workspace(ctypes.c_long(d), ctypes.c_long(n)))
    value, grad, hess = np.zeros(1), np.zeros(d), np.zeros((d, d))
    outputs = [value, grad] + ([hess] if "--hessian" in derivatives else [])

    def f(X, w, y):
        lib.f(ctypes.c_long(d), ctypes.c_long(n), pointer(X), pointer(w), pointer(y), *map(pointer, outputs), pointer(work))
        return value[0], grad, hess
    return f


def hand_c(n, d):
    lib = compiled(HAND_C, "hand")
    value, grad = np.zeros(1), np.zeros(d)

    def f(X, w, y):
        lib.loss_grad(ctypes.c_long(n), ctypes.c_long(d), pointer(X), pointer(w), pointer(y), pointer(value), pointer(grad))
        return value[0], grad
    return f


def hand_written():
    def value_and_gradient(X, w, y):
        z = -y * (X @ w)
        s = 1.0 / (1.0 + np.exp(-z))
        return np.sum(np.logaddexp(0.0, z)), -X.T @ (y * s)

    def hessian(X, w, y):
        z = -y * (X @ w)
        s = 1.0 / (1.0 + np.exp(-z))
        return X.T @ ((y * y * s * (1.0 - s))[:, None] * X)

    return value_and_gradient, hessian


def timed(f, repeat):
    f()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        f()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), min(runs), max(runs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--d", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=30)
    a = ap.parse_args()
    rng = np.random.default_rng(1)
    X = rng.standard_normal((a.n, a.d))
    y = rng.choice([-1.0, 1.0], a.n)
    w = rng.standard_normal(a.d) / np.sqrt(a.d)

    f = emitted(a.binary, "--grad", "--hessian")
    f_grad = emitted(a.binary, "--grad")
    c_all = emitted_c(a.binary, a.n, a.d, "--grad", "--hessian")
    c_grad = emitted_c(a.binary, a.n, a.d, "--grad")
    native = ("-O3", "-march=native")
    c_all_native = emitted_c(a.binary, a.n, a.d, "--grad", "--hessian", flags=native)
    c_grad_native = emitted_c(a.binary, a.n, a.d, "--grad", flags=native)
    c_hand = hand_c(a.n, a.d)
    grad_hand, hess_hand = hand_written()
    value, gradient, hessian = f(X, w, y)
    v_ref, g_ref = grad_hand(X, w, y)
    h_ref = hess_hand(X, w, y)
    worst = 0.0
    for v, g, h in [(value, gradient, hessian), c_all(X, w, y), c_grad(X, w, y)[:2] + (h_ref,), c_hand(X, w, y) + (h_ref,),
                    c_all_native(X, w, y), c_grad_native(X, w, y)[:2] + (h_ref,)]:
        worst = max(worst, abs(v - v_ref) / abs(v_ref), np.max(np.abs(g - g_ref)) / np.max(np.abs(g_ref)),
                    np.max(np.abs(h - h_ref)) / np.max(np.abs(h_ref)))
    print(f"n={a.n}, d={a.d}, one thread, {a.repeat} runs each; emitted vs hand-written: largest relative difference {worst:.1e}")
    if worst > 1e-9:
        print("error: the emitted code disagrees with the hand-written code", file=sys.stderr)
        sys.exit(1)

    rows = []
    t_emit_grad = timed(lambda: f_grad(X, w, y), a.repeat)
    t_emit_all = timed(lambda: f(X, w, y), a.repeat)
    t_hand_grad = timed(lambda: grad_hand(X, w, y), a.repeat)
    t_hand_all = timed(lambda: (grad_hand(X, w, y), hess_hand(X, w, y)), a.repeat)
    rows.append(("symdiff emitted NumPy: value + gradient", t_emit_grad))
    rows.append(("symdiff emitted NumPy: value + gradient + Hessian", t_emit_all))
    rows.append(("hand-written NumPy: value + gradient", t_hand_grad))
    rows.append(("hand-written NumPy: value + gradient + Hessian", t_hand_all))
    t_c_grad = timed(lambda: c_grad(X, w, y), a.repeat)
    t_c_all = timed(lambda: c_all(X, w, y), a.repeat)
    t_c_hand = timed(lambda: c_hand(X, w, y), a.repeat)
    rows.append(("symdiff emitted C (gcc -O2): value + gradient", t_c_grad))
    rows.append(("symdiff emitted C (gcc -O2): value + gradient + Hessian", t_c_all))
    rows.append(("hand-written C loops (gcc -O2): value + gradient", t_c_hand))
    t_cn_grad = timed(lambda: c_grad_native(X, w, y), a.repeat)
    t_cn_all = timed(lambda: c_all_native(X, w, y), a.repeat)
    rows.append(("symdiff emitted C (-O3 -march=native): value + gradient", t_cn_grad))
    rows.append(("symdiff emitted C (-O3 -march=native): value + grad + Hessian", t_cn_all))
    # The floor for any Hessian of this loss: its product X'*diag(s)*X alone, by the machine's
    # BLAS (`dsyrk`, the symmetric half, the weights already folded into the rows).
    t_syrk = None
    try:
        from scipy.linalg import blas
        scaled = np.asfortranarray(X * np.sqrt(rng.random(a.n))[:, None])
        t_syrk = timed(lambda: blas.dsyrk(1.0, scaled, trans=1), a.repeat)
        rows.append(("BLAS dsyrk, the Hessian's product X'*diag(s)*X alone", t_syrk))
    except ImportError:
        print("note: SciPy is not installed (pip install scipy); the BLAS floor row is skipped")
    try:
        import jax
        import jax.numpy as jnp
        jax.config.update("jax_enable_x64", True)

        def loss(w, X, y):
            return jnp.sum(jnp.logaddexp(0.0, -y * (X @ w)))

        jg = jax.jit(jax.value_and_grad(loss))
        jh = jax.jit(jax.hessian(loss))
        Xj, yj, wj = jnp.asarray(X), jnp.asarray(y), jnp.asarray(w)
        t_jax_grad = timed(lambda: jax.block_until_ready(jg(wj, Xj, yj)), a.repeat)
        t_jax_hess = timed(lambda: jax.block_until_ready(jh(wj, Xj, yj)), a.repeat)
        rows.append((f"JAX {jax.__version__} jit(value_and_grad)", t_jax_grad))
        rows.append((f"JAX {jax.__version__} jit(hessian)", t_jax_hess))
        cost = jh.lower(wj, Xj, yj).compile().cost_analysis()
        cost = cost[0] if isinstance(cost, list) else cost
        jax_flops = cost.get("flops") if cost else None
    except ImportError:
        t_jax_grad = t_jax_hess = jax_flops = None
        print("note: JAX is not installed (pip install jax); its rows are skipped")
    for label, (median, lo, hi) in rows:
        print(f"  {label:<62} median {median * 1e3:8.2f} ms  (range {lo * 1e3:.2f} .. {hi * 1e3:.2f})")
    print(f"  ratio emitted / hand-written NumPy: value + gradient {t_emit_grad[0] / t_hand_grad[0]:.2f}x, "
          f"with the Hessian {t_emit_all[0] / t_hand_all[0]:.2f}x")
    print(f"  ratio emitted C / hand-written C loops: value + gradient {t_c_grad[0] / t_c_hand[0]:.2f}x")
    if t_jax_hess is not None:
        print(f"  ratio JAX jit(hessian) / emitted NumPy (value + gradient + Hessian): {t_jax_hess[0] / t_emit_all[0]:.1f}x, "
              f"/ emitted C: {t_jax_hess[0] / t_c_all[0]:.1f}x")
        print(f"  ratio JAX jit(hessian) / emitted C -O3 -march=native (value + gradient + Hessian): {t_jax_hess[0] / t_cn_all[0]:.1f}x")
        print(f"  ratio JAX jit(value_and_grad) / emitted C (value + gradient): {t_jax_grad[0] / t_c_grad[0]:.2f}x, "
              f"-O3 -march=native: {t_jax_grad[0] / t_cn_grad[0]:.2f}x")
        print(f"  ratio JAX jit(value_and_grad) / emitted (value + gradient): {t_jax_grad[0] / t_emit_grad[0]:.2f}x")
        if t_syrk is not None:
            print(f"  ratio JAX jit(hessian) / BLAS dsyrk of the product alone (no Hessian can be faster): {t_jax_hess[0] / t_syrk[0]:.1f}x")
        # X'*diag(s)*X: the emitted C sums the upper triangle only (n*d*(d+1) flops), NumPy the
        # whole product (2*n*d*d); XLA reports what its Hessian program does.
        if jax_flops:
            print(f"  Hessian work: JAX jit(hessian) {jax_flops:.2e} flops (XLA cost analysis); emitted C "
                  f"{a.n * a.d * (a.d + 1):.2e} (symmetric product), emitted NumPy {2 * a.n * a.d * a.d:.2e}")


if __name__ == "__main__":
    main()
