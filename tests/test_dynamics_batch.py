"""Many cells at once (vrest.dynamics.batch.simulate_many) against the single-cell solver.

The reference for every cell is :func:`vrest.dynamics.simulate` run on that cell alone (an
independent integration: SciPy's BDF on the cell's own equations, vrest.dynamics.model); the
batch integrates all cells as one system with its own (vectorized) equations and, by default,
its own integrator (Rodas4), so agreement checks both."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from test_dynamics import peer_cell  # the Myokit peer's cell, built as the peer builds it

import vrest
from vrest.dynamics import Protocol, simulate
from vrest.dynamics.batch import BatchCourse, simulate_many
from vrest.errors import SolverError, VrestInputError

CELLS = Path(__file__).resolve().parents[1] / "examples" / "cells"
LOG_TIMES = [0.0, 5.0, 10.0, 10.05, 11.0, 70.0, 600.0, 1800.0]
T_END = 1800.0


def random_cells(n: int, seed: int = 7) -> list[vrest.Cell]:
    """Peer cells of random radius (5–20 µm) and leak scale (0.5–2: every P or g and I_max ×
    s), GHK or linear leaks; every fourth has a Luo–Rudy kinetic pump instead (saturation and
    f(V), so t = 0 is V-steady but not a NESS), and two are the NESS neuron (chord leaks, a
    balance pump: a constant pump rate) at other radii."""
    rng = np.random.default_rng(seed)
    cells = []
    for i in range(n):
        r, s = rng.uniform(5, 20), rng.uniform(0.5, 2)
        cell = peer_cell("ghk" if i % 2 == 0 else "linear", r=r, imax_uA_cm2=s)
        if i % 4 == 3:
            i_max = cell.pump.i_max * rng.uniform(0.5, 1.5)
            cell = cell.with_pump(vrest.Pump(mode="kinetic", i_max=i_max))
        cells.append(cell)
    ness = vrest.load_cell(CELLS / "ness_neuron.toml")
    for k, r in ((2, 12.0), (5, 25.0)):
        f = (r / ness.radius) ** 2
        ions = {x: {"c_in": i.c_in, "c_out": i.c_out, "g": i.g * f} for x, i in ness.ions.items()}
        ions = {x: ions[x] for x in ("Na", "K", "Cl")}  # the peer cells' order
        cells[k] = vrest.Cell(ions, celsius=37, radius=r, pump={"mode": "balance"})
    return cells


@pytest.fixture(scope="module")
def cells() -> list[vrest.Cell]:
    return random_cells(20)


@pytest.fixture(scope="module")
def singles(cells) -> list:
    return [simulate(c, Protocol.atp_cut(10), T_END, log_s=None) for c in cells]


@pytest.mark.parametrize("method", ["Rodas4", "BDF"])
def test_agrees_with_single_cell_simulate(cells, singles, method):
    res = simulate_many(cells, Protocol.atp_cut(10), T_END, log_times_s=LOG_TIMES, method=method)
    assert isinstance(res, BatchCourse) and len(res) == 20
    assert res.t.tolist() == LOG_TIMES
    assert res.V.shape == (20, len(LOG_TIMES))
    assert set(res.c_in) == {"Na", "K", "Cl"}
    dv = dc = 0.0
    for i, tc in enumerate(singles):
        for j, t in enumerate(LOG_TIMES):
            want = tc.value_at(t)
            dv = max(dv, abs(res.V[i, j] - want["V_mV"]))
            for x in ("Na", "K", "Cl"):
                dc = max(dc, abs(res.c_in[x][i, j] - want[f"{x}_in_mM"]))
    assert dv < 1e-4 and dc < 1e-4, (dv, dc)
    # and it did something: after 30 min every cell has run down by > 1 mV
    assert np.all(np.abs(res.V[:, -1] - res.V[:, 0]) > 1.0)


def test_start_is_the_rest_state(cells):
    res = simulate_many(cells, None, 1.0, log_times_s=[0.0, 1.0])
    for i, c in enumerate(cells):
        rest = vrest.solve_rest(c)
        assert res.V0[i] == pytest.approx(rest.V, abs=1e-9)
        assert res.V[i, 0] == res.V0[i]
        for x in ("Na", "K", "Cl"):
            assert res.c_in[x][i, 0] == c.ions[x].c_in


def test_a_k_out_step_and_per_cell_models():
    """[K]o 5 → 10 mM at 2 s for all cells, and the leak model given per cell (overriding the
    cells' own): each cell as simulate(..., model=m) alone."""
    cells = [peer_cell("ghk", r=8.0), peer_cell("linear", r=15.0, imax_uA_cm2=1.5)]
    models = ["chord", "ghk"]
    prot = Protocol().k_out(10.0, at_s=2.0).pump(0.5, at_s=60.0)
    times = [0.0, 1.0, 2.0, 2.01, 3.0, 60.0, 300.0]
    res = simulate_many(cells, prot, 300.0, log_times_s=times, model=models)
    assert res.models == ("chord", "ghk")
    for i, (c, m) in enumerate(zip(cells, models)):
        tc = simulate(c, prot, 300.0, log_s=None, model=m)
        for j, t in enumerate(times):
            v = tc.value_at(t)
            assert res.V[i, j] == pytest.approx(v["V_mV"], abs=1e-4)
            assert res.c_in["K"][i, j] == pytest.approx(v["K_in_mM"], abs=1e-4)
    assert res.V[0, 4] - res.V[0, 1] > 5  # the step depolarized the cell


def test_jacobian_blocks_match_finite_differences(cells):
    from vrest.dynamics import batch

    models = tuple(c.model for c in cells)
    order = np.argsort([m != "ghk" for m in models], kind="stable")
    cs = [cells[i] for i in order]
    eq, const = batch._build(cs, tuple(models[i] for i in order))
    batch._start(eq, cs, tuple(models[i] for i in order), const)
    rng = np.random.default_rng(3)
    Y = np.column_stack(
        [rng.uniform(-90, -40, eq.N), eq.c_in0 * rng.uniform(0.7, 1.3, eq.c_in0.shape)]
    )
    co = eq.c_out0
    J = eq.jac_blocks(Y, co, 1.0)
    num = np.empty_like(J)
    for k in range(Y.shape[1]):
        h = 1e-5 * np.maximum(np.abs(Y[:, k]), 1.0)
        up, dn = Y.copy(), Y.copy()
        up[:, k] += h
        dn[:, k] -= h
        num[:, :, k] = (eq.rhs(up, co, 1.0, eq.dc) - eq.rhs(dn, co, 1.0, eq.dc)) / (2 * h[:, None])
    scale = np.max(np.abs(num), axis=2, keepdims=True)
    assert np.max(np.abs(J - num) / scale) < 1e-6


def test_default_log_times_and_outputs():
    cells = [peer_cell("ghk"), peer_cell("linear")]
    res = simulate_many(cells, Protocol.atp_cut(10), 60.0)
    assert res.t.tolist() == [0.0, 10.0, 60.0]
    col = res.cell(1)
    assert list(col) == ["t_s", "V_mV", "Na_in_mM", "K_in_mM", "Cl_in_mM"]
    assert col["V_mV"][1] == pytest.approx(-70.0, abs=1e-6)  # steady until the block
    assert res.stats["wall_s"] > 0 and res.stats["method"] == "Rodas4"
    ds = res.to_xarray()  # xarray is a dependency
    assert ds["V"].dims == ("cell", "t") and ds["c_in"].dims == ("ion", "cell", "t")


def test_a_concentration_reaching_zero_fails_loudly():
    """A fixed pump extrudes Na⁺ at a constant rate whatever [Na]i is (as in test_dynamics):
    [Na]i reaches 0 within the hour, an error naming the cell, never a negative value."""
    bad = vrest.Cell(
        {
            "Na": {"c_in": 15, "c_out": 145, "P": 1e-9},
            "K": {"c_in": 140, "c_out": 4, "P": 1e-6},
            "Cl": {"c_in": 10, "c_out": 110, "P": 4.5e-7},
        },
        radius=5,
        pump={"mode": "fixed", "i_pump": 5.0},
    )
    for method in ("Rodas4", "BDF"):
        with pytest.raises(SolverError, match=r"reached 0 in cells\[1\]"):
            simulate_many([peer_cell("ghk"), bad], None, 3600.0, method=method)


def test_refusals():
    good = peer_cell("ghk")
    with pytest.raises(VrestInputError):
        simulate_many([], None, 10.0)
    with pytest.raises(VrestInputError):
        simulate_many("cell.toml", None, 10.0)
    with pytest.raises(VrestInputError):
        simulate_many([good, "cell"], None, 10.0)
    with pytest.raises(VrestInputError):
        simulate_many([good], None, -1.0)
    with pytest.raises(VrestInputError):
        simulate_many([good], None, 10.0, log_times_s=[0, 20])
    with pytest.raises(VrestInputError):
        simulate_many([good], None, 10.0, log_times_s=[math.nan])
    with pytest.raises(VrestInputError):
        simulate_many([good], None, 10.0, method="RK45")
    with pytest.raises(VrestInputError):
        simulate_many([good, good], None, 10.0, model=["ghk"])
    with pytest.raises(VrestInputError):
        simulate_many([good], None, 10.0, model="linear")
    two = vrest.Cell(
        {"K": {"c_in": 140, "c_out": 4, "g": 10}, "Na": {"c_in": 10, "c_out": 145, "g": 1}},
        radius=10,
    )
    with pytest.raises(VrestInputError, match="same ions"):
        simulate_many([good, two], None, 10.0)
    with pytest.raises(VrestInputError, match="pump"):
        simulate_many([two], Protocol.atp_cut(1), 10.0)
    nkcc = vrest.load_cell(CELLS / "chapter_neuron_nkcc1.toml")
    with pytest.raises(VrestInputError, match="cotransporters"):
        simulate_many([nkcc], None, 10.0)
    no_radius = vrest.Cell({"K": {"c_in": 140, "c_out": 4, "g": 10}})
    with pytest.raises(VrestInputError, match="radius"):
        simulate_many([no_radius], None, 10.0)
