"""Temperature dependence of rates: the Q10 rule.

    rate(T) = rate(T0) · Q10^((T − T0) / 10 °C)

Channel (leak) conductances have Q10 ≈ 1.2–1.5 (they behave like aqueous diffusion); the Na⁺/K⁺
pump, an enzyme with a high activation energy, has Q10 ≈ 2–3 (the chapter, section
"温度的依赖性"; Hille (2001) ch. 16). Nernst potentials scale with the absolute temperature
through RT/F and need no Q10.
"""

from __future__ import annotations

from typing import Any

from . import units

#: Chapter defaults: leak conductances and the pump.
Q10_LEAK_DEFAULT = 1.3
Q10_PUMP_DEFAULT = 3.0


def q10_factor(q10: Any, celsius: Any, celsius_ref: Any) -> Any:
    """Multiplicative factor ``Q10^((T − T0)/10)`` (dimensionless) between ``celsius_ref`` (T0)
    and ``celsius`` (T), both in °C. Broadcasts."""
    q = units.positive(q10, "q10", "dimensionless")
    t = units.celsius(celsius, "celsius")
    t0 = units.celsius(celsius_ref, "celsius_ref")
    return q ** ((t - t0) / 10.0)


def q10_scale(rate: Any, q10: Any, celsius: Any, celsius_ref: Any) -> Any:
    """``rate(T) = rate(T0) · Q10^((T − T0)/10)``; ``rate`` in any unit (returned in the same)."""
    return rate * q10_factor(q10, celsius, celsius_ref)
