"""§6 — Temperature: warming the chapter neuron from 27 °C to 37 °C hyperpolarizes it.

Nernst potentials grow with T (|E| ∝ T); leak conductances scale with Q10 = 1.3 and the pump
current with Q10 = 3.0, so the pump's hyperpolarizing contribution grows 3.0/1.3 = 2.3-fold
(the chapter's scenario). ``Cell.at_celsius`` re-solves the cell at another temperature in one
call. The pump is held at the current it runs at 37 °C (fixed), so that its Q10 applies.

Run:  python examples/06_temperature.py
"""

from __future__ import annotations

from dataclasses import replace

import vrest
from vrest.chapter import chapter_neuron


def main() -> dict:
    cell = chapter_neuron()
    r0 = vrest.solve_rest(cell)
    warm = cell.with_pump(replace(cell.pump, mode="fixed", i_pump=r0.i_pump))  # 37 °C
    cold = warm.at_celsius(27.0)
    r27, r37 = vrest.solve_rest(cold), vrest.solve_rest(warm)
    sweep = {t: vrest.solve_rest(warm.at_celsius(t)).V for t in (17.0, 22.0, 27.0, 32.0, 37.0)}
    return {
        "V27": r27.V,
        "V37": r37.V,
        "dV": r37.V - r27.V,
        "E_K27": r27.E["K"],
        "E_K37": r37.E["K"],
        "pump27": r27.pump_contribution,
        "pump37": r37.pump_contribution,
        "i_pump27": r27.i_pump,
        "i_pump37": r37.i_pump,
        "G27": r27.G_total,
        "G37": r37.G_total,
        "sweep": sweep,
    }


if __name__ == "__main__":
    r = main()
    print(
        f"27 °C: V = {r['V27']:+.2f} mV, E_K = {r['E_K27']:+.2f}, I_pump = {r['i_pump27']:.1f} pA,"
        f" ΔV_pump = {r['pump27']:+.2f} mV"
    )
    print(
        f"37 °C: V = {r['V37']:+.2f} mV, E_K = {r['E_K37']:+.2f}, I_pump = {r['i_pump37']:.1f} pA,"
        f" ΔV_pump = {r['pump37']:+.2f} mV"
    )
    print(f"warming 27 → 37 °C: ΔV = {r['dV']:+.2f} mV (chapter: hyperpolarizes)")
    print("V(T): " + ", ".join(f"{t:g} °C {v:+.2f}" for t, v in r["sweep"].items()))
