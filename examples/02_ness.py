"""§2 — Rest is not an equilibrium; a true NESS needs every ion's net flux to vanish.

Four cells, classified by ``vrest.solve_rest`` (see ``vrest.state`` for the four states):

* a membrane permeable only to K⁺ settles at E_K: **thermodynamic equilibrium** — no flux, no cost;
* the chapter neuron as the chapter gives it (K⁺, Na⁺, Cl⁻ leaks in 1 : 0.04 : 0.45 and a 3 : 2
  Na⁺/K⁺ pump balancing the Na⁺ influx): the currents sum to zero, so V is steady, but Cl⁻ leaks
  out (V < E_Cl) and K⁺ with it: **V steady, concentrations drifting** — [Cl]in falls toward the
  value where E_Cl = V within about a minute. Only an inward Cl⁻ transporter (NKCC1) could hold it;
* the same neuron with Cl⁻ passively distributed (E_Cl = V, ``cells/ness_neuron.toml``): the Na⁺
  and K⁺ leaks now run in the pump's 3 : 2 ratio and every ion's net flux is zero — a **NESS**:
  the passive dissipation equals the pump's work on the ions, and ATP pays for it;
* the chapter neuron with NKCC1 added, sized so that its Cl⁻ influx matches the Cl⁻ leak
  (``vrest.size_transporter``; ``cells/chapter_neuron_nkcc1.toml``): the chapter's own 10 mM
  Cl⁻ held — a **NESS** in which NKCC1 dissipates part of the pump's work;
* the chapter neuron with its pump stopped: still V steady at this instant, but every gradient
  runs down (drifting) toward a Donnan state.

The NESS cell is derived here, not just loaded: the chord-model V of a balance-pumped K⁺/Na⁺
membrane is V = (g_K E_K + g_Na E_Na / r)/(g_K + g_Na / r) with r = 3/2 (Mullins & Noda 1963),
and [Cl]in = [Cl]out exp(FV/RT) puts E_Cl at V.

Run:  python examples/02_ness.py
"""

from __future__ import annotations

import math
from pathlib import Path

import vrest
from vrest.chapter import chapter_neuron

CELLS = Path(__file__).resolve().parent / "cells"


def ness_chloride(cell: vrest.Cell) -> tuple[float, float]:
    """(V, [Cl]in): the chord V of a balance-pumped K⁺/Na⁺ membrane and the [Cl]in (mM) that
    puts E_Cl there (Cl⁻ passively distributed)."""
    T, r = cell.celsius, cell.pump.n_na / cell.pump.n_k
    k, na, cl = cell.ions["K"], cell.ions["Na"], cell.ions["Cl"]
    eK = vrest.nernst(k.c_in, k.c_out, 1, celsius=T)
    eNa = vrest.nernst(na.c_in, na.c_out, 1, celsius=T)
    V = (k.g * eK + na.g * eNa / r) / (k.g + na.g / r)
    return V, cl.c_out * math.exp(V / vrest.rt_over_f(T))


def main() -> dict:
    konly = vrest.Cell({"K": {"c_in": 140, "c_out": 4, "g": 10}}, celsius=37, name="K⁺ only")
    neuron = chapter_neuron()
    V_ness, cl_in = ness_chloride(neuron)
    derived = neuron.with_ion("Cl", c_in=cl_in)
    shipped = vrest.load_cell(CELLS / "ness_neuron.toml")
    with_nkcc1 = vrest.Cell.from_dict(
        neuron.to_dict() | {"transporter": [{"type": "NKCC1", "g": 0.0}]}
    )
    g_nkcc1 = vrest.size_transporter(with_nkcc1, "NKCC1", "Cl")
    nkcc1_shipped = vrest.load_cell(CELLS / "chapter_neuron_nkcc1.toml")
    out = {"V_ness_formula": V_ness, "Cl_in_ness": cl_in, "g_nkcc1_nS": g_nkcc1}
    for label, cell in (
        ("K_only", konly),
        ("neuron", neuron),
        ("ness_derived", derived),
        ("ness_shipped", shipped),
        ("nkcc1_derived", with_nkcc1.with_transporter("NKCC1", g=g_nkcc1)),
        ("nkcc1_shipped", nkcc1_shipped),
        ("neuron_no_pump", neuron.with_pump(None)),
    ):
        r = vrest.solve_rest(cell)
        out[label] = {
            "state": r.state,
            "state_label": r.state_label,
            "reason": r.reason,
            "V": r.V,
            "fluxes_mol_s": {i.name: i.flux for i in r.ions},
            "net_flux_mol_s": {i.name: i.net_flux for i in r.ions},
            "drifts": {d.ion: d.to_dict() for d in r.drifts},
            "entropy_production": r.entropy_production,
            "dissipation_W": r.energy.passive,
            "pump_work_W": r.energy.transporters,
            "atp_W": r.energy.atp,
            "residual_W": r.energy.residual,
        }
    return out


if __name__ == "__main__":
    r = main()
    print(f"NESS recipe: V = {r['V_ness_formula']:+.3f} mV, [Cl]in = {r['Cl_in_ness']:.10g} mM")
    print(f"NKCC1 that holds [Cl]in = 10 mM: g = {r['g_nkcc1_nS']:.9g} nS")
    for label in ("K_only", "neuron", "ness_shipped", "nkcc1_shipped", "neuron_no_pump"):
        x = r[label]
        print(f"{label:>15}: V = {x['V']:+.2f} mV — {x['state_label']}")
        print(f"{'':>17}{x['reason']}")
        for d in x["drifts"].values():
            print(
                f"{'':>17}[{d['ion']}]in {d['rate_mM_per_min']:+.3g} mM/min, τ "
                f"{d['tau_min']:.3g} min, toward {d['end_mM']:.3g} mM; held by {d['holder']}"
            )
        print(
            f"{'':>17}passive {x['dissipation_W']:.3g} W, pump work {x['pump_work_W']:.3g} W, "
            f"ATP {x['atp_W']:.3g} W, residual {x['residual_W']:.2g} W"
        )
