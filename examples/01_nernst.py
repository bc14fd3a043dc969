"""§1 — Nernst potentials of the chapter's neuron at 37 °C (310 K).

Shows ``vrest.nernst`` for K⁺, Na⁺, Cl⁻ (the chapter's −95, +60 and −64/−65 mV), the
electrochemical potential difference Δμ̃ = zF(V − E) that drives each ion, and that the same
function broadcasts over arrays and takes pint quantities.

Run:  python examples/01_nernst.py
"""

from __future__ import annotations

import numpy as np

import vrest

CONC = {"K": (140.0, 4.0), "Na": (15.0, 145.0), "Cl": (10.0, 110.0)}  # mM (in, out), chapter §1


def main() -> dict:
    E = {
        ion: vrest.nernst(ci, co, vrest.get_ion(ion).z, celsius=37.0)
        for ion, (ci, co) in CONC.items()
    }
    # Δμ̃ at a resting potential of −70 mV: positive → the ion tends to leave the cell
    dmu = {
        ion: vrest.electrochemical_potential_difference(ci, co, vrest.get_ion(ion).z, -70.0)
        for ion, (ci, co) in CONC.items()
    }
    ureg = vrest.units.ureg()
    e_k_pint = vrest.nernst(
        ureg.Quantity(140, "mM"), ureg.Quantity(4, "mM"), 1, celsius=ureg.Quantity(310.15, "K")
    )
    sweep = vrest.nernst(140.0, np.array([2.0, 4.0, 8.0, 16.0]), 1)  # [K]out sweep
    return {
        "E_K": E["K"],
        "E_Na": E["Na"],
        "E_Cl": E["Cl"],
        "dmu_kJ_mol": dmu,
        "E_K_pint": e_k_pint,
        "E_K_sweep": sweep.tolist(),
        "per_decade_mV": vrest.nernst(1.0, 10.0, 1),
    }


if __name__ == "__main__":
    r = main()
    print("§1 Nernst potentials at 37 °C (chapter: E_K ≈ −95, E_Na ≈ +60, E_Cl ≈ −64/−65 mV)")
    for ion in ("K", "Na", "Cl"):
        print(
            f"  E_{ion:<2} = {r['E_' + ion]:+7.2f} mV    Δμ̃ at −70 mV = "
            f"{r['dmu_kJ_mol'][ion]:+.2f} kJ/mol"
        )
    print(f"  same with pint quantities: E_K = {r['E_K_pint']:+.2f} mV")
    print(f"  [K]out 2, 4, 8, 16 mM → E_K = {', '.join(f'{e:+.1f}' for e in r['E_K_sweep'])} mV")
    print(f"  one decade of concentration = {r['per_decade_mV']:.2f} mV at 37 °C")
