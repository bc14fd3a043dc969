"""§5 — The pump's electrogenic contribution ΔV_pump = −I_pump / G_total.

The chapter neuron with its pump in "balance" mode (the pump extrudes exactly the passive Na⁺
influx, 3 Na⁺ out / 2 K⁺ in per ATP): its net outward current hyperpolarizes the cell by
−I_pump/G_total, −1 to −5 mV in a typical neuron (the chapter). Also the Mullins–Noda equation,
which gives the same steady state for a K⁺/Na⁺ GHK membrane with a 3:2 pump.

Run:  python examples/05_pump.py
"""

from __future__ import annotations

import vrest
from vrest.chapter import chapter_neuron


def main() -> dict:
    r = vrest.solve_rest(chapter_neuron())
    # Mullins–Noda vs the full GHK steady state with a balancing pump (K⁺ and Na⁺ only)
    ions = {
        "K": {"c_in": 140, "c_out": 4, "P": 1e-6},
        "Na": {"c_in": 15, "c_out": 145, "P": 0.04e-6},
    }
    kna = vrest.Cell(ions, celsius=37, radius=10, pump={"mode": "balance"})
    rk = vrest.solve_rest(kna)
    mn = vrest.mullins_noda_voltage(
        {"K": 1, "Na": 0.04}, {"K": 140, "Na": 15}, {"K": 4, "Na": 145}, r=1.5
    )
    return {
        "i_pump_pA": r.i_pump,
        "G_total_nS": r.G_total,
        "pump_contribution_mV": r.pump_contribution,
        "minus_I_over_G": -r.i_pump / r.G_total,
        "V": r.V,
        "V_no_pump": r.V_no_pump,
        "V_ghk_balance_pump": rk.V,
        "V_mullins_noda": mn,
        "V_ghk_no_pump": rk.V_no_pump,
    }


if __name__ == "__main__":
    r = main()
    print(f"I_pump = {r['i_pump_pA']:.1f} pA, G_total = {r['G_total_nS']:.0f} nS")
    print(
        f"ΔV_pump = V − V_no_pump = {r['pump_contribution_mV']:+.2f} mV "
        f"(−I_pump/G = {r['minus_I_over_G']:+.2f} mV; chapter: −1 to −5 mV)"
    )
    print(
        f"K⁺/Na⁺ GHK cell with a 3:2 pump: V = {r['V_ghk_balance_pump']:+.2f} mV, "
        f"Mullins–Noda {r['V_mullins_noda']:+.2f} mV, without pump {r['V_ghk_no_pump']:+.2f} mV"
    )
