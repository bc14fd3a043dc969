"""Channel noise: stochastic channel populations and the membrane-potential noise they cause.

A small cell has few channels; each opens and closes as a Markov process, so its conductance
and V fluctuate about rest. Three ways of computing it, on the same membrane:

* ``vrest.noise(cell, method="exact")``: channel-state counts coupled to V, event by event
  (:mod:`vrest.noise.exact`);
* ``method="langevin"``: the channel-based diffusion approximation by Euler–Maruyama
  (:mod:`vrest.noise.langevin`);
* ``method="lna"``: the linear-noise approximation, σ_V and spectra from the Lyapunov equation
  (:mod:`vrest.noise.lna`).

The module itself is callable: ``vrest.noise(cell, ...)`` is :func:`vrest.noise.api.noise`.
Channel populations are ``[[channel]]`` tables with ``count`` and ``gamma``
(:mod:`vrest.channels`); Markov schemes are in :mod:`vrest.noise.schemes`.
"""

from __future__ import annotations

import os
import sys
import types
from typing import Any

# numba runs the kernels' cells in parallel with OpenMP; by default its idle threads spin
# between calls and starve the Python code that runs between the pieces of a run (measured here:
# a 0.05 s run took 0.4 s). Passive waiting, unless the user chose otherwise; read by libgomp
# when numba first starts its threads.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from .api import noise
from .lna import sigma_v_two_state, thermal_sigma_v
from .model import NoiseModel, build
from .result import NoiseResult
from .schemes import SCHEMES, Scheme

__all__ = [
    "SCHEMES",
    "NoiseModel",
    "NoiseResult",
    "Scheme",
    "build",
    "noise",
    "sigma_v_two_state",
    "thermal_sigma_v",
]


class _CallableModule(types.ModuleType):
    """``vrest.noise`` is both this package and its main function."""

    def __call__(self, *args: Any, **kwargs: Any) -> NoiseResult:
        return noise(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
