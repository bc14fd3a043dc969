#!/usr/bin/env python3
"""vrest, many cells: the 1000 pump–leak cells of ``benchmarks/myokit_1000.py`` (3 h, pump
blocked at 10 s) with :func:`vrest.dynamics.batch.simulate_many`, integrated as ONE stiff
system (block-diagonal Jacobian), end to end in one process.

The cells are drawn exactly as the Myokit peer draws them (same generator and seed): cell i has
radius r ~ U(5, 20) µm and leak scale s ~ U(0.5, 2) (every leak P or g and I_max times s, so
each cell starts at its exact steady state); GHK leaks for even i and linear (chord) leaks for
odd i, in the same batch (simulate_many takes one leak model per cell). Cell 0 is the default
cell (r = 10 µm, s = 1, GHK). Each cell is built as the peer builds it (see
``benchmarks/make_peer_cells.py``): a kinetic pump I_p = I_max ([Na]i/([Na]i + 10))³
([K]o/([K]o + 1.5))² with I_max = s·1 µA/cm² × area, and leaks chosen so that t = 0 (V = −70 mV,
[Na]i 10, [K]i 140, E_Cl = V) is a steady state.

Prints JSON: build_s (the 1000 vrest.Cell), solve_s (simulate_many: start states + the
integration), the solver's counts, wall_total_s (from the start of the script), and every
cell's samples at the log times (V, Na, K, Cl) when --samples is given (for the agreement check).
"""

import time

T0 = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402

import numpy as np  # noqa: E402

import vrest  # noqa: E402
from vrest.constants import F, R  # noqa: E402
from vrest.dynamics import Protocol  # noqa: E402
from vrest.dynamics.batch import simulate_many  # noqa: E402

V0, NAI, KI, NAO, KO, CLO, KM_NA, KM_K, RATIO = (
    -70.0,
    10.0,
    140.0,
    145.0,
    5.0,
    110.0,
    10.0,
    1.5,
    0.45,
)
CELSIUS = 37.0


def peer_cell(r: float, s: float, leak: str) -> vrest.Cell:
    """The Myokit peer's cell of radius r (µm) and leak scale s (see the module docstring)."""
    rtf = 1e3 * R * (CELSIUS + 273.15) / F
    area_cm2 = 4 * math.pi * (r * 1e-4) ** 2
    i_max = s * 1e6 * area_cm2  # s µA/cm² × area → pA
    ip0 = i_max * (NAI / (NAI + KM_NA)) ** 3 * (KO / (KO + KM_K)) ** 2
    cli = CLO * math.exp(V0 / rtf)

    def ghk_pA(ci: float, co: float) -> float:  # z = 1, P = 1 cm/s
        u = V0 / rtf
        return 1e6 * area_cm2 * F * u * (ci - co * math.exp(-u)) / (1 - math.exp(-u))

    if leak == "ghk":
        pk = 2 * ip0 / ghk_pA(KI, KO)
        lk = {"Na": ("P", -3 * ip0 / ghk_pA(NAI, NAO)), "K": ("P", pk), "Cl": ("P", RATIO * pk)}
    else:
        gk = 2 * ip0 / (V0 - rtf * math.log(KO / KI))
        gna = -3 * ip0 / (V0 - rtf * math.log(NAO / NAI))
        lk = {"Na": ("g", gna), "K": ("g", gk), "Cl": ("g", RATIO * gk)}
    conc = {"Na": (NAI, NAO), "K": (KI, KO), "Cl": (cli, CLO)}
    ions = {x: {"c_in": conc[x][0], "c_out": conc[x][1], lk[x][0]: lk[x][1]} for x in conc}
    pump = vrest.Pump(
        mode="kinetic", i_max=i_max, km_na=KM_NA, km_k=KM_K, saturation="cubic", voltage="none"
    )
    return vrest.Cell(ions, celsius=CELSIUS, radius=r, pump=pump, model=leak_model(leak))


def leak_model(leak: str) -> str:
    return "ghk" if leak == "ghk" else "chord"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cells", type=int, default=1000)
    ap.add_argument("--hours", type=float, default=3.0)
    ap.add_argument("--block_s", type=float, default=10.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rtol", type=float, default=1e-8)
    ap.add_argument("--samples", action="store_true", help="print every cell's samples too")
    a = ap.parse_args()

    t1 = time.perf_counter()
    rng = np.random.default_rng(a.seed)  # as benchmarks/myokit_1000.py: r first, then s
    r = rng.uniform(5, 20, a.cells)
    s = rng.uniform(0.5, 2, a.cells)
    r[0], s[0] = 10.0, 1.0
    cells = [peer_cell(r[i], s[i], "ghk" if i % 2 == 0 else "linear") for i in range(a.cells)]
    build_s = time.perf_counter() - t1
    t_end = a.hours * 3600
    t_s = [t for t in (0, a.block_s, a.block_s + 1, 70, 600, 1800, 3600, 7200, t_end) if t <= t_end]
    t1 = time.perf_counter()
    res = simulate_many(cells, Protocol.atp_cut(a.block_s), t_end, log_times_s=t_s, rtol=a.rtol)
    solve_s = time.perf_counter() - t1
    out = {
        "tool": "vrest",
        "version": vrest.__version__,
        "cells": a.cells,
        "build_s": build_s,
        "solve_s": solve_s,
        "per_cell_us": 1e6 * solve_s / a.cells,
        "stats": res.stats,
        "V_3h_range_mV": [float(res.V[:, -1].min()), float(res.V[:, -1].max())],
        "t_s": res.t.tolist(),
        "wall_total_s": time.perf_counter() - T0,
    }
    if a.samples:
        out["samples"] = {
            "V_mV": res.V.tolist(),
            **{f"{x}i": res.c_in[x].tolist() for x in ("Na", "K", "Cl")},
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
