"""Bundle adjustment in JAX, to compare symdiff with (GradBench's JAX tool has no `ba`).

The model of the eval's C++ reference and of ba.sd, written as a JAX user would: one observation's
reprojection error, `vmap` over the observations, the per-observation Jacobian by `jacrev` (two
outputs, fifteen inputs: two reverse sweeps; `jacfwd` took 1.7x as long here), and the sparse matrix's rows and columns built with array operations,
all in one jitted function, in double precision. Like ba.sd it has no branch for a zero rotation
(the eval's cameras all rotate). Loaded by GradBench's JAX runner (module `ba`) with this folder
on PYTHONPATH; bench/gradbench/run.sh does that.
"""
import jax
import jax.numpy as jnp
import numpy as np
from gradbench import wrap

jax.config.update("jax_enable_x64", True)


def rodrigues(rotation, point):
    theta = jnp.sqrt(jnp.sum(rotation**2))
    axis = rotation / theta
    cos, sin = jnp.cos(theta), jnp.sin(theta)
    return point * cos + jnp.cross(axis, point) * sin + axis * jnp.dot(axis, point) * (1 - cos)


def project(cam, point):
    q = rodrigues(cam[0:3], point - cam[3:6])
    p = q[:2] / q[2]
    rsq = jnp.sum(p**2)
    return p * (1 + cam[9] * rsq + cam[10] * rsq**2) * cam[6] + cam[7:9]


def reprojection_error(cam, point, w, feat):
    return w * (project(cam, point) - feat)


def weight_error(w):
    return 1 - w * w


@jax.jit
def _objective(cams, points, w, feats, obs):
    errors = jax.vmap(reprojection_error)(cams[obs[:, 0]], points[obs[:, 1]], w, feats)
    return errors, jax.vmap(weight_error)(w)


@jax.jit
def _jacobian(cams, points, w, feats, obs):
    n, m, p = cams.shape[0], points.shape[0], w.shape[0]
    d_cam, d_point, d_w = jax.vmap(jax.jacrev(reprojection_error, argnums=(0, 1, 2)))(
        cams[obs[:, 0]], points[obs[:, 1]], w, feats)
    blocks = jnp.concatenate([d_cam, d_point, d_w[..., None]], axis=2)  # (p, 2, 15)
    count = lambda k: jnp.arange(k, dtype=jnp.int32)
    w_columns = 11 * n + 3 * m + count(p)
    columns = jnp.concatenate([11 * obs[:, :1] + count(11), 11 * n + 3 * obs[:, 1:] + count(3), w_columns[:, None]],
                              axis=1)  # (p, 15)
    rows = jnp.concatenate([15 * count(2 * p + 1), 30 * p + 1 + count(p)])
    cols = jnp.concatenate([jnp.broadcast_to(columns[:, None, :], (p, 2, 15)).reshape(-1), w_columns])
    vals = jnp.concatenate([blocks.reshape(-1), jax.vmap(jax.grad(weight_error))(w)])
    return rows, cols, vals


def prepare_input(data):
    n, m, p = data["n"], data["m"], data["p"]
    i = np.arange(p)
    arrays = (np.tile(np.asarray(data["cam"], dtype=np.float64), (n, 1)),
              np.tile(np.asarray(data["x"], dtype=np.float64), (m, 1)),
              np.full(p, float(data["w"])),
              np.tile(np.asarray(data["feat"], dtype=np.float64), (p, 1)),
              np.stack([i % n, i % m], axis=1).astype(np.int32))
    return tuple(jax.device_put(a) for a in arrays)


def objective_output(result):
    errors, weights = result
    return {"reproj_error": {"elements": np.asarray(errors[0]).tolist(), "repeated": int(errors.shape[0])},
            "w_err": {"element": float(weights[0]), "repeated": int(weights.shape[0])}}


def jacobian_output(result):
    def ends(a):
        a = np.asarray(a)
        return a[:30].tolist() + [a[-1].item()]
    rows, cols, vals = result
    return {"rows": ends(rows), "cols": ends(cols), "vals": ends(vals)}


@wrap.multiple_runs(pre=prepare_input, post=objective_output)
def objective(arrays):
    return _objective(*arrays)


@wrap.multiple_runs(pre=prepare_input, post=jacobian_output)
def jacobian(arrays):
    return _jacobian(*arrays)
