#!/usr/bin/env python3
"""Myokit peer, many cells: compile the pump-leak model ONCE, then solve N cells (3 h, pump
blocked at 10 s) by changing literal constants between runs (no recompilation).
Cell i: radius r ~ U(5, 20) um, leak scale s ~ U(0.5, 2) (all leak P/g and Imax times s, so the
initial state stays an exact steady state), leak type GHK for even i, linear for odd i.
Cell 0 is the default cell (r = 10, s = 1, GHK), i.e. `myokit_pumpleak.py --leak ghk`.
Prints JSON: compile_s, solve_s (all cells), per-cell us, CVODE steps, cell 0/1 samples (and, with
--samples, every cell's samples at the log times, for benchmarks/run_dynamics.py's agreement check).
The peer scripts' folder defaults to ../shared/peers beside the repository (or $PEERS_DIR)."""

import argparse
import json
import math
import os
import sys
import time

T0 = time.perf_counter()
ap = argparse.ArgumentParser(description=__doc__)
ap.add_argument("--cells", type=int, default=1000)
ap.add_argument("--hours", type=float, default=3.0)
ap.add_argument("--block_s", type=float, default=10.0)
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--rtol", type=float, default=1e-8)
ap.add_argument("--atol", type=float, default=1e-10)
ap.add_argument(
    "--peers-dir",
    default=os.environ.get(
        "PEERS_DIR",
        os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "peers"),
    ),
    help="folder with myokit_pumpleak.py (default: ../shared/peers beside the repository)",
)
ap.add_argument("--samples", action="store_true", help="print every cell's samples too")
a = ap.parse_args()
sys.path.insert(0, a.peers_dir)
import myokit  # noqa: E402 (after sys.path: the peer scripts' folder)
import myokit_pumpleak as pl  # noqa: E402  (MMT template, ghk_pA, F, R)
import numpy as np  # noqa: E402

V0, Nai, Ki, Nao, Ko, Clo, KmNa, KmK, ratio = -70.0, 10.0, 140.0, 145.0, 5.0, 110.0, 10.0, 1.5, 0.45
T = 37.0 + 273.15
RTF = 1000 * pl.R * T / pl.F
Cli = Clo * math.exp(V0 / RTF)


def params(r, s):
    """Literal constants for radius r (um) and leak scale s (Imax density 1 uA/cm2 * s)."""
    area = 4 * math.pi * (r * 1e-4) ** 2
    Imax = s * 1e6 * area
    Ip0 = Imax * (Nai / (Nai + KmNa)) ** 3 * (Ko / (Ko + KmK)) ** 2
    PNa = -3 * Ip0 / pl.ghk_pA(V0, Nai, Nao, 1, area, RTF)
    PK = 2 * Ip0 / pl.ghk_pA(V0, Ki, Ko, 1, area, RTF)
    gNa = -3 * Ip0 / (V0 - RTF * math.log(Nao / Nai))
    gK = 2 * Ip0 / (V0 - RTF * math.log(Ko / Ki))
    return {
        "geom.r": r,
        "pump.Imax": Imax,
        "leak.PNa": PNa,
        "leak.PK": PK,
        "leak.PCl": ratio * PK,
        "leak.gNa": gNa,
        "leak.gK": gK,
        "leak.gCl": ratio * gK,
    }


p0 = params(10.0, 1.0)
text = pl.MMT.format(
    V0=V0,
    Nai=Nai,
    Ki=Ki,
    Cli=Cli,
    F=pl.F,
    R=pl.R,
    T=T,
    r=10.0,
    Nao=Nao,
    Ko=Ko,
    Clo=Clo,
    use_ghk=1,
    PNa=p0["leak.PNa"],
    PK=p0["leak.PK"],
    PCl=p0["leak.PCl"],
    gNa=p0["leak.gNa"],
    gK=p0["leak.gK"],
    gCl=p0["leak.gCl"],
    Imax=p0["pump.Imax"],
    KmNa=KmNa,
    KmK=KmK,
)
model = myokit.parse_model(text)
proto = myokit.Protocol()
proto.schedule(level=1, start=0, duration=a.block_s * 1e3)
t1 = time.perf_counter()
sim = myokit.Simulation(model, proto)  # the only compilation
compile_s = time.perf_counter() - t1
sim.set_tolerance(a.atol, a.rtol)

rng = np.random.default_rng(a.seed)
r = rng.uniform(5, 20, a.cells)
s = rng.uniform(0.5, 2, a.cells)
r[0], s[0] = 10.0, 1.0
t_s = [
    t
    for t in (0, a.block_s, a.block_s + 1, 70, 600, 1800, 3600, 7200, a.hours * 3600)
    if t <= a.hours * 3600
]
tmax = a.hours * 3600e3
log_times = [t * 1e3 for t in t_s]
keys = ["cell.V", "ion.Nai", "ion.Ki", "ion.Cli"]
out = np.empty((a.cells, len(t_s), 4))
steps = np.empty(a.cells, int)
t1 = time.perf_counter()
for i in range(a.cells):
    sim.reset()  # time 0, default (steady) state, protocol
    for k, v in params(r[i], s[i]).items():
        sim.set_constant(k, v)
    sim.set_constant("leak.use_ghk", 1 - i % 2)
    d = sim.run(tmax + 1e-6, log=keys, log_times=log_times)  # +1 ns: the 3 h point is logged
    out[i] = np.column_stack([d[k] for k in keys])
    steps[i] = sim.last_number_of_steps()
solve_s = time.perf_counter() - t1


def cell(i):
    rows = zip(t_s, out[i].tolist())
    return [dict(t_s=t, V_mV=v[0], Nai=v[1], Ki=v[2], Cli=v[3]) for t, v in rows]


print(
    json.dumps(
        dict(
            peer="myokit",
            version=myokit.__version__,
            sundials=myokit.Sundials.version(),
            cells=a.cells,
            compile_s=compile_s,
            solve_s=solve_s,
            per_cell_us=1e6 * solve_s / a.cells,
            cvode_steps_total=int(steps.sum()),
            cvode_steps_median=float(np.median(steps)),
            cvode_steps_max=int(steps.max()),
            V_3h_range_mV=[float(out[:, -1, 0].min()), float(out[:, -1, 0].max())],
            wall_total_s=time.perf_counter() - T0,
            cell0_ghk_r10_s1=cell(0),
            cell1=dict(r_um=float(r[1]), s=float(s[1]), leak="linear", samples=cell(1)),
        )
        | (
            dict(
                t_s=t_s,
                samples=dict(
                    V_mV=out[:, :, 0].tolist(),
                    Nai=out[:, :, 1].tolist(),
                    Ki=out[:, :, 2].tolist(),
                    Cli=out[:, :, 3].tolist(),
                ),
            )
            if a.samples
            else {}
        ),
        indent=1,
    )
)
