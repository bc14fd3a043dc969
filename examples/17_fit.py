"""Fitting a cell to recordings: permeability ratios from V_rest against [K]o.

1. The shipped file ``examples/data/frog_muscle_synthetic.csv`` — SYNTHETIC data in the manner
   of Hodgkin & Horowicz (1959): frog muscle, K⁺ replacing Na⁺ at constant sum, Cl⁻ passively
   distributed, σ = 1 mV. (Their own numbers could not be sourced offline and are not invented
   here.) Fitting P_Na and P_Cl (P_K fixed, so: the ratios) gives P_Na/P_K ≈ 0.01 with a 95 %
   profile-likelihood interval, while P_Cl gets only an upper bound: a passively distributed
   ion carries no current at rest, so V says nothing about how permeable the membrane is to it.
2. Synthetic data from the cell file as written (Cl⁻ at a fixed [Cl]i, P_Cl/P_K = 2): now both
   ratios are determined, and the truth lies inside both intervals.

Run: ``python examples/17_fit.py [--outdir DIR]`` (default ``out/``); writes fit_*.png.
Units: cm/s, mM, mV.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

import vrest
from vrest.fields import set_fields
from vrest.fit import fit_rest

HERE = Path(__file__).parent
KEEP = {"Na.c_out": "K.c_out"}


def main(outdir: Path = Path("out")) -> dict:
    outdir.mkdir(parents=True, exist_ok=True)
    cell = set_fields(vrest.load_cell(HERE / "cells" / "frog_muscle.toml"), ["pump=none"])
    out: dict = {}
    # 1. Cl⁻ passively distributed: P_Cl not identifiable
    r1 = fit_rest(cell, HERE / "data" / "frog_muscle_synthetic.csv", vary=["Na.P", "Cl.P"],
                  keep_sum=KEEP)  # fmt: skip
    print(r1.table(), "\n")
    r1.plot(outdir / "fit_frog_muscle_cl_passive.png")
    out["cl_passive"] = r1.to_dict()
    # 2. Cl⁻ at a fixed [Cl]i: both ratios recovered
    k = np.geomspace(1, 100, 12)
    v = vrest.sweep(cell, {"K.c_out": list(k)}, points="list", keep_sum=KEEP)["V"].values
    v = v + np.random.default_rng(17).normal(0, 1.0, k.size)
    start = set_fields(cell, ["Na.P=5e-8", "Cl.P=1e-6"])
    r2 = fit_rest(start, {"K.c_out": k, "V": v}, vary=["Na.P", "Cl.P"], keep_sum=KEEP, sigma=1.0)
    print(r2.table())
    print("truth: Na.P = 1.7e-08, Cl.P = 3.4e-06 cm/s (P_Na/P_K = 0.01, P_Cl/P_K = 2)")
    r2.plot(outdir / "fit_frog_muscle_recovery.png")
    out["recovery"] = r2.to_dict()
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--outdir", type=Path, default=Path("out"))
    main(ap.parse_args().outdir)
