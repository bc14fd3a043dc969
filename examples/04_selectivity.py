"""Example 04: ion selectivity from a free-energy barrier and from a bi-ionic reversal potential.

What it shows (the chapter's numbers):

* Transition-state theory: a barrier that is ΔΔG = 12 kJ/mol lower for K⁺ than for Na⁺ gives,
  at 310 K, P_K/P_Na = exp(ΔΔG/RT) = e^4.66 ≈ 105 (Eyring 1935; Hille 2001, chs. 14–15), and the
  inverse, RT ln 105 ≈ 12 kJ/mol.
* Bi-ionic potentials: 150 mM K⁺ inside and 150 mM Na⁺ outside with P_Na/P_K = 1/105 reverse at
  E = (RT/F) ln(P_Na/P_K) ≈ −124 mV; measuring that E gives the ratio back. A divalent test ion
  (Ca²⁺ outside against Cs⁺ inside) uses the exact GHK expression of Fatt & Ginsborg (1958) and
  Lewis (1979).
* The ion table: Shannon's crystal radii of K⁺ (1.38 Å) and Na⁺ (1.02 Å) and Marcus's hydration
  free energies — the smaller Na⁺ holds its water more tightly, which a K⁺-selective filter
  must pay to strip.

Run: ``python examples/04_selectivity.py``.
"""

from __future__ import annotations

import math

from vrest.constants import ZERO_CELSIUS
from vrest.ions import get_ion
from vrest.selectivity import (
    biionic_reversal_potential,
    ddG_from_permeability_ratio,
    permeability_ratio_biionic,
    permeability_ratio_from_ddG,
)

#: The chapter's temperature, 310 K, in °C.
CELSIUS = 310.0 - ZERO_CELSIUS
#: The chapter's barrier difference ΔG‡_Na − ΔG‡_K, kJ/mol.
DDG_KJ_MOL = 12.0


def main() -> dict:
    """Compute the example's numbers and return them in a dict."""
    p_k_na = permeability_ratio_from_ddG(DDG_KJ_MOL, celsius=CELSIUS)
    ddg_back = ddG_from_permeability_ratio(p_k_na, celsius=CELSIUS)
    ddg_105 = ddG_from_permeability_ratio(105.0, celsius=CELSIUS)

    # bi-ionic: K⁺ (reference) 150 mM inside only, Na⁺ (test) 150 mM outside only
    e_rev = biionic_reversal_potential(
        1.0 / p_k_na, 150.0, 150.0, test="Na", ref="K", celsius=CELSIUS
    )
    p_na_k = permeability_ratio_biionic(e_rev, 150.0, 150.0, test="Na", ref="K", celsius=CELSIUS)

    # divalent test ion: 10 mM Ca²⁺ outside, 150 mM Cs⁺ inside, reversal measured at −30 mV
    p_ca_cs = permeability_ratio_biionic(-30.0, 150.0, 10.0, test="Ca", ref="Cs", celsius=CELSIUS)

    k, na = get_ion("K"), get_ion("Na")
    return {
        "celsius": CELSIUS,
        "ddG_kJ_mol": DDG_KJ_MOL,
        "P_K_over_P_Na": p_k_na,
        "exponent": math.log(p_k_na),
        "ddG_back_kJ_mol": ddg_back,
        "ddG_for_105_kJ_mol": ddg_105,
        "E_rev_biionic_mV": e_rev,
        "P_Na_over_P_K_from_E_rev": p_na_k,
        "P_Ca_over_P_Cs_at_minus30mV": p_ca_cs,
        "radius_K_A": k.radius_A,
        "radius_Na_A": na.radius_A,
        "dG_hyd_K_kJ_mol": k.dG_hyd_kJ_mol,
        "dG_hyd_Na_kJ_mol": na.dG_hyd_kJ_mol,
    }


if __name__ == "__main__":
    r = main()
    print(f"T = {r['celsius'] + ZERO_CELSIUS:.2f} K")
    print(
        f"ΔΔG = {r['ddG_kJ_mol']:g} kJ/mol → ΔΔG/RT = {r['exponent']:.3f}, "
        f"P_K/P_Na = e^{r['exponent']:.2f} = {r['P_K_over_P_Na']:.1f}"
    )
    print(
        f"inverse: RT ln({r['P_K_over_P_Na']:.1f}) = {r['ddG_back_kJ_mol']:.3f} kJ/mol; "
        f"RT ln 105 = {r['ddG_for_105_kJ_mol']:.3f} kJ/mol"
    )
    print(
        f"bi-ionic 150 mM K⁺ in / 150 mM Na⁺ out: E_rev = {r['E_rev_biionic_mV']:.1f} mV "
        f"→ P_Na/P_K = {r['P_Na_over_P_K_from_E_rev']:.5f} "
        f"(P_K/P_Na = {1 / r['P_Na_over_P_K_from_E_rev']:.1f})"
    )
    print(
        f"bi-ionic 150 mM Cs⁺ in / 10 mM Ca²⁺ out, E_rev = −30 mV: "
        f"P_Ca/P_Cs = {r['P_Ca_over_P_Cs_at_minus30mV']:.4f}"
    )
    print(f"K⁺: radius {r['radius_K_A']} Å, ΔG_hyd {r['dG_hyd_K_kJ_mol']:g} kJ/mol")
    print(f"Na⁺: radius {r['radius_Na_A']} Å, ΔG_hyd {r['dG_hyd_Na_kJ_mol']:g} kJ/mol")
