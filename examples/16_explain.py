"""The chapter neuron explained: why it rests at −82.8 mV, what moves it, and how sure we are.

1. Shares of V: each leak's (g_i/G)·E_i with its chord conductance at rest, and the pump's
   −I_pump/G; they sum to V exactly (chord: V = Σ g_i E_i/G − I_pump/G).
2. Sensitivities dV/dθ of every input by implicit differentiation of Σ I = 0, sorted by
   elasticity, and a tornado of each input ±10 % (temperature ±1 °C), re-solved.
3. V ± σ: the input standard deviations below are ASSUMPTIONS made for this example (typical
   spreads of measured values, not data from the chapter), propagated linearly and by Monte
   Carlo (2000 samples, seed 0).

Run: ``python examples/16_explain.py [--outdir DIR]`` (default ``out/``). Units: mV, mM, nS, °C.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import vrest
from vrest.explain import explain, uncertainty

CELL = Path(__file__).resolve().parent / "cells" / "chapter_neuron.toml"

#: ASSUMED input spreads (one standard deviation): plasma/CSF K⁺ 3.5–5 mM; [Cl⁻]in of neurons
#: measured between ~5 and ~15 mM; leak conductances known to ±20 % at best; 37 ± 0.5 °C.
ASSUMED_SIGMAS = {
    "K.c_out": "4 ± 0.5 mM",
    "K.c_in": "140 ± 10 mM",
    "Na.c_in": "15 ± 3 mM",
    "Na.c_out": "145 ± 5 mM",
    "Cl.c_in": "10 ± 3 mM",
    "Cl.c_out": "110 ± 5 mM",
    "K.g": "20%",
    "Na.g": "20%",
    "Cl.g": "20%",
    "celsius": "37 ± 0.5",
}


def main(outdir: Path = Path("out"), n: int = 2000, seed: int = 0) -> dict:
    outdir.mkdir(parents=True, exist_ok=True)
    cell = vrest.load_cell(CELL)
    ex = explain(cell)
    print(ex.table())
    ex.plot(outdir / "explain_chapter_neuron.png")
    print("\nInput spreads (ASSUMED for this example, one standard deviation):")
    u = uncertainty(cell, ASSUMED_SIGMAS, n=n, seed=seed)
    print(u.table())
    u.plot(outdir / "explain_chapter_neuron_uncertainty.png")
    print(
        f"\nV = {u.V:.2f} ± {u.sigma_V_linear:.2f} mV (linear), "
        f"{u.mean_V_mc:.2f} ± {u.sigma_V_mc:.2f} mV (Monte Carlo, N = {u.n}, "
        f"σ known to ±{u.se_sigma_V_mc:.2f} mV)"
    )
    return {
        "V": ex.V,
        "shares": {s.name: s.share for s in ex.shares},
        "sigma_V_linear": u.sigma_V_linear,
        "sigma_V_mc": u.sigma_V_mc,
        "top": [p for p, *_ in u.contributions[:3]],
    }


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--outdir", type=Path, default=Path("out"))
    main(ap.parse_args().outdir)
