"""Compile (or load) every channel-noise kernel once, so that a user's first run pays no
compile: ``python -m vrest.noise.warm`` (the setup script runs it). numba caches the machine
code next to the sources (``__pycache__``); a later process loads it in well under a second."""

from __future__ import annotations

import time
import warnings

from ..channels import Channel


def _cells() -> list:
    import vrest

    ions = {"K": {"c_in": 140, "c_out": 5, "g": 0}, "Na": {"c_in": 15, "c_out": 145, "g": 0}}
    leak = Channel("leak", g=1.0, E=-50.0)
    one = Channel("two_state", count=20, gamma=0.01, alpha=0.1, beta=0.4, E=-90.0, name="k2")
    two = Channel("two_state", count=20, gamma=0.01, alpha=0.2, beta=0.4, E=0.0, name="c2")
    hh = [Channel("hh_na", count=20, gamma=0.02), Channel("hh_k", count=20, gamma=0.02)]
    return [
        vrest.Cell(ions=ions, radius=2.0, celsius=6.3, channels=[leak, one]),
        vrest.Cell(ions=ions, radius=2.0, celsius=6.3, channels=[leak, one, two]),
        vrest.Cell(ions=ions, radius=2.0, celsius=6.3, channels=[leak, *hh]),
    ]


def main() -> float:
    """Run each kernel (exact and Langevin, trace and summary) on a tiny cell; returns the
    seconds it took (compiling the first time, loading afterwards)."""
    from .api import noise

    t = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for cell in _cells():
            for method in ("exact", "langevin"):
                for record in ("trace", "summary"):
                    noise(cell, method, duration=0.5, burn=0.1, seed=0, record=record)
    return time.perf_counter() - t


if __name__ == "__main__":
    print(f"vrest: channel-noise kernels ready ({main():.1f} s)")
