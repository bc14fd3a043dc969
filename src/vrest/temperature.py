"""Temperature dependence of rates: the Q10 rule.

    rate(T) = rate(T0) · Q10^((T − T0) / 10 °C)

Channel (leak) conductances have Q10 ≈ 1.2–1.5 (they behave like aqueous diffusion); the Na⁺/K⁺
pump, an enzyme with a high activation energy, has Q10 ≈ 2–3 (the chapter, section
"温度的依赖性"; Hille (2001) ch. 16). Nernst potentials scale with the absolute temperature
through RT/F and need no Q10.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import units
from .errors import VrestInputError

#: Chapter defaults: leak conductances and the pump.
Q10_LEAK_DEFAULT = 1.3
Q10_PUMP_DEFAULT = 3.0


def q10_factor(q10: Any, celsius: Any, celsius_ref: Any) -> Any:
    """Multiplicative factor ``Q10^((T − T0)/10)`` (dimensionless) between ``celsius_ref`` (T0)
    and ``celsius`` (T), both in °C. Broadcasts.

    A factor that over- or underflows (beyond 1e±300, e.g. Q10 = 1000 over 1000 °C) raises
    :class:`VrestInputError`: no rate can change by that much, so the input is a mistake."""
    q = units.positive(q10, "q10", "dimensionless")
    t = units.celsius(celsius, "celsius")
    t0 = units.celsius(celsius_ref, "celsius_ref")
    units.same_shape(q10=q, celsius=t, celsius_ref=t0)
    log_f = np.log10(q) * (np.asarray(t) - t0) / 10.0
    if not np.all(np.abs(log_f) <= 300.0):
        raise VrestInputError(
            "q10/celsius",
            (q10, celsius),
            "a Q10 and temperature step whose factor Q10^((T − T0)/10) lies within 1e±300",
            f"T0 = celsius_ref = {celsius_ref}; no rate changes by that much",
        )
    f = np.power(q, (np.asarray(t) - t0) / 10.0)
    return float(f) if np.ndim(f) == 0 else f


def _q10_factor(q10: float, celsius: float, celsius_ref: float) -> float:
    """Unchecked kernel of :func:`q10_factor` for validated scalars (no warnings)."""
    return float(q10 ** ((celsius - celsius_ref) / 10.0))


def q10_scale(rate: Any, q10: Any, celsius: Any, celsius_ref: Any) -> Any:
    """``rate(T) = rate(T0) · Q10^((T − T0)/10)``; ``rate`` in any unit (returned in the same)."""
    return rate * q10_factor(q10, celsius, celsius_ref)
