#!/usr/bin/env python3
"""Gradient and Hessian of the logistic loss sum(log(1 + exp(-y .* (X*w)))) on n x d data:
symdiff's emitted NumPy against hand-written NumPy and JAX (jit(grad), jit(hessian)) on one
thread, in the same run. Medians over repetitions, with the range.

Usage: python3 evaluate.py SYMDIFF_BINARY [--n 10000] [--d 100] [--repeat 30]
JAX is optional: without it its rows say so and the rest still runs.
"""
import argparse
import os
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
    grad_hand, hess_hand = hand_written()
    value, gradient, hessian = f(X, w, y)
    v_ref, g_ref = grad_hand(X, w, y)
    h_ref = hess_hand(X, w, y)
    worst = max(abs(value - v_ref) / abs(v_ref), np.max(np.abs(gradient - g_ref)) / np.max(np.abs(g_ref)),
                np.max(np.abs(hessian - h_ref)) / np.max(np.abs(h_ref)))
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
    except ImportError:
        t_jax_grad = t_jax_hess = None
        print("note: JAX is not installed (pip install jax); its rows are skipped")
    for label, (median, lo, hi) in rows:
        print(f"  {label:<52} median {median * 1e3:8.2f} ms  (range {lo * 1e3:.2f} .. {hi * 1e3:.2f})")
    print(f"  ratio emitted / hand-written NumPy: value + gradient {t_emit_grad[0] / t_hand_grad[0]:.2f}x, "
          f"with the Hessian {t_emit_all[0] / t_hand_all[0]:.2f}x")
    if t_jax_hess is not None:
        print(f"  ratio JAX jit(hessian) / emitted (value + gradient + Hessian): {t_jax_hess[0] / t_emit_all[0]:.1f}x")
        print(f"  ratio JAX jit(value_and_grad) / emitted (value + gradient): {t_jax_grad[0] / t_emit_grad[0]:.2f}x")


if __name__ == "__main__":
    main()
