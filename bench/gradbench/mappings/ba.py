"""GradBench's `ba` input and output, and the arrays ba.sd declares.

The eval sends one camera, point, weight and feature and the counts n, m, p; the tool is to build
n cameras, m points and p observations from them (observation i sees camera i mod n and point
i mod m) and not to exploit the repetition. It wants the first observation's errors with the
count, and the first 30 entries and the last of each array of the sparse Jacobian.
"""
import numpy as np


def inputs(data):
    """The arrays of ba.sd from the eval's input."""
    n, m, p = int(data["n"]), int(data["m"]), int(data["p"])
    if min(n, m, p) < 1:
        raise ValueError(f"n, m and p must be at least 1 (n = {n}, m = {m}, p = {p})")
    i = np.arange(p)
    return {
        "cams": np.tile(np.asarray(data["cam"], dtype=np.float64), (n, 1)),
        "x": np.tile(np.asarray(data["x"], dtype=np.float64), (m, 1)),
        "w": np.full(p, float(data["w"])),
        "feats": np.tile(np.asarray(data["feat"], dtype=np.float64), (p, 1)),
        "obs": np.stack([i % n, i % m], axis=1),
    }


def output(function, results, data):
    """The eval's output from the arrays a function computed."""
    if function == "objective":
        reproj, weights = results["reproj_error"], results["w_err"]
        return {"reproj_error": {"elements": reproj[0].tolist(), "repeated": len(reproj)},
                "w_err": {"element": float(weights[0]), "repeated": len(weights)}}
    return {name: _ends(results[name]) for name in ("rows", "cols", "vals")}


def _ends(a):
    """The first 30 entries and the last, as the eval compares them."""
    return a[:30].tolist() + [a[-1].item()]
