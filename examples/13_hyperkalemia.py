"""Cardiac hyperkalemia: a human ventricular myocyte's rest against [K]o.

The ten Tusscher–Panfilov 2006 model (Am J Physiol Heart Circ Physiol 291:H1088–H1100) at
rest — every gate at its steady state, concentrations fixed at the model's initial values —
as [K]o goes from 2 to 12 mM:

1. V_rest beside E_K: it follows E_K at high [K]o and departs from it at low [K]o;
2. the I_K1 I–V curves at 2, 5.4 and 12 mM and their crossover;
3. the Na⁺-channel availability h∞·j∞ at rest, and the depolarization a stimulus must supply
   to reach threshold: excitability rises with mild hyperkalemia and falls with severe.

Run: ``python examples/13_hyperkalemia.py [--outdir DIR] [--celltype epi|endo|M]`` (default
``out/``). Units: mM, mV, pA/pF.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import vrest.scenarios.hyperkalemia  # noqa: F401  (registers the scenario until it is in MODULES)
from vrest.scenarios import REGISTRY


def main(outdir: Path = Path("out"), celltype: str = "epi") -> dict:
    outdir.mkdir(parents=True, exist_ok=True)
    r = REGISTRY["hyperkalemia"].run(celltype=celltype)
    print(r.text)
    suffix = "" if celltype == "epi" else f"_{celltype}"
    r.plot(outdir / f"scenario_hyperkalemia{suffix}.png")
    n = {k: v for k, (v, _) in r.numbers.items()}
    print(
        f"\nV_rest at 5.4 mM: {n['V_rest_5p4']:.3f} mV; published initial V "
        f"{n['V_published_5p4']:.2f} mV; most excitable at {n['k_out_most_excitable']:.1f} mM"
    )
    return n


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--outdir", type=Path, default=Path("out"), help="where the figure goes")
    ap.add_argument("--celltype", default="epi", choices=("epi", "endo", "M"))
    a = ap.parse_args()
    main(a.outdir, a.celltype)
