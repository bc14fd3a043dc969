"""Compile (or load) every numba kernel of vrest once, so that no user run pays a compile:
``python -m vrest.warm`` (the setup script runs it). numba caches machine code next to the
sources (``__pycache__``); a later process loads it in well under a second."""

from __future__ import annotations

import time


def main() -> float:
    """Warm the channel-noise kernels and the vectorized rest solver; seconds taken."""
    import numpy as np

    import vrest
    from vrest.noise.warm import main as warm_noise
    from vrest.sweep.rest_vec import rest_points

    t = time.perf_counter()
    warm_noise()
    ions = {"K": {"c_in": 140, "c_out": 4, "P": 1e-6}, "Na": {"c_in": 15, "c_out": 145, "P": 4e-8},
            "Ca": {"c_in": 1e-4, "c_out": 2, "P": 1e-9}}  # fmt: skip
    for model in ("chord", "ghk"):
        for pump in (None, {"mode": "balance"}, {"mode": "fixed", "i_pump": 1.0}):
            cell = vrest.Cell(ions=ions, radius=10.0, model=model, pump=pump)
            rest_points(cell, {"K.c_out": np.array([4.0, 5.0]), "celsius": np.array([30.0, 37.0])})
    return time.perf_counter() - t


if __name__ == "__main__":
    print(f"vrest: compiled kernels ready ({main():.1f} s)")
