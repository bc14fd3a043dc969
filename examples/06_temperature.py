"""§6 — Temperature: warming the chapter neuron from 27 °C to 37 °C hyperpolarizes it.

Nernst potentials grow with T (|E| ∝ T). The chapter neuron is described at 37 °C, where its
balance pump extrudes exactly the passive Na⁺ influx (191 pA). Moved to another temperature
(``Cell.at_celsius``, or ``vrest rest CELL --celsius 27``) the description stays at 37 °C and
is scaled: every leak g by Q10 1.3 and the pump's turnover by Q10 3.0, per 10 °C. At 27 °C the
pump therefore runs at 191/3 = 63.7 pA and the leaks at 1/1.3 of their conductance: the pump's
hyperpolarizing contribution −I_pump/G shrinks 3.0/1.3 = 2.3-fold on cooling, which is why
warming hyperpolarizes (the chapter's argument). The moved cell is honestly "V steady,
concentrations drifting": the pump no longer matches the leaks (the instant response; the new
steady state needs the time course of the transporters issue).

Run:  python examples/06_temperature.py
"""

from __future__ import annotations

import vrest
from vrest.chapter import chapter_neuron


def main() -> dict:
    cell = chapter_neuron()  # described (and balanced) at 37 °C
    r37 = vrest.solve_rest(cell)
    r27 = vrest.solve_rest(cell.at_celsius(27.0))
    sweep = {t: vrest.solve_rest(cell.at_celsius(t)).V for t in (17.0, 22.0, 27.0, 32.0, 37.0)}
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
        "state27": r27.state,
        "state37": r37.state,
        "sweep": sweep,
    }


if __name__ == "__main__":
    r = main()
    for t in ("27", "37"):
        print(
            f"{t} °C: V = {r['V' + t]:+.2f} mV, E_K = {r['E_K' + t]:+.2f} mV, I_pump = "
            f"{r['i_pump' + t]:.1f} pA, G = {r['G' + t]:.1f} nS, ΔV_pump = {r['pump' + t]:+.2f} mV"
            f" ({r['state' + t]})"
        )
    print(f"warming 27 → 37 °C: ΔV = {r['dV']:+.2f} mV (chapter: hyperpolarizes)")
    print("V(T): " + ", ".join(f"{t:g} °C {v:+.2f} mV" for t, v in r["sweep"].items()))
