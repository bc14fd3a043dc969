"""Gated channel populations as membrane mechanisms (vrest.channels): the Hodgkin–Huxley squid
membrane rests at −65.0 mV in today's convention, with its gates and input conductance reported;
expected values come from HH's rate equations evaluated here by hand."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import vrest

CELLS = Path(__file__).resolve().parents[1] / "examples" / "cells"
AREA_CM2 = 1e4 * 1e-8  # the example's 1e4 µm² patch


def _inf(V):
    an = 0.01 * (V + 55) / (1 - math.exp(-(V + 55) / 10))
    bn = 0.125 * math.exp(-(V + 65) / 80)
    am = 0.1 * (V + 40) / (1 - math.exp(-(V + 40) / 10))
    bm = 4 * math.exp(-(V + 65) / 18)
    ah = 0.07 * math.exp(-(V + 65) / 20)
    bh = 1 / (1 + math.exp(-(V + 35) / 10))
    return an / (an + bn), am / (am + bm), ah / (ah + bh)


def _I_density(V, E_L=-54.387):
    """HH's steady-state current density (µA/cm²) by hand."""
    n, m, h = _inf(V)
    return 120 * m**3 * h * (V - 50) + 36 * n**4 * (V + 77) + 0.3 * (V - E_L)


def _root(f, lo=-80.0, hi=-50.0):
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if f(lo) * f(mid) > 0 else (lo, mid)
    return 0.5 * (lo + hi)


@pytest.fixture(scope="module")
def hh():
    return vrest.solve_rest(vrest.load_cell(CELLS / "hh_squid.toml"))


def test_hh_rests_at_minus_65(hh):
    # the chapter's convention: −65.0 mV (±0.05: half the last printed digit); and the same root
    # as a bisection of HH's equations written here (1e-6 mV: the cell's concentrations give
    # E_Na, E_K to 1e-8 mV, 10 printed digits)
    assert hh.V == pytest.approx(-65.0, abs=0.05)
    assert hh.V == pytest.approx(_root(_I_density), abs=1e-6)
    assert hh.E["Na"] == pytest.approx(50.0, abs=1e-7) and hh.E["K"] == pytest.approx(
        -77.0, abs=1e-7
    )


def test_gates_and_input_conductance_at_rest(hh):
    n, m, h = _inf(hh.V)
    gates = {c.name: c.gates for c in hh.channels}
    assert gates["hh_na"]["m"] == pytest.approx(m, rel=1e-10)
    assert gates["hh_na"]["h"] == pytest.approx(h, rel=1e-10)
    assert gates["hh_k"]["n"] == pytest.approx(n, rel=1e-10)
    # input (slope) conductance: dI/dV of the steady-state current, by a wide central difference
    # of the hand formula (h = 1e-4 mV: truncation ~1e-9 relative), mS/cm² × area → nS
    d = (_I_density(hh.V + 1e-4) - _I_density(hh.V - 1e-4)) / 2e-4
    assert hh.G_total == pytest.approx(d * AREA_CM2 * 1e6, rel=1e-6)
    # the gating makes it larger than the chord conductance Σ g x at rest (1.167 vs 0.678 mS/cm²)
    chord = sum(c.g_open for c in hh.channels)
    assert hh.G_total > 1.5 * chord
    # no pump: Na⁺ enters, K⁺ leaves; honestly drifting
    assert hh.state == "drifting" and {d.ion for d in hh.drifts} == {"Na", "K"}


def test_neurons_leak_reversal_gives_its_rest():
    # NEURON's hh.mod: el = −54.3 mV → rest at −64.974 mV (the bisection here, to 1e-6)
    cell = vrest.set_fields(vrest.load_cell(CELLS / "hh_squid.toml"), ["leak.E=-54.3mV"])
    r = vrest.solve_rest(cell)
    assert r.V == pytest.approx(_root(lambda v: _I_density(v, -54.3)), abs=1e-6)
    assert r.V == pytest.approx(-64.974, abs=1e-3)


def test_blocking_the_na_channels_hyperpolarises():
    cell = vrest.set_fields(vrest.load_cell(CELLS / "hh_squid.toml"), ["hh_na.g=0"])
    r = vrest.solve_rest(cell)

    def i_k_leak(V):
        n, _, _ = _inf(V)
        return 36 * n**4 * (V + 77) + 0.3 * (V + 54.387)

    assert r.V == pytest.approx(_root(i_k_leak, -77.0, -54.0), abs=1e-6)
    assert r.V < -65.0


@pytest.mark.parametrize("k_out", [5.4, 12.0])
def test_inward_rectifier_channel_scales_with_root_k_out(k_out):
    # I_K1 = g √(K_o/5.4) x∞(V) (V − E_K) at an imposed V, by hand (ten Tusscher–Panfilov 2006)
    ions = {"K": {"c_in": 140, "c_out": k_out, "g": 0}, "Na": {"c_in": 10, "c_out": 140, "g": 0.1}}
    cell = vrest.Cell(ions, area=1e4, channels=[{"type": "ik1", "g": 50}])
    r = vrest.solve_rest(cell, V=-80.0)
    E_K = r.E["K"]
    x = 0.1 / (1 + math.exp(0.06 * (-80 - E_K - 200)))
    b = (3 * math.exp(0.0002 * (-80 - E_K + 100)) + math.exp(0.1 * (-80 - E_K - 10))) / (
        1 + math.exp(-0.5 * (-80 - E_K))
    )
    want = 50 * math.sqrt(k_out / 5.4) * (x / (x + b)) * (-80 - E_K)
    assert r.ion("K").current == pytest.approx(want, rel=1e-12)


def test_cell_file_round_trip_and_errors():
    cell = vrest.load_cell(CELLS / "hh_squid.toml")
    assert vrest.Cell.from_dict(cell.to_dict()).channels == cell.channels
    with pytest.raises(vrest.VrestInputError, match="E"):
        vrest.Cell({"K": {"c_in": 140, "c_out": 4, "g": 1}}, channels=[{"type": "leak", "g": 1}])
    with pytest.raises(vrest.VrestInputError, match="Na"):
        vrest.Cell({"K": {"c_in": 140, "c_out": 4, "g": 1}}, channels=[{"type": "hh_na", "g": 1}])
    with pytest.raises(vrest.VrestInputError, match=r"channel\.type"):
        vrest.Cell({"K": {"c_in": 140, "c_out": 4, "g": 1}}, channels=[{"type": "hh_ca", "g": 1}])
