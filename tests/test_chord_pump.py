"""Chord-conductance equation, pump contribution and Mullins–Noda (SPEC §3, §5)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import rtf_mV
from hypothesis import given
from hypothesis import strategies as st

import vrest

G = {"K": 1.0, "Na": 0.04, "Cl": 0.45}
E = {"K": -89.0, "Na": 61.0, "Cl": -64.0}


def test_chapter_chord_example():
    # The chapter (§3): (1·−89 + 0.04·61 + 0.45·−64)/(1 + 0.04 + 0.45) = −77.4 mV exactly
    assert vrest.chord_voltage(G, E) == pytest.approx(-115.36 / 1.49, abs=1e-12)
    assert vrest.chord_voltage(G, E) == pytest.approx(-77.4, abs=0.05)


def test_chapter_chloride_block_hyperpolarizes_to_minus_83():
    # The chapter (§3): g_Cl → 0 gives ≈ −83 mV ((−89 + 2.44)/1.04 = −83.23)
    v = vrest.chord_voltage(G | {"Cl": 0.0}, E)
    assert v == pytest.approx(-83.0, abs=0.5)
    assert v < vrest.chord_voltage(G, E)


def test_chapter_chloride_leaves_the_cell_at_rest():
    # V (−77.4) < E_Cl (−64): I_Cl = g(V − E_Cl) < 0, an inward current carried by Cl⁻ efflux
    v = vrest.chord_voltage(G, E)
    assert vrest.chord_currents(G, E, v)["Cl"] < 0


def test_currents_sum_to_zero_at_chord_voltage():
    v = vrest.chord_voltage(G, E, i_pump=0.3)
    assert sum(vrest.chord_currents(G, E, v).values()) + 0.3 == pytest.approx(0, abs=1e-12)


ions = st.dictionaries(
    st.sampled_from(["K", "Na", "Cl", "Ca", "H"]),
    st.tuples(st.floats(1e-3, 1e3), st.floats(-150, 150)),
    min_size=1,
    max_size=5,
)


@given(ions)
def test_chord_voltage_between_extreme_equilibrium_potentials(d):
    g = {k: v[0] for k, v in d.items()}
    e = {k: v[1] for k, v in d.items()}
    V = vrest.chord_voltage(g, e)
    assert min(e.values()) - 1e-9 <= V <= max(e.values()) + 1e-9


@given(ions, st.floats(0, 500))
def test_pump_contribution_is_minus_ipump_over_gtotal(d, ip):
    # The chapter (§5): V_with_pump = V_no_pump − I_pump/G_total, so ΔV_pump ≤ 0
    g = {k: v[0] for k, v in d.items()}
    e = {k: v[1] for k, v in d.items()}
    dv = vrest.chord_voltage(g, e, i_pump=ip) - vrest.chord_voltage(g, e)
    assert dv == pytest.approx(vrest.pump_contribution(ip, sum(g.values())), rel=1e-9, abs=1e-9)
    assert dv <= 0


def test_chord_broadcasts_over_arrays():
    g = np.array([[1.0, 0.04, 0.45], [1.0, 0.04, 0.0]])
    v = vrest.chord_voltage(g, np.array([-89.0, 61.0, -64.0]))
    assert v.shape == (2,)
    assert v[1] < v[0]


def test_pump_ion_currents_3_to_2():
    # 3 Na⁺ out and 2 K⁺ in per cycle: a net outward current I carries +3I (Na) and −2I (K)
    assert vrest.pump_ion_currents(10.0) == {"Na": 30.0, "K": -20.0}
    # one ATP per cycle, one elementary charge per cycle: 1 pA = 1e-12/e cycles per second
    assert vrest.pump_cycle_rate(1.0) == pytest.approx(1e-12 / 1.602176634e-19, rel=1e-12)


def test_mullins_noda_reduces_to_ghk_with_r_one():
    P, ci, co = {"K": 1.0, "Na": 0.05}, {"K": 140.0, "Na": 15.0}, {"K": 4.0, "Na": 145.0}
    assert vrest.mullins_noda_voltage(P, ci, co, r=1.0) == pytest.approx(
        vrest.ghk_voltage(P, ci, co), abs=1e-12
    )


def test_mullins_noda_by_hand():
    # Mullins & Noda (1963): V = (RT/F) ln((r P_K Ko + P_Na Nao)/(r P_K Ki + P_Na Nai))
    V = vrest.mullins_noda_voltage(
        {"K": 1, "Na": 0.04}, {"K": 140, "Na": 15}, {"K": 4, "Na": 145}, r=1.5
    )
    ref = rtf_mV(37) * math.log((1.5 * 4 + 0.04 * 145) / (1.5 * 140 + 0.04 * 15))
    assert V == pytest.approx(ref, rel=1e-12)
    # the 3:2 pump hyperpolarizes relative to r = 1
    assert V < vrest.mullins_noda_voltage(
        {"K": 1, "Na": 0.04}, {"K": 140, "Na": 15}, {"K": 4, "Na": 145}, r=1.0
    )


def test_q10_rule():
    # rate(T) = rate(T0) Q10^((T−T0)/10): +10 °C multiplies by Q10, +5 °C by √Q10
    assert vrest.q10_factor(3.0, 37, 27) == pytest.approx(3.0)
    assert vrest.q10_factor(1.3, 32, 27) == pytest.approx(math.sqrt(1.3))
    assert vrest.q10_scale(2.0, 3.0, 17, 27) == pytest.approx(2.0 / 3.0)
