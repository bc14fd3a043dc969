"""Sweeps: the curves a physiologist asks for, without a hand-written loop.

1. V_rest of frog muscle against [K]o, K⁺ replacing Na⁺ at constant sum, with E_K beside it
   (Hodgkin & Horowicz 1959): the sweep file ``examples/sweeps/hodgkin_horowicz.toml``. At high
   [K]o V follows E_K with the Nernst slope (58.2 mV per decade at 20 °C); at 2.5 mM the small
   Na⁺ permeability holds V above E_K.
2. The chapter neuron's V over [K]o × temperature (a heatmap with contours): 600 points in
   a few milliseconds, by the vectorized rest solver.
3. σ_V of the chapter's small cell against channel count and radius (the linear-noise
   approximation at each point; ``options={"method": "exact", ...}`` simulates instead, with
   one seed per point from the master seed).
4. The same sweep written to a Zarr store and read back: rerunning with the store computes
   only what is missing (a killed sweep resumes).

Run: ``python examples/12_sweeps.py [--outdir DIR]`` (default ``out/``). Units: mM, °C, mV, µm.
"""

from __future__ import annotations

import argparse
import math
import tempfile
import warnings
from pathlib import Path

import vrest
from vrest.sweep.files import read_sweep_file

HERE = Path(__file__).parent


def main(outdir: Path = Path("out")) -> dict:
    outdir.mkdir(parents=True, exist_ok=True)
    out: dict = {}
    # 1. Hodgkin & Horowicz
    kw, _ = read_sweep_file(HERE / "sweeps" / "hodgkin_horowicz.toml")
    hh = vrest.sweep(**kw)
    k = hh["K.c_out"].values
    V, EK = hh["V"].values, hh["E_K"].values
    hi = k >= 40
    slope = (V[hi][-1] - V[hi][0]) / math.log10(k[hi][-1] / k[hi][0])
    out["hh59_slope_mV_per_decade"] = slope
    i25 = int(abs(k - 2.5).argmin())
    out["hh59_V_at_2.5"] = (float(k[i25]), float(V[i25]), float(EK[i25]))
    print(f"frog muscle: slope above 40 mM [K]o {slope:.1f} mV/decade (Nernst at 20 °C: "
          f"{vrest.rt_over_f(20) * math.log(10):.1f}); at [K]o {k[i25]:.2f} mM V = {V[i25]:.1f} "
          f"mV, E_K = {EK[i25]:.1f} mV")  # fmt: skip
    hh.vrest.plot(path=outdir / "sweep_hodgkin_horowicz.png")
    # 2. a heatmap
    heat = vrest.sweep(HERE / "cells" / "chapter_neuron.toml",
                       {"K.c_out": "1:100:log:40", "celsius": "5:40:15"})  # fmt: skip
    out["heat_points"] = int(heat["V"].size)
    heat.vrest.plot(path=outdir / "sweep_chapter_heatmap.png")
    # 3. noise: σ_V against channel count and radius
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nz = vrest.sweep(HERE / "cells" / "chapter_noise.toml",
                         {"K80.count": [20, 40, 80, 160, 320], "radius": [1.0, 2.0, 4.0]},
                         analysis="noise")  # fmt: skip
    out["sigma_V"] = nz["sigma_V"].values
    print("σ_V (mV, LNA) by channel count (rows) and radius 1, 2, 4 µm (columns):")
    for n, row in zip(nz["K80.count"].values, nz["sigma_V"].values):
        print(f"  {int(n):4d}  " + "  ".join(f"{s:.3f}" for s in row))
    # 4. a store, read back and resumed
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "hh.zarr"
        a = vrest.sweep(**kw, store=store)
        b = vrest.sweep(**kw, store=store)  # everything is there: nothing recomputed
        import json

        out["resumed_chunks_computed"] = json.loads(b.attrs["stats"])["chunks_computed"]
        out["store_equal"] = bool((a["V"] == b["V"]).all())
    print(f"store: rerun computed {out['resumed_chunks_computed']} chunks (all were stored)")
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--outdir", type=Path, default=Path("out"), help="where the figures go")
    main(ap.parse_args().outdir)
