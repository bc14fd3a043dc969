"""vrest.explain: shares of V, sensitivities by implicit differentiation, uncertainty."""

from __future__ import annotations

import json
import math
import warnings
from dataclasses import replace
from pathlib import Path

import pytest

import vrest
from vrest.explain import (
    _field,
    _set,
    explain,
    explain_text,
    parse_spec,
    sensitivities,
    shares_of,
    uncertainty,
)

CELLS = Path(__file__).resolve().parents[1] / "examples" / "cells"
ALL = sorted(CELLS.glob("*.toml"))


def _cell(name: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return vrest.load_cell(CELLS / f"{name}.toml")


def _rest(cell):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return vrest.solve_rest(cell)


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_shares_sum_to_V(path):
    """Σ shares = V to 1e-9 mV for every example cell (chord and GHK leaks, balance, fixed and
    kinetic pumps, cotransporters, an H⁺-ATPase, gated channels, fixed-reversal leaks)."""
    cell = _cell(path.stem)
    for model in ("chord", "ghk"):
        try:
            r = _rest(replace(cell, model=model))
        except vrest.errors.VrestError:  # a model without a steady V for this cell
            continue
        sh, G, res = shares_of(r)
        assert G > 0
        assert abs(sum(s.share for s in sh) - r.V) < 1e-9
        assert abs(res) < 1e-9
        assert math.isclose(sum(s.weight for s in sh if s.kind in ("ion", "channel")), 1.0)


def test_shares_use_ghk_chord_conductance():
    """Under GHK the ion's g in the shares is the chord conductance at V_GHK that RestResult
    reports, and the pump's share is −I_pump/G."""
    r = _rest(replace(_cell("chapter_neuron"), model="ghk"))
    sh, G, _ = shares_of(r)
    for s in sh:
        if s.kind == "ion":
            assert math.isclose(s.g, r.ion(s.name).g_chord_at_ghk, rel_tol=1e-12)
    pump = next(s for s in sh if s.kind == "pump")
    assert math.isclose(pump.share, -r.i_pump / G, rel_tol=1e-12)


def test_chord_shares_are_the_chord_equation():
    r = _rest(_cell("chapter_neuron"))
    sh, G, _ = shares_of(r)
    assert G == pytest.approx(149.0, rel=1e-12)
    k = next(s for s in sh if s.name == "K")
    assert k.share == pytest.approx(100 / 149 * r.ion("K").E, rel=1e-12)


SENS_CELLS = [
    "chapter_neuron",  # chord, balance pump at its reference temperature
    "cortical_neuron",  # GHK (P)
    "chapter_neuron_kinetic",  # kinetic pump
    "chapter_neuron_nkcc1",  # cotransporter
    "immature_neuron",  # NKCC1 + KCC2, kinetic pump
    "hh_squid",  # gated channels, fixed-reversal leak
    "neurospora",  # H⁺-ATPase
]


def _fd(cell, path, x, h):
    lo, hi = _rest(_set(cell, path, x - h)), _rest(_set(cell, path, x + h))
    return (hi.V - lo.V) / (2 * h), (hi.energy.passive - lo.energy.passive) / (2 * h)


@pytest.mark.parametrize("name", [*SENS_CELLS, "chapter_neuron@27"])
def test_sensitivities_match_finite_differences(name):
    """dV/dθ (implicit) against a central difference of solve_rest through set_field.

    Tolerance: the central difference with step h has truncation error ≈ |D(2h) − D(h)|/3
    (Richardson: the error is c·h², so D(2h) − D(h) = 3c·h²), allowed 4× over; plus the root
    solver's resolution (V to ~1e-11 mV, allowed 1e-9 mV) amplified by 1/h; plus 1e-8
    relative. h = 1e-4·|θ| (temperature: 1e-4·T in K)."""
    cell = _cell(name.split("@")[0])
    if "@" in name:  # off the reference temperature: balance pump at its reference rate × Q10
        cell = cell.at_celsius(float(name.split("@")[1]))
    for s in sensitivities(cell):
        if s.value == 0:
            continue
        T_K = cell.celsius + 273.15
        h = 1e-4 * (T_K if _field(s.path) == "celsius" else abs(s.value))
        d1, dd1 = _fd(cell, s.path, s.value, h)
        d2, dd2 = _fd(cell, s.path, s.value, 2 * h)
        tol = 4 * abs(d2 - d1) / 3 + 2e-9 / h + 1e-8 * abs(d1)
        assert abs(s.dV - d1) <= tol, (s.path, s.dV, d1, tol)
        told = 4 * abs(dd2 - dd1) / 3 + 1e-8 * abs(dd1) + 1e-9 * abs(_rest(cell).energy.passive) / h
        assert abs(s.dD - dd1) <= told, (s.path, s.dD, dd1, told)


def test_nernst_derivatives_are_analytic():
    cell = _cell("chapter_neuron")
    r = _rest(cell)
    by = {s.path: s for s in sensitivities(cell)}
    T = cell.celsius + 273.15
    k = vrest.constants.R * T / vrest.constants.F * 1e3
    assert by["K.c_out"].dE["K"] == pytest.approx(k / 4.0, rel=1e-12)
    assert by["Cl.c_in"].dE["Cl"] == pytest.approx(k / 10.0, rel=1e-12)  # z = −1
    assert by["celsius"].dE["Na"] == pytest.approx(r.ion("Na").E / T, rel=1e-12)
    assert by["K.g"].dE["K"] == 0.0


def test_elasticity_and_decade():
    cell = _cell("chapter_neuron")
    r = _rest(cell)
    s = next(s for s in sensitivities(cell) if s.path == "K.c_out")
    assert s.elasticity == pytest.approx(4.0 / r.V * s.dV)
    assert s.per_decade == pytest.approx(math.log(10) * 4.0 * s.dV)
    # the K⁺-dominated chapter neuron: a tenfold [K]out moves V by g_K/G × 61.5 mV-ish
    assert 35 < s.per_decade < 45


def test_explanation_api(tmp_path):
    ex = explain(_cell("chapter_neuron"))
    d = ex.to_dict()
    json.dumps(d)
    assert d["V_mV"] == pytest.approx(ex.result.V)
    assert {s["name"] for s in d["shares"]} == {"K", "Na", "Cl", "pump"}
    text = ex.table()
    assert "K.c_out" in text and "share" in text
    # sorted by |elasticity|
    el = [abs(s.elasticity) for s in ex.sensitivities]
    assert el == sorted(el, reverse=True)
    # tornado: re-solved ΔV close to the linear one for ±10 %
    for _, _, lo, hi, lin in ex.tornado:
        assert abs(hi - lin) <= 0.1 * abs(lin) + 1e-9
        assert abs(-lo - lin) <= 0.1 * abs(lin) + 1e-9
    out = tmp_path / "ex.png"
    ex.plot(out)
    assert out.stat().st_size > 10_000


def test_parse_spec_and_sigmas():
    cell = _cell("chapter_neuron")
    assert parse_spec("K.c_out=0.5, Na.g=10%; celsius=37 ± 0.5") == {
        "K.c_out": "0.5",
        "Na.g": "10%",
        "celsius": "37 ± 0.5",
    }
    u = uncertainty(cell, {"K.c_out": "5 ± 0.5 mM", "Na.g": "10%", "Cl.c_in": "500 uM"}, mc=False)
    inp = {p: (v, s) for p, v, s, _ in u.inputs}
    assert inp["K.c_out"] == (5.0, 0.5)
    assert inp["Na.g"] == (4.0, pytest.approx(0.4))
    assert inp["Cl.c_in"] == (10.0, pytest.approx(0.5))
    assert u.V == pytest.approx(_rest(_set(cell, "K.c_out", 5.0)).V)
    with pytest.raises(vrest.errors.VrestInputError):
        uncertainty(cell, "K.c_out")


@pytest.mark.parametrize("name", ["chapter_neuron", "chapter_neuron_nkcc1"])
def test_linear_and_monte_carlo_agree(name):
    """Small input errors (1–2 %): σ_V by linearization and by N = 2000 Monte Carlo samples
    agree within 4 standard errors of a sample standard deviation (σ/√(2(N−1)) ≈ 1.6 %) plus
    1 % for the curvature the linearization leaves out (~σ_rel² for 2 % inputs, ≪ 1 %)."""
    cell = _cell(name)
    spec = {"K.c_out": "2%", "K.c_in": "1%", "Na.g": "2%", "Cl.c_in": "2%", "celsius": 0.2}
    n = 400 if name.endswith("nkcc1") else 2000  # the carrier cell is solved point by point
    u = uncertainty(cell, spec, n=n, seed=7)
    bound = 4 / math.sqrt(2 * (n - 1)) + 0.01
    assert abs(u.sigma_V_mc / u.sigma_V_linear - 1) < bound
    assert abs(u.mean_V_mc - u.V) < 4 * u.sigma_V_linear / math.sqrt(n) + 0.01
    for k, o in u.outputs.items():
        if o["sigma_linear"] > 0:
            assert abs(o["sigma_mc"] / o["sigma_linear"] - 1) < bound, k
    # reproducible: same seed, same numbers
    u2 = uncertainty(cell, spec, n=n, seed=7)
    assert u2.sigma_V_mc == u.sigma_V_mc
    # contributions sorted, fractions sum to 1
    c = [abs(x[1]) for x in u.contributions]
    assert c == sorted(c, reverse=True)
    assert sum(x[2] for x in u.contributions) == pytest.approx(1.0)


def test_dissipation_is_the_passive_books():
    from vrest.explain import _dissipation

    for name in ("chapter_neuron", "hh_squid", "cortical_neuron"):
        r = _rest(_cell(name))
        assert _dissipation(r.cell, r.V, r.model) == pytest.approx(r.energy.passive, rel=1e-9)


def test_uncertainty_outputs(tmp_path):
    u = uncertainty(_cell("chapter_neuron"), "K.c_out=0.2,Na.g=10%", n=300, seed=1)
    d = u.to_dict()
    json.dumps(d)
    assert d["n_samples"] == 300 and d["contributions"][0]["input"] == "K.c_out"
    assert "σ linear" in u.table()
    out = tmp_path / "u.png"
    u.plot(out)
    assert out.stat().st_size > 10_000


def test_explain_text():
    r = _rest(_cell("chapter_neuron"))
    t = explain_text(r)
    assert "Share of V" in t and "Sensitivities" in t
    t2 = explain_text(r, "K.c_out=0.5", n=200, seed=0)
    assert "σ linear" in t2 and "Share of V" in t2
