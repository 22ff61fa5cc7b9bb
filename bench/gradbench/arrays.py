"""Checking the arrays an eval passes against the declarations, before anything runs: shapes,
consistent sizes, row indices in range. The compiled code trusts what passes here."""
from __future__ import annotations

import numpy as np

from sdspec import Spec


class InputError(Exception):
    """The eval's input does not fit the `.sd` file's declarations."""


def bind(spec: Spec, given: dict[str, object]) -> tuple[list[np.ndarray], list[int]]:
    """The arrays in declaration order (inputs as float64, index arrays as int32, C-contiguous)
    and the values of the size names, in the order `spec.sizes()` lists them."""
    sizes: dict[str, tuple[int, str]] = {}

    def size_of(name: str, declared: str, actual: int) -> None:
        if declared.isdigit():
            if int(declared) != actual:
                raise InputError(f"{name} has {actual} rows; {spec.path} declares {declared}")
        elif declared in sizes and sizes[declared][0] != actual:
            value, source = sizes[declared]
            raise InputError(f"{name} has {actual} rows but {source} gives {declared} = {value}")
        else:
            sizes.setdefault(declared, (actual, name))

    bound: dict[str, np.ndarray] = {}
    for name, a in spec.inputs.items():
        array = _array(given, name, np.float64)
        if array.ndim != (1 if a.is_vector else 2) or (not a.is_vector and array.shape[1] != a.width):
            want = f"[{a.size}]" if a.is_vector else f"[{a.size}, {a.width}]"
            raise InputError(f"{name} has shape {list(array.shape)}; {spec.path} declares {name}{want}")
        size_of(name, a.size, array.shape[0])
        bound[name] = array
    for name, b in spec.indices.items():
        array = _array(given, name, np.int64)
        if b.width == 1 and array.ndim == 1:
            array = array.reshape(-1, 1)
        if array.ndim != 2 or array.shape[1] != b.width:
            raise InputError(f"{name} has shape {list(array.shape)}; {spec.path} declares {name}[{b.size}, {b.width}]")
        size_of(name, b.size, array.shape[0])
        bound[name] = array
    for m in spec.maps.values():
        if not m.size.isdigit() and m.size not in sizes:
            raise InputError(f"no array gives the size {m.size} of the loop that computes {m.output}")
    values = {s: v for s, (v, _) in sizes.items()}
    _check_indices(spec, bound, values)
    arrays = [bound[name] for name in spec.inputs]
    arrays += [np.ascontiguousarray(bound[name], dtype=np.int32) for name in spec.indices]
    return arrays, [int(s) if s.isdigit() else values[s] for s in spec.sizes()]


def _array(given: dict[str, object], name: str, dtype) -> np.ndarray:
    if name not in given:
        raise InputError(f"the input has no array '{name}' (it has {', '.join(sorted(given)) or 'none'})")
    try:
        return np.ascontiguousarray(np.asarray(given[name], dtype=dtype))
    except (TypeError, ValueError) as e:
        raise InputError(f"{name} is not an array of numbers: {e}") from None


def _check_indices(spec: Spec, bound: dict[str, np.ndarray], sizes: dict[str, int]) -> None:
    """Every row a map reads through an index array exists."""
    for m in spec.maps.values():
        for row in m.arguments:
            if row.index is None:
                continue
            column = bound[row.index][:, row.column]
            declared = spec.inputs[row.array].size
            rows = int(declared) if declared.isdigit() else sizes[declared]
            bad = np.flatnonzero((column < 0) | (column >= rows))
            if bad.size:
                raise InputError(f"{row.index}[{bad[0]}, {row.column}] = {column[bad[0]]} is not a row of "
                                 f"{row.array} (it has {rows})")
