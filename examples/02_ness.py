"""§2 — Rest is a non-equilibrium steady state (NESS), not an equilibrium.

Three cells, classified by ``vrest.solve_rest``:

* a membrane permeable only to K⁺ settles at E_K: thermodynamic equilibrium, no flux, no cost;
* the chapter neuron (K⁺, Na⁺, Cl⁻ leaks and a 3:2 Na⁺/K⁺ pump): the currents sum to zero but
  each ion flows; the pump's ATP keeps the gradients — a NESS with positive entropy production;
* the same neuron with its pump stopped: the currents still sum to zero at this instant, but
  nothing restores the gradients — not steady; the report gives the run-down rate.

Run:  python examples/02_ness.py
"""

from __future__ import annotations

import vrest
from vrest.chapter import chapter_neuron


def main() -> dict:
    konly = vrest.Cell({"K": {"c_in": 140, "c_out": 4, "g": 10}}, celsius=37, name="K⁺ only")
    neuron = chapter_neuron()
    out = {}
    for label, cell in (
        ("K_only", konly),
        ("neuron", neuron),
        ("neuron_no_pump", neuron.with_pump(None)),
    ):
        r = vrest.solve_rest(cell)
        out[label] = {
            "state": r.state,
            "reason": r.reason,
            "V": r.V,
            "fluxes_mol_s": {i.name: i.flux for i in r.ions},
            "entropy_production": r.entropy_production,
        }
    return out


if __name__ == "__main__":
    for label, r in main().items():
        print(
            f"{label:>15}: V = {r['V']:+.2f} mV, state = {r['state']}, "
            f"Ṡ = {r['entropy_production']:.3g} J/(K·s)"
        )
        print(f"{'':>17}{r['reason']}")
