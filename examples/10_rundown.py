"""Issue 7 — What happens when the pump stops: the chapter neuron's run-down after an ATP cut.

At t = 10 s the Na⁺/K⁺ pump stops (ATP depleted, or ouabain) and the cell is followed for 3 h
(:func:`vrest.dynamics.atp_cut`): states V and [K]ᵢ, [Na]ᵢ, [Cl]ᵢ; fixed volume and bath.

* Within a few τ = C/G (0.76 ms here) V loses the pump's electrogenic share: it steps up by
  −ΔV_pump = I_pump/G_total (+1.3 mV, the chapter's §5), since V cannot jump but the pump
  current can.
* Then, over tens of minutes, the leaks dissipate the gradients the pump had built: Na⁺ enters,
  K⁺ leaves (and Cl⁻ follows V), E_K and E_Na collapse and V depolarizes — the run-down that
  Hodgkin & Keynes (J. Physiol. 128, 28 (1955)) measured in squid axons poisoned with
  dinitrophenol. The K⁺ half-time (time for [K]ᵢ to get halfway to [K]ₒ) is ∝ volume/area
  over the specific leak: ~r/3 (µm) over the flux per area.

The chapter neuron as the chapter gives it is "V steady, concentrations drifting" (10 mM Cl⁻
inside, no Cl⁻ transporter), so its Cl⁻ and K⁺ already move before the block (V falls by
0.5 mV in the first 10 s; the step is measured from the V at the block);
``examples/cells/ness_neuron.toml`` is the variant where nothing moves until the pump stops.
Fixed volume overstates the late part: a real cell swells as it gains Na⁺ and Cl⁻.

Run:  python examples/10_rundown.py [figure.png]
(without a path the figure goes to a temporary directory, printed).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from vrest.chapter import chapter_neuron
from vrest.dynamics import atp_cut


def main(figure: str | Path | None = None, hours: float = 3.0) -> dict:
    cell = chapter_neuron()
    t0 = time.perf_counter()
    tc = atp_cut(cell, hours=hours, block_at_s=10.0, log_s=1.0)
    wall = time.perf_counter() - t0
    rest = tc.rest
    G, C = rest.G_total, cell.capacitance_pF
    tau_ms = C / G  # pF/nS = ms
    at_block = tc.value_at(10.0)  # V cannot jump: the state just before and after the block
    after = tc.value_at(10.0 + 10 * tau_ms * 1e-3)  # 10 τ after the block
    end = tc.value_at(float(tc.t[-1]))
    if figure is None:
        figure = Path(tempfile.mkdtemp(prefix="vrest_rundown_")) / "rundown.png"
    tc.plot(figure)
    return {
        "cell": cell.name,
        "start_state": rest.state,
        "V_rest_mV": rest.V,
        "pump_contribution_mV": rest.pump_contribution,
        "tau_ms": tau_ms,
        "V_at_block_mV": at_block["V_mV"],
        "V_10tau_after_block_mV": after["V_mV"],
        "step_mV": after["V_mV"] - at_block["V_mV"],
        "I_pump_over_G_mV": rest.i_pump / G,
        "V_end_mV": end["V_mV"],
        "c_end_mM": {n: end[f"{n}_in_mM"] for n in tc.names},
        "half_time_K_min": _minutes(tc.half_time("K")),
        "half_time_Na_min": _minutes(tc.half_time("Na")),
        "hours": hours,
        "wall_s": wall,
        "solver": dict(tc.stats),
        "figure": str(figure),
    }


def _minutes(s: float | None) -> float | None:
    return None if s is None else s / 60.0


if __name__ == "__main__":
    r = main(sys.argv[1] if len(sys.argv) > 1 else None)
    print(f"{r['cell']} ({r['start_state']} at rest), pump stopped at t = 10 s, {r['hours']:g} h:")
    print(f"  V at rest {r['V_rest_mV']:.2f} mV, at the block {r['V_at_block_mV']:.2f} mV (drift)")
    print(
        f"  → {r['V_10tau_after_block_mV']:.2f} mV within 10 τ (τ = C/G = {r['tau_ms']:.2f} ms):"
        f" a step of {r['step_mV']:+.2f} mV = I_pump/G = {r['I_pump_over_G_mV']:+.2f} mV"
    )
    print(f"  V after {r['hours']:g} h: {r['V_end_mV']:.2f} mV")
    ends = ", ".join(f"[{n}]in {c:.1f} mM" for n, c in r["c_end_mM"].items())
    print(f"  concentrations then: {ends}")
    for ion in ("K", "Na"):
        h = r[f"half_time_{ion}_min"]
        print(f"  {ion}⁺ half-time: " + ("not reached" if h is None else f"{h:.1f} min"))
    print(f"  solved in {r['wall_s']:.3f} s ({r['solver']['steps']} BDF steps)")
    print(f"  figure: {r['figure']}")
