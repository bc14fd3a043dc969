"""GHK current and voltage equations (SPEC §3)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import F_CODATA, rtf_mV
from hypothesis import assume, given
from hypothesis import strategies as st

import vrest
from vrest.ghk import ghk_voltage

conc = st.floats(min_value=1e-4, max_value=1e3, allow_nan=False)
perm = st.floats(min_value=1e-4, max_value=1e2)
valences = st.sampled_from([-2, -1, 1, 2])


def ghk_reference(V, ci, co, z, P, celsius):
    """Textbook GHK current (Hille 2001 eq. 14-?), direct formula for V ≠ 0, µA/cm²."""
    u = z * V / rtf_mV(celsius)
    return P * z * F_CODATA * u * (ci - co * math.exp(-u)) / (1 - math.exp(-u))


@pytest.mark.parametrize("z", [1, -1, 2])
@pytest.mark.parametrize("V", [-120.0, -65.0, -3.0, 0.5, 40.0])
def test_current_matches_textbook_formula(V, z):
    J = vrest.ghk_current_density(V, 140.0, 5.0, z, P=2e-6, celsius=20.0)
    assert J == pytest.approx(ghk_reference(V, 140.0, 5.0, z, 2e-6, 20.0), rel=1e-12)


def test_current_exact_at_zero():
    # lim_{V→0} J = P z F (c_in − c_out): no 0/0
    J0 = vrest.ghk_current_density(0.0, 140.0, 5.0, 1, P=1.0)
    assert J0 == pytest.approx(F_CODATA * 135.0, rel=1e-14)
    J0_ca = vrest.ghk_current_density(0.0, 1e-4, 2.0, 2, P=1.0)
    assert J0_ca == pytest.approx(2 * F_CODATA * (1e-4 - 2.0), rel=1e-14)


@given(conc, conc, valences, st.floats(1e-12, 1e-3))
def test_current_continuous_through_zero(ci, co, z, h):
    j0 = vrest.ghk_current_density(0.0, ci, co, z)
    scale = F_CODATA * abs(z) * max(ci, co)
    for v in (h, -h):
        # |J(h) − J(0)| ≤ |dJ/dV|·h and |dJ/dV| ≤ z²F²/RT·max(c)
        assert abs(vrest.ghk_current_density(v, ci, co, z) - j0) <= scale * abs(z) * h / 20 + 1e-9


@given(conc, conc, valences)
def test_current_vanishes_at_reversal_potential(ci, co, z):
    E = vrest.nernst(ci, co, z)
    J = vrest.ghk_current_density(E, ci, co, z)
    assert abs(J) <= 1e-9 * F_CODATA * abs(z) * max(ci, co)


def test_no_overflow_at_extreme_voltages():
    J = vrest.ghk_current_density(np.array([-5000.0, 5000.0]), 140.0, 5.0, 2)
    assert np.all(np.isfinite(J))
    # far from E the GHK current is linear in V with slope z²F²c/RT of the driving side
    assert J[1] == pytest.approx(4 * F_CODATA * 140 * 5000 / rtf_mV(37), rel=1e-9)


def test_rectification_follows_the_concentration_gradient():
    # Goldman rectification (Hille 2001 ch. 14): with [K]in ≫ [K]out the outward current at
    # E + 40 mV exceeds the inward current at E − 40 mV; reversing the gradient reverses it.
    E = vrest.nernst(140, 4, 1)
    out = vrest.ghk_current_density(E + 40, 140, 4, 1)
    inw = vrest.ghk_current_density(E - 40, 140, 4, 1)
    assert out > 0 > inw and abs(out) > 1.5 * abs(inw)
    E2 = vrest.nernst(4, 140, 1)
    assert abs(vrest.ghk_current_density(E2 + 40, 4, 140, 1)) < abs(
        vrest.ghk_current_density(E2 - 40, 4, 140, 1)
    )


def test_slope_conductance_at_reversal_closed_form():
    # dJ/dV at E: only d(ci − co e^(−x))/dV = co e^(−x)·zF/RT = ci·zF/RT survives, times
    # P z F x_E/(1 − e^(−x_E)) with x_E = ln(co/ci):  g_E = P z²F²/RT · ci co ln(co/ci)/(co − ci)
    ci, co, z, P = 140.0, 4.0, 1, 1e-6
    E = vrest.nernst(ci, co, z)
    g = vrest.ghk_slope_conductance(E, ci, co, z, P)
    expected = P * z * z * F_CODATA / rtf_mV(37) * ci * co * math.log(co / ci) / (co - ci)
    assert g == pytest.approx(expected, rel=1e-6)
    assert vrest.ghk_chord_conductance(E, ci, co, z, P) == pytest.approx(expected, rel=1e-9)
    assert vrest.permeability_for_conductance(expected, ci, co, z) == pytest.approx(P, rel=1e-9)


def test_chord_conductance_definition():
    V = -50.0
    E = vrest.nernst(140, 4, 1)
    J = vrest.ghk_current_density(V, 140, 4, 1, P=1e-6)
    assert vrest.ghk_chord_conductance(V, 140, 4, 1, P=1e-6) == pytest.approx(J / (V - E))


SQUID_IN = {"K": 400.0, "Na": 50.0, "Cl": 52.0}
SQUID_OUT = {"K": 20.0, "Na": 440.0, "Cl": 560.0}


def test_hodgkin_katz_closed_form_by_hand():
    # Hodgkin & Katz (1949): V = (RT/F) ln((P_K Ko + P_Na Nao + P_Cl Cli)/(P_K Ki + P_Na Nai +
    # P_Cl Clo)); computed here by hand for 1:0.04:0.45 at 20 °C
    num = 1 * 20 + 0.04 * 440 + 0.45 * 52
    den = 1 * 400 + 0.04 * 50 + 0.45 * 560
    V = ghk_voltage({"K": 1, "Na": 0.04, "Cl": 0.45}, SQUID_IN, SQUID_OUT, celsius=20)
    assert V == pytest.approx(rtf_mV(20) * math.log(num / den), rel=1e-12)


@pytest.mark.parametrize("method", ["closed", "quadratic", "numeric"])
def test_voltage_methods_agree_for_monovalent(method):
    P = {"K": 1, "Na": 0.04, "Cl": 0.45}
    ref = ghk_voltage(P, SQUID_IN, SQUID_OUT, celsius=20, method="closed")
    assert ghk_voltage(P, SQUID_IN, SQUID_OUT, celsius=20, method=method) == pytest.approx(
        ref, abs=1e-9
    )


@given(
    st.floats(1e-3, 10),
    st.floats(1e-3, 10),
    st.floats(1e-5, 1e-2),
    st.floats(0.5, 10),
    st.floats(1, 200),
    st.floats(1, 200),
)
def test_divalent_quadratic_equals_numeric_root(pk, pca, cai, cao, ki, ko):
    P = {"K": pk, "Ca": pca, "Cl": 0.3}
    ci = {"K": ki, "Ca": cai, "Cl": 10.0}
    co = {"K": ko, "Ca": cao, "Cl": 120.0}
    q = ghk_voltage(P, ci, co, method="quadratic")
    n = ghk_voltage(P, ci, co, method="numeric")
    assert q == pytest.approx(n, abs=1e-7)
    # and the summed GHK currents vanish there
    tot = sum(vrest.ghk_current_density(q, ci[k], co[k], vrest.get_ion(k).z, P[k]) for k in P)
    scale = sum(
        abs(vrest.ghk_current_density(q, ci[k], co[k], vrest.get_ion(k).z, P[k])) for k in P
    )
    assert abs(tot) <= 1e-8 * scale


@given(
    st.dictionaries(
        st.sampled_from(["K", "Na", "Cl", "Ca", "Mg", "HCO3"]),
        st.tuples(perm, conc, conc),
        min_size=1,
        max_size=6,
    ),
    st.floats(0, 40),
)
def test_ghk_voltage_between_extreme_nernst_potentials(ions, t):
    P = {k: v[0] for k, v in ions.items()}
    ci = {k: v[1] for k, v in ions.items()}
    co = {k: v[2] for k, v in ions.items()}
    V = ghk_voltage(P, ci, co, celsius=t)
    E = [vrest.nernst(ci[k], co[k], vrest.get_ion(k).z, celsius=t) for k in P]
    assert min(E) - 1e-6 <= V <= max(E) + 1e-6


@given(conc, conc, st.sampled_from(["K", "Na", "Cl", "Ca", "HCO3"]), st.floats(0, 40))
def test_single_permeant_ion_gives_its_nernst_potential(ci, co, ion, t):
    assume(abs(math.log(co / ci)) < 20)
    others = {"K": 0.0, "Na": 0.0, "Cl": 0.0} | {ion: 1.0}
    cin = {"K": 100.0, "Na": 10.0, "Cl": 5.0} | {ion: ci}
    cout = {"K": 3.0, "Na": 150.0, "Cl": 120.0} | {ion: co}
    V = ghk_voltage(others, cin, cout, celsius=t)
    assert V == pytest.approx(vrest.nernst(ci, co, vrest.get_ion(ion).z, celsius=t), abs=1e-6)


def test_pump_current_in_ghk_voltage_hyperpolarizes():
    P = {"K": 1e-6, "Na": 0.04e-6}
    ci, co = {"K": 140, "Na": 15}, {"K": 4, "Na": 145}
    v0 = ghk_voltage(P, ci, co)
    v1 = ghk_voltage(P, ci, co, i_pump=20.0, area=1000.0)
    assert v1 < v0
    # the summed currents plus the pump vanish at v1
    tot = sum(vrest.ghk_current(v1, ci[k], co[k], 1, P[k], 1000.0) for k in P)
    assert tot + 20.0 == pytest.approx(0.0, abs=1e-8)
