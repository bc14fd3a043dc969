"""The vectorized rest solver (:mod:`vrest.sweep.rest_vec`) against :func:`vrest.solve_rest`,
point by point (:func:`rest_point_reference`: the fields through ``set_fields``, then
``solve_rest``).

Tolerances, and why:

* potentials (V, V_chord, V_ghk, V_no_pump, E_X): 1e-9 mV + 1e-11 × |V|. The compiled path puts
  V at the root to rounding (closed forms; Newton's last step below 1e-9·(1 + |V|) mV, after
  which the error is ~C·step² ≈ 1e-16 mV; test_ghk_v_is_exact_to_rounding checks it against an
  exact Goldman root); solve_rest's root finder (vrest._roots.find_root, xtol = 1e-11) stops
  when its bracket is below 1e-11·(1 + |V|) mV, so the two differ by at most that, which the
  tolerance covers (1e-9 mV below |V| ≈ 100 mV; measured: ≤ 5e-12·(1 + |V|));
* pump_contribution = V − V_no_pump: the sum of the two;
* G_total: 1e-9 relative (a central difference at V; moving V by 1e-9 mV moves it by ~1e-11);
* currents (I_X, i_pump, net_current): 1e-9 × the largest current of the point, plus the current
  the potential tolerance moves through G_total (G·δV: near an equilibrium every current is tiny
  while G is not).

NaN (no steady V of the primary model: everything NaN; of the other model: its V) must fall on
the same points.
"""

from __future__ import annotations

import math
from dataclasses import replace
from decimal import Decimal, getcontext
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import vrest
from vrest.constants import ZERO_CELSIUS, F, R
from vrest.errors import VrestInputError
from vrest.ghk import _ghk_j, _ghk_j_scalar
from vrest.nernst import _nernst
from vrest.pump import Pump
from vrest.sweep import rest_vec as rv

ROOT = Path(__file__).resolve().parents[1]
CELLS = {p.stem: vrest.load_cell(p) for p in sorted((ROOT / "examples" / "cells").glob("*.toml"))}
POTENTIALS = ("V", "V_chord", "V_ghk", "V_no_pump")


def _tol_v(v: float) -> float:
    return 1e-9 + 1e-11 * abs(v)


def assert_same(fast: dict[str, np.ndarray], i: int, ref: dict[str, float], what: str) -> None:
    """Point ``i`` of ``fast`` equals ``ref`` within the tolerances of the module docstring."""
    assert list(fast) == list(ref)
    if math.isnan(ref["V"]):
        assert all(math.isnan(fast[k][i]) for k in ref), (what, i, "all NaN")
        return
    tv = _tol_v(ref["V"])
    currents = [abs(v) for k, v in ref.items() if k.startswith("I_")] + [abs(ref["i_pump"])]
    ti = 1e-9 * max(currents) + abs(ref["G_total"]) * tv
    for k, b in ref.items():
        a = float(fast[k][i])
        assert math.isnan(a) == math.isnan(b), (what, i, k, a, b)
        if math.isnan(b):
            continue
        if k in POTENTIALS or k.startswith("E_"):
            tol = _tol_v(b)
        elif k == "pump_contribution":
            tol = tv + _tol_v(ref["V_no_pump"])
        elif k == "G_total":
            tol = 1e-9 * abs(b)
        else:
            tol = ti
        assert abs(a - b) <= tol, (what, i, k, a, b, a - b, tol)


def check_points(cell, fields: dict[str, np.ndarray], what: str = "") -> dict[str, np.ndarray]:
    assert rv.supports(cell, list(fields))
    fast = rv.rest_points(cell, fields)
    n = len(next(iter(fields.values())))
    for k, arr in fast.items():
        assert arr.shape == (n,), k
    for i in range(n):
        ref = rv.rest_point_reference(cell, {k: float(v[i]) for k, v in fields.items()})
        assert_same(fast, i, ref, what or cell.name)
    return fast


def random_fields(cell, n: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Concentrations 0.1–500 mM (log-uniform), one g 0–1000 nS (some 0), one P (cells with an
    area), celsius 0–40 °C (a third exactly at the reference temperature), the fixed pump's
    current; g and P set after the concentrations (so derived at the new ones)."""
    names = list(cell.ions)
    f = {f"{ion}.c_out": np.exp(rng.uniform(math.log(0.1), math.log(500), n)) for ion in names}
    f[f"{names[0]}.c_in"] = np.exp(rng.uniform(math.log(0.1), math.log(500), n))
    f[f"{names[1]}.g"] = np.where(rng.random(n) < 0.1, 0.0, rng.uniform(0, 1000, n))
    if cell.area_um2 is not None:
        f[f"{names[-1]}.P"] = 10 ** rng.uniform(-9, -5, n)
    here = rng.random(n) < 0.3
    f["celsius"] = np.where(here, cell.reference_celsius, rng.uniform(0, 40, n))
    if cell.pump is not None and cell.pump.mode == "fixed":
        f["pump.i_pump"] = rng.uniform(0, 300, n)
    return f


SUPPORTED = [
    n
    for n, c in CELLS.items()
    if rv.supports(c, list(random_fields(c, 1, np.random.default_rng())))
]


def test_which_example_cells_are_supported() -> None:
    assert {"chapter_neuron", "squid_axon", "frog_muscle"} <= set(SUPPORTED)
    assert CELLS["chapter_neuron"].model == "chord"
    assert CELLS["squid_axon"].model == "ghk" and CELLS["frog_muscle"].model == "ghk"
    for name in ("hh_squid", "chapter_neuron_nkcc1", "chapter_neuron_swelling"):
        assert not rv.supports(CELLS[name], [])  # channels, a transporter, a kinetic pump


@pytest.mark.parametrize("name", SUPPORTED)
def test_example_cells_match_solve_rest(name: str) -> None:
    cell = CELLS[name]
    check_points(cell, random_fields(cell, 120, np.random.default_rng(len(name))), name)


def test_fixed_pumps_and_temperature_fields() -> None:
    """A fixed pump under both models; reference_celsius, q10_leak and pump.q10 varied with
    celsius (balance pumps away from their reference temperature become fixed currents)."""
    rng = np.random.default_rng(7)
    n = 80
    chapter, squid = CELLS["chapter_neuron"], CELLS["squid_axon"]
    for cell in (
        chapter.with_pump(Pump(i_pump=40.0)),
        replace(chapter.with_pump(Pump(i_pump=40.0)), model="ghk"),
        squid.with_pump(Pump(i_pump=2000.0)),
        squid.with_pump(None),
    ):
        check_points(cell, random_fields(cell, n, rng), f"{cell.name} {cell.model}")
    for cell in (chapter, squid):
        fields = {
            "reference_celsius": rng.uniform(5, 35, n),
            "Na.g": rng.uniform(0, 20, n),  # P derived at this point's reference temperature
            "celsius": rng.uniform(0, 40, n),
            "q10_leak": rng.uniform(1, 2, n),
            "pump.q10": rng.uniform(1, 4, n),
        }
        check_points(cell, fields, f"{cell.name} temperatures")


def test_divalent_ions_take_the_general_newton_path() -> None:
    ions = {
        "K": {"c_in": 140, "c_out": 5, "P": 1e-6},
        "Na": {"c_in": 10, "c_out": 145, "P": 5e-8},
        "Ca": {"c_in": 1e-4, "c_out": 2, "P": 1e-7},
    }
    rng = np.random.default_rng(3)
    for pump in ({"mode": "balance"}, {"i_pump": 20.0}, None):
        cell = vrest.Cell(ions=ions, radius=10, pump=pump, celsius=30)
        check_points(cell, random_fields(cell, 60, rng), f"Ca cell, pump {pump}")


def test_ghk_slope_shortcut_both_signs_of_v() -> None:
    """The monovalent GHK slope (e^(−|x ± δ|) from e^(−|x|) by exact identities, used where
    |x| > 10 δ) against the reference's central difference, on both sides of 0 mV (K⁺ out up to
    1 M turns V positive), near 0 mV (where the direct path is taken) and with the temperature
    varying per point (its e^(±δ) recomputed)."""
    from scipy.optimize import brentq

    cell = CELLS["frog_muscle"]

    def v_at(k: float) -> float:
        return float(
            rv.rest_points(cell, {"K.c_out": np.array([k]), "celsius": np.array([20.0])})["V"][0]
        )

    k0 = brentq(v_at, 50.0, 500.0, xtol=1e-12)  # V = 0 there: |x| < 10 δ next to it
    rng = np.random.default_rng(11)
    n = 60
    k_out = np.concatenate([10 ** rng.uniform(0, 3, n - 3), k0 * np.array([1 - 1e-5, 1, 1 + 1e-5])])
    celsius = np.concatenate([rng.uniform(0, 40, n - 3), [20.0, 20.0, 20.0]])
    fast = check_points(cell, {"K.c_out": k_out, "celsius": celsius})
    v = fast["V"]
    assert (v > 5).sum() > 5 and (v < -5).sum() > 5 and np.nanmin(np.abs(v)) < 1e-3


def test_nan_patterns() -> None:
    """Pumps no leak can carry: all NaN where the primary model has no steady V (or |V| > 1 V),
    V_ghk alone NaN where only the GHK root lies beyond ±9600 mV (few permeant ions on the
    inward side), g = 0 everywhere: NaN."""
    rng = np.random.default_rng(11)
    n = 150
    chord = CELLS["chapter_neuron"].with_pump(Pump(i_pump=10.0))
    closed = rng.random(n) < 0.2
    fields = {
        "K.g": np.where(closed, 0.0, rng.uniform(0, 100, n)),
        "Na.g": np.where(closed | (rng.random(n) < 0.3), 0.0, rng.uniform(0, 10, n)),
        "Cl.g": np.where(closed, 0.0, rng.uniform(0, 50, n)),
        "celsius": rng.uniform(0, 40, n),
        "pump.i_pump": 10 ** rng.uniform(0, 9, n),
    }
    for cell in (chord, replace(chord, model="ghk")):
        fast = check_points(cell, fields, f"nan {cell.model}")
        assert np.isnan(fast["V"]).sum() > 20 and (~np.isnan(fast["V"])).sum() > 20
    low = {
        "K.c_out": 10 ** rng.uniform(-3, 0, n),
        "Na.c_out": 10 ** rng.uniform(-3, 0, n),
        "Cl.c_in": 10 ** rng.uniform(-3, 0, n),
        "pump.i_pump": 10 ** rng.uniform(2, 5, n),
    }
    fast = check_points(chord, low, "V_ghk NaN")
    only_ghk = np.isnan(fast["V_ghk"]) & ~np.isnan(fast["V"])
    assert only_ghk.sum() > 20 and np.nanmax(np.abs(fast["V_ghk"])) > 5000


def test_order_of_fields_and_aliases() -> None:
    """g then c_out derives P at the old concentrations, c_out then g at the new (as
    set_fields); aliases give the same numbers as the canonical names."""
    cell = CELLS["chapter_neuron"]
    rng = np.random.default_rng(5)
    g, c = rng.uniform(1, 20, 40), rng.uniform(20, 300, 40)
    a = check_points(cell, {"Na.g": g, "Na.c_out": c})
    b = check_points(cell, {"Na.c_out": c, "Na.g": g})
    assert np.max(np.abs(a["V_ghk"] - b["V_ghk"])) > 0.1  # P derived at other concentrations
    np.testing.assert_array_equal(a["V_chord"], b["V_chord"])  # g is g
    alias = rv.rest_points(cell, {"sodium.g_nS": g, "ions.Na.c_out_mM": c})
    for k in a:
        np.testing.assert_array_equal(alias[k], a[k])


def test_no_fields_is_the_cell_itself() -> None:
    for name in ("chapter_neuron", "squid_axon"):
        cell = CELLS[name]
        assert rv.supports(cell, [])
        fast = rv.rest_points(cell, {})
        assert_same(fast, 0, rv.rest_point_reference(cell, {}), name)
        r = vrest.solve_rest(cell)
        assert fast["V"][0] == pytest.approx(r.V, abs=_tol_v(r.V))


def test_supports_and_refusals() -> None:
    cell = CELLS["chapter_neuron"]  # balance pump
    assert rv.supports(cell, ["K.c_out", "potassium.c_in_mM", "ions.Cl.g", "Na.P", "celsius"])
    assert rv.supports(cell, ["reference_celsius", "q10_leak", "pump.q10"])
    for name in ("pump.i_pump", "model", "radius", "Ca.c_out", "K.z", "pump.n_na", "x.y.z"):
        assert not rv.supports(cell, [name]), name
        with pytest.raises(VrestInputError):
            rv.rest_points(cell, {name: np.array([1.0])})
    assert rv.supports(cell.with_pump(Pump(i_pump=5.0)), ["pump.i_pump_pA"])
    assert not rv.supports(cell.with_pump(None), ["pump.q10"])
    with pytest.raises(VrestInputError):
        rv.rest_points(CELLS["hh_squid"], {"celsius": np.array([6.3])})
    bad = [
        {"K.c_out": np.array([4.0, -1.0])},
        {"K.g": np.array([np.nan])},
        {"K.c_out": np.array([4.0, 5.0]), "Na.c_out": np.array([100.0])},
        {"celsius": np.array([-300.0])},
    ]
    for fields in bad:
        with pytest.raises(VrestInputError):
            rv.rest_points(cell, fields)
    with pytest.raises(VrestInputError):  # a current against the pump's sign, as set_fields
        rv.rest_points(cell.with_pump(Pump(i_pump=5.0)), {"pump.i_pump": np.array([-1.0])})


def test_output_fields() -> None:
    cell = CELLS["squid_axon"]
    fields = rv.output_fields(cell)
    names = [n for n, _, _ in fields]
    assert names == list(rv.rest_points(cell, {"K.c_out": np.array([20.0])}))
    assert names[:8] == [
        "V", "V_chord", "V_ghk", "V_no_pump", "pump_contribution", "i_pump", "G_total",
        "net_current",
    ]  # fmt: skip
    assert names[8:] == ["E_K", "E_Na", "E_Cl", "I_K", "I_Na", "I_Cl"]
    units = dict((n, u) for n, u, _ in fields)
    assert units["V"] == units["E_K"] == "mV" and units["I_K"] == "pA" and units["G_total"] == "nS"
    assert all(long for _, _, long in fields)


def test_compiled_twins_equal_the_originals() -> None:
    rng = np.random.default_rng(2)
    for _ in range(2000):
        ci, co = 10 ** rng.uniform(-4, 3, 2)
        z = float(rng.choice([-2, -1, 1, 2, 3]))
        T = rng.uniform(0, 40)
        V = rng.choice([0.0, rng.uniform(-300, 300), rng.uniform(-1e-9, 1e-9)])
        j = rv._ghk_j_nb(V, ci, co, z, T)
        assert j == _ghk_j_scalar(V, ci, co, z, T)
        assert j == pytest.approx(float(_ghk_j(V, ci, co, z, T)), rel=1e-14, abs=0)  # NumPy exp
        assert rv._nernst_nb(ci, co, z, T) == pytest.approx(
            float(_nernst(ci, co, z, T)), rel=1e-15, abs=1e-15
        )
    assert rv._nernst_nb(1e-300, 1e300, 1.0, 37.0) == pytest.approx(_nernst(1e-300, 1e300, 1, 37))


def test_ghk_v_is_exact_to_rounding() -> None:
    """Without a pump the GHK V of monovalent ions is Goldman's; here from 40-digit decimals."""
    getcontext().prec = 40
    cell = CELLS["frog_muscle"].with_pump(None)
    rng = np.random.default_rng(9)
    fields = {
        f"{i}.c_out": np.exp(rng.uniform(math.log(0.1), math.log(500), 50)) for i in cell.ions
    }
    fast = rv.rest_points(cell, fields)
    k = 1000 * Decimal(R) * (Decimal(cell.celsius) + Decimal(ZERO_CELSIUS)) / Decimal(F)
    for i in range(50):
        num = den = Decimal(0)
        for name, ion in cell.ions.items():
            P, ci, co = (
                Decimal(ion.P),
                Decimal(ion.c_in),
                Decimal(float(fields[f"{name}.c_out"][i])),
            )
            num += P * (co if ion.z > 0 else ci)
            den += P * (ci if ion.z > 0 else co)
        assert abs(fast["V"][i] - float(k * (num / den).ln())) < 1e-12


@given(
    k_out=st.floats(0.1, 500),
    na_in=st.floats(0.1, 500),
    cl_g=st.floats(0, 1000),
    celsius=st.floats(0, 40),
    cell=st.sampled_from(["chapter_neuron", "squid_axon", "frog_muscle"]),
)
def test_property_one_point(k_out: float, na_in: float, cl_g: float, celsius: float, cell) -> None:
    values = {"K.c_out": k_out, "Na.c_in": na_in, "Cl.g": cl_g, "celsius": celsius}
    c = CELLS[cell]
    fast = rv.rest_points(c, {k: np.array([v]) for k, v in values.items()})
    assert_same(fast, 0, rv.rest_point_reference(c, values), cell)
