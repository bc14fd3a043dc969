"""E_GABA: the reversal potential of the GABA_A receptor channel, which passes Cl⁻ and HCO₃⁻.

* **E_HCO3 from pH.** CO₂ crosses the membrane freely, so with the same pCO₂ on both sides
  (an assumption: this module makes it) the Henderson–Hasselbalch equation gives
  [HCO₃⁻]ᵢ/[HCO₃⁻]ₒ = 10^(pHᵢ − pHₒ), and E_HCO3 = (RT/F)·ln 10·(pHᵢ − pHₒ)
  (−12.3 mV at pHᵢ 7.2, pHₒ 7.4, 37 °C).
* **GHK form** (the default: Bormann, Hamill & Sakmann, J. Physiol. 385, 243 (1987) measured
  P_HCO3/P_Cl ≈ 0.2 from reversal potentials, i.e. as a permeability ratio):

      E_GABA = (RT/F) ln(([Cl]ᵢ + r [HCO₃]ᵢ) / ([Cl]ₒ + r [HCO₃]ₒ)),  r = P_HCO3/P_Cl.

* **Linear (conductance-weighted) form**, common in NEURON models:

      E_GABA = (E_Cl + ρ E_HCO3) / (1 + ρ),  ρ = g_HCO3/g_Cl.

  The same number in r and ρ gives different E_GABA: a GHK permeability ratio makes each ion's
  conductance depend on its concentrations, and HCO₃⁻ is scarcer than Cl⁻ outside, so
  P_HCO3/P_Cl = 0.2 corresponds to a smaller g_HCO3/g_Cl (:func:`equivalent_g_ratio`).

* **Shunting** (:func:`v_reached`): at fixed concentrations a chord membrane with input
  conductance G at rest V_rest, plus a GABA conductance g reversing at E_GABA, plus an
  excitatory current I (inward, given as depolarizing positive), sits at
  V = (G V_rest + g E_GABA + I)/(G + g). GABA lowers the V that I reaches exactly when that V
  (without GABA) lies above E_GABA, so a depolarizing GABA (E_GABA > V_rest) still inhibits an
  input aimed at threshold wherever E_GABA lies below threshold.

Units: mV, mM, nS, pA, °C.
"""

from __future__ import annotations

import math
from typing import Any

from . import units
from .constants import DEFAULT_CELSIUS, rt_over_f
from .errors import VrestInputError

#: P_HCO3/P_Cl of the GABA_A channel: Bormann, Hamill & Sakmann, J. Physiol. 385, 243 (1987).
P_HCO3_RATIO = 0.2
#: pHᵢ and pHₒ of a neuron in bicarbonate-buffered medium (assumption: typical values; Kaila &
#: Voipio, Nature 330, 163 (1987) measured pHᵢ ≈ 7.1–7.2 in crayfish muscle, unverified here).
PH_IN = 7.2
PH_OUT = 7.4
#: [HCO₃⁻]ₒ in mM (assumption: the 26 mM of standard bicarbonate-buffered ACSF, ~CSF).
HCO3_OUT = 26.0

FORMS = ("ghk", "linear")


def _ph(x: Any, name: str) -> float:
    v = units.finite_scalar(x, name, "dimensionless")
    if not 0.0 <= v <= 14.0:
        raise VrestInputError(name, x, "a pH from 0 to 14")
    return v


def _ratio(x: Any, name: str) -> float:
    return units.scalar(units.nonnegative(x, name, "dimensionless"), name, "dimensionless")


def _conc(x: Any, name: str) -> float:
    return units.scalar(units.concentration(x, name), name, "concentration")


def hco3_in(hco3_out: Any = HCO3_OUT, ph_in: Any = PH_IN, ph_out: Any = PH_OUT) -> float:
    """[HCO₃⁻]ᵢ in mM from [HCO₃⁻]ₒ and the two pH, equal pCO₂ assumed:
    [HCO₃⁻]ᵢ = [HCO₃⁻]ₒ · 10^(pHᵢ − pHₒ)."""
    return _conc(hco3_out, "hco3_out") * 10.0 ** (_ph(ph_in, "ph_in") - _ph(ph_out, "ph_out"))


def e_hco3(ph_in: Any = PH_IN, ph_out: Any = PH_OUT, celsius: Any = DEFAULT_CELSIUS) -> float:
    """E_HCO3 in mV from pHᵢ and pHₒ (equal pCO₂ assumed): the Nernst potential of z = −1 with
    [HCO₃⁻]ᵢ/[HCO₃⁻]ₒ = 10^(pHᵢ − pHₒ), i.e. (RT/F) ln 10 (pHᵢ − pHₒ)."""
    t = units.scalar(units.celsius(celsius), "celsius", "dimensionless")
    return rt_over_f(t) * math.log(10.0) * (_ph(ph_in, "ph_in") - _ph(ph_out, "ph_out"))


def e_gaba_ghk(
    cl_in: Any, cl_out: Any, hco3_in: Any, hco3_out: Any, p_ratio: Any = P_HCO3_RATIO,
    celsius: Any = DEFAULT_CELSIUS,
) -> float:  # fmt: skip
    """E_GABA (mV), GHK form: (RT/F) ln(([Cl]ᵢ + r[HCO₃]ᵢ)/([Cl]ₒ + r[HCO₃]ₒ)), r = P_HCO3/P_Cl."""
    r = _ratio(p_ratio, "p_hco3_ratio")
    t = units.scalar(units.celsius(celsius), "celsius", "dimensionless")
    num = _conc(cl_in, "cl_in") + r * _conc(hco3_in, "hco3_in")
    den = _conc(cl_out, "cl_out") + r * _conc(hco3_out, "hco3_out")
    return rt_over_f(t) * math.log(num / den)


def e_gaba_linear(e_cl: Any, e_hco3_: Any, g_ratio: Any = P_HCO3_RATIO) -> float:
    """E_GABA (mV), conductance-weighted form: (E_Cl + ρ E_HCO3)/(1 + ρ), ρ = g_HCO3/g_Cl."""
    rho = _ratio(g_ratio, "g_hco3_ratio")
    ecl = units.finite_scalar(e_cl, "E_Cl", "voltage")
    eh = units.finite_scalar(e_hco3_, "E_HCO3", "voltage")
    return (ecl + rho * eh) / (1.0 + rho)


def equivalent_g_ratio(e_gaba: float, e_cl: float, e_hco3_: float) -> float:
    """The g_HCO3/g_Cl with which the linear form gives ``e_gaba`` (e.g. the GHK value):
    ρ = (E_GABA − E_Cl)/(E_HCO3 − E_GABA)."""
    return (e_gaba - e_cl) / (e_hco3_ - e_gaba)


def v_reached(v_rest: float, g_in: float, i_exc: Any, g_gaba: float = 0.0,
              e_gaba: float = 0.0) -> Any:  # fmt: skip
    """Steady V (mV) of a chord membrane (input conductance ``g_in`` nS at ``v_rest``) with an
    excitatory (depolarizing, inward) current ``i_exc`` pA and a GABA conductance ``g_gaba`` nS
    reversing at ``e_gaba``: (G V_rest + g E_GABA + I)/(G + g). Broadcasts over ``i_exc``."""
    return (g_in * v_rest + g_gaba * e_gaba + i_exc) / (g_in + g_gaba)


__all__ = [
    "FORMS", "HCO3_OUT", "PH_IN", "PH_OUT", "P_HCO3_RATIO", "e_gaba_ghk", "e_gaba_linear",
    "e_hco3", "equivalent_g_ratio", "hco3_in", "v_reached",
]  # fmt: skip
