"""§7 — Dissipation and entropy production of the resting chapter neuron.

P = Σ_i I_i (V − E_i) = Σ_i g_i (V − E_i)² (linear leaks), Ṡ = P/T. The chapter quotes
≈ 3.46e-13 J K⁻¹ s⁻¹ for a typical resting neuron without its parameters; vrest states its own:
the chapter neuron (vrest/data/chapter_neuron.toml: g_K 100 nS, g_Na 4 nS, g_Cl 45 nS, 37 °C).
Also the pump's ATP rate and its work on the ions.

Run:  python examples/07_entropy_production.py
"""

from __future__ import annotations

import vrest
from vrest.chapter import chapter_neuron


def main() -> dict:
    r = vrest.solve_rest(chapter_neuron())
    return {
        "V": r.V,
        "dissipation_W": r.dissipation,
        "entropy_production": r.entropy_production,
        "per_ion_W": {i.name: i.dissipation for i in r.ions},
        "atp_rate": r.atp_rate,
        "pump_work_W": r.pump_work,
        "atp_power_W": r.atp_power,
        "T_K": r.celsius + 273.15,
        "g_nS": {i.name: i.g for i in r.ions},
        "E_mV": r.E,
    }


if __name__ == "__main__":
    r = main()
    print(
        f"V = {r['V']:+.2f} mV; dissipation P = {r['dissipation_W']:.4g} W "
        f"({', '.join(f'{k} {v:.3g}' for k, v in r['per_ion_W'].items())})"
    )
    print(
        f"entropy production P/T = {r['entropy_production']:.4g} J/(K·s) "
        "(chapter: ≈ 3.46e-13 for its unspecified typical neuron)"
    )
    print(
        f"pump: {r['atp_rate']:.3g} ATP/s; work on the ions {r['pump_work_W']:.3g} W of "
        f"{r['atp_power_W']:.3g} W released by ATP hydrolysis"
    )
