"""§3 — The chord-conductance equation, the chapter's worked example, and GHK beside it.

* E_K −89, E_Na +61, E_Cl −64 mV with g_K:g_Na:g_Cl = 1:0.04:0.45 → V ≈ −77 mV (−77.4);
* blocking the Cl⁻ channels (g_Cl → 0) hyperpolarizes to ≈ −83 mV;
* at rest V < E_Cl, so Cl⁻ leaves the cell — an inward (depolarizing) current;
* the GHK voltage equation for the same relative permeabilities, and the GHK I–V curve of K⁺,
  which rectifies (outward current larger than inward for the same |V − E|).

Run:  python examples/03_chord.py
"""

from __future__ import annotations

import vrest

G = {"K": 1.0, "Na": 0.04, "Cl": 0.45}
E = {"K": -89.0, "Na": 61.0, "Cl": -64.0}


def main() -> dict:
    v = vrest.chord_voltage(G, E)
    v_block = vrest.chord_voltage(G | {"Cl": 0.0}, E)
    currents = vrest.chord_currents(G, E, v)
    # GHK with the chapter's concentrations and Hodgkin–Katz-like permeability ratios
    ci, co = {"K": 140, "Na": 15, "Cl": 10}, {"K": 4, "Na": 145, "Cl": 110}
    v_ghk = vrest.ghk_voltage(G, ci, co, celsius=37)
    e_k = vrest.nernst(140, 4, 1)
    out_j = vrest.ghk_current_density(e_k + 40, 140, 4, 1, P=1e-6)
    in_j = vrest.ghk_current_density(e_k - 40, 140, 4, 1, P=1e-6)
    return {
        "V": v,
        "V_Cl_blocked": v_block,
        "I_Cl": currents["Cl"],
        "Cl_direction": "efflux" if v < E["Cl"] else "influx",
        "V_ghk": v_ghk,
        "rectification_ratio": abs(out_j / in_j),
    }


if __name__ == "__main__":
    r = main()
    print(f"V (chord) = {r['V']:+.2f} mV (chapter ≈ −77, exactly −77.4)")
    print(f"V with Cl⁻ blocked = {r['V_Cl_blocked']:+.2f} mV (chapter ≈ −83)")
    print(
        f"I_Cl at rest = {r['I_Cl']:+.2f} (relative units, inward = depolarizing); "
        f"Cl⁻ {r['Cl_direction']}"
    )
    print(f"GHK voltage for P ratios 1:0.04:0.45 = {r['V_ghk']:+.2f} mV")
    print(f"K⁺ GHK rectification |J(E+40)/J(E−40)| = {r['rectification_ratio']:.2f}")
