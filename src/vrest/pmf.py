"""Proton-motive force and the stall potential of an H⁺-ATPase.

Conventions (stated once, used everywhere in vrest):

* Δψ = ψ_in − ψ_out (mV): the membrane potential V;
* ΔpH = pH_in − pH_out;
* Z = ln(10)·RT/F (mV per pH unit; 59.16 mV at 25 °C, 61.54 mV at 37 °C);
* Δp = Δψ − Z·ΔpH (mV) = Δμ̃_H⁺/F (inside minus outside). **Δp < 0 drives H⁺ in**: the proton's
  electrochemical potential is then lower inside, so H⁺ flows in downhill (and an ATP synthase
  can run on it). Δp = V − E_H, with E_H = (RT/F) ln([H]ₒ/[H]ᵢ) = Z·ΔpH.

An H⁺ pump that moves n H⁺ out per ATP does the work −n·F·Δp per mole of cycles; it stalls
where that equals what ATP hydrolysis releases, |ΔG_ATP|:

    V_stall = E_H − |ΔG_ATP|/(n F) = (ΔG_ATP/F + n·Z·(pH_in − pH_out)) / n     (ΔG_ATP < 0)

(the issue's form "(ΔG_ATP/F − Z·ΔpH·n)/n" is the same formula with ΔpH written as
pH_out − pH_in). With ΔG_ATP ≈ −50 kJ/mol (|ΔG|/F ≈ 520 mV) and n = 1, the plant and fungal
plasma-membrane H⁺-ATPase (1 H⁺/ATP; Palmgren, Annu. Rev. Plant Physiol. Plant Mol. Biol. 52,
817 (2001)) could in principle hold V near −400 mV: far below any E_K, which is why such cells
sit at −150 to −250 mV at millimolar [K]ₒ.

Units: mV, kJ/mol, °C, pH units.
"""

from __future__ import annotations

import math
from typing import Any

from . import units
from .constants import DEFAULT_CELSIUS, F, rt_over_f
from .errors import VrestInputError

#: pH range accepted (−1 to 15 covers every measured environment, acid mine water to soda lakes).
PH_RANGE = (-1.0, 15.0)


def _ph(x: Any, field: str) -> float:
    v = units.finite_scalar(x, field, "dimensionless")
    if not PH_RANGE[0] <= v <= PH_RANGE[1]:
        raise VrestInputError(field, x, f"a pH from {PH_RANGE[0]:g} to {PH_RANGE[1]:g}")
    return float(v)


def _celsius(x: Any) -> float:
    return float(units.scalar(units.celsius(x, "celsius"), "celsius", "dimensionless", x))


def z_mV(celsius: Any = DEFAULT_CELSIUS) -> float:
    """Z = ln(10)·RT/F in mV per pH unit (59.16 mV at 25 °C)."""
    return math.log(10.0) * rt_over_f(_celsius(celsius))


def ph_to_mM(ph: Any, field: str = "pH") -> float:
    """[H⁺] in mM for a pH (activity taken as concentration): 10^(−pH) M × 1000."""
    return 10.0 ** (-_ph(ph, field)) * 1e3


def e_h(ph_in: Any, ph_out: Any, celsius: Any = DEFAULT_CELSIUS) -> float:
    """The H⁺ equilibrium (Nernst) potential E_H = Z·(pH_in − pH_out) in mV."""
    return z_mV(celsius) * (_ph(ph_in, "ph_in") - _ph(ph_out, "ph_out"))


def proton_motive_force(
    delta_psi: Any, ph_in: Any, ph_out: Any, celsius: Any = DEFAULT_CELSIUS
) -> float:
    """Δp = Δψ − Z·ΔpH in mV, Δψ = ψ_in − ψ_out (mV), ΔpH = pH_in − pH_out. Δp < 0 drives H⁺
    in (equivalently Δp = V − E_H).

    Acidithiobacillus ferrooxidans at pH 2 with pH_in 6.5 and Δψ = +10 mV (Cox, Nicholls &
    Ingledew, Biochem. J. 178, 195 (1979)) at 25 °C:

    >>> round(proton_motive_force(10, 6.5, 2.0, 25), 1)
    -256.2
    """
    dpsi = units.finite_scalar(delta_psi, "delta_psi", "voltage")
    return float(dpsi) - e_h(ph_in, ph_out, celsius)


def atp_mV_of(dG_atp: Any) -> float:
    """|ΔG_ATP|/F in mV for ΔG_ATP in kJ/mol (must be negative)."""
    g = units.finite_scalar(dG_atp, "dG_atp", "energy_per_mol")
    if not g < 0:
        raise VrestInputError("dG_atp", dG_atp, "a negative ΔG of ATP hydrolysis in kJ/mol")
    return abs(float(g)) * 1e6 / F


def h_pump_stall(
    ph_in: Any,
    ph_out: Any,
    dG_atp: Any = None,
    n: Any = 1,
    celsius: Any = DEFAULT_CELSIUS,
) -> float:
    """The potential (mV) at which an H⁺ pump moving ``n`` H⁺ out per ATP stalls:
    V_stall = E_H − |ΔG_ATP|/(nF) = (ΔG_ATP/F + n·Z·(pH_in − pH_out))/n.

    ``dG_atp`` (kJ/mol, < 0) defaults to :func:`vrest.energetics.atp_free_energy` at
    ``celsius``.

    >>> round(h_pump_stall(7.3, 5.5, dG_atp=-50.0, n=1, celsius=25), 1)
    -411.7
    """
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 4:
        raise VrestInputError("n", n, "a whole number of H⁺ per ATP, 1 to 4")
    if dG_atp is None:
        from .energetics import atp_free_energy

        dG_atp = float(atp_free_energy(celsius=_celsius(celsius)))
    return e_h(ph_in, ph_out, celsius) - atp_mV_of(dG_atp) / n


__all__ = ["atp_mV_of", "e_h", "h_pump_stall", "ph_to_mM", "proton_motive_force", "z_mV"]
