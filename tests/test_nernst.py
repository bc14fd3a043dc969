"""Nernst potential and electrochemical potential (SPEC §1)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import F_CODATA, R_CODATA, rtf_mV
from hypothesis import given
from hypothesis import strategies as st

import vrest

conc = st.floats(min_value=1e-6, max_value=1e4, allow_nan=False)
temps = st.floats(min_value=-5, max_value=60)
valences = st.sampled_from([-2, -1, 1, 2, 3])


def test_codata_2018_constants():
    # CODATA 2018: R = 8.314462618... J/(mol K), F = 96485.33212... C/mol (both exact)
    assert vrest.R == pytest.approx(8.314462618, abs=1e-9)
    assert vrest.F == pytest.approx(96485.33212, abs=1e-5)
    assert vrest.R == pytest.approx(R_CODATA, rel=1e-15)
    assert vrest.F == pytest.approx(F_CODATA, rel=1e-15)
    # RT/F at 37 °C: 8.314462618 · 310.15 / 96485.33212 = 26.72666 mV
    assert vrest.rt_over_f(37.0) == pytest.approx(26.72666, abs=1e-5)


@pytest.mark.parametrize(
    ("ion", "c_in", "c_out", "chapter", "tol"),
    [
        # The chapter (§1/§2) quotes "≈ −95", "≈ +60", "≈ −65" (and −64 in §3): values given to
        # two significant figures, so ±1 mV.
        ("K", 140, 4, -95.0, 1.0),
        ("Na", 15, 145, 60.0, 1.0),
        ("Cl", 10, 110, -64.5, 1.0),
    ],
)
def test_chapter_equilibrium_potentials(ion, c_in, c_out, chapter, tol):
    E = vrest.nernst(c_in, c_out, vrest.get_ion(ion).z, celsius=37.0)
    assert E == pytest.approx(chapter, abs=tol)


def test_chapter_e_k_worked_with_chapter_constants():
    # The chapter's own arithmetic: (8.314 · 310 / 96485) ln(4/140) ≈ −95 mV; vrest uses the exact
    # CODATA values and 310.15 K, which differs by < 0.1 mV.
    chapter = 8.314 * 310 / 96485 * math.log(4 / 140) * 1e3
    assert vrest.nernst(140, 4, 1, celsius=37) == pytest.approx(chapter, abs=0.1)


def test_sixty_one_mv_per_decade_at_body_temperature():
    # ln(10)·RT/F at 37 °C = 61.54 mV per tenfold gradient (Hille 2001, ch. 1)
    assert vrest.nernst(1, 10, 1, celsius=37) == pytest.approx(math.log(10) * rtf_mV(37), 1e-12)
    assert vrest.nernst(1, 10, 1, celsius=37) == pytest.approx(61.54, abs=0.01)


@given(conc, conc, valences, temps)
def test_nernst_matches_formula_and_is_antisymmetric(ci, co, z, t):
    E = vrest.nernst(ci, co, z, celsius=t)
    assert E == pytest.approx(rtf_mV(t) / z * math.log(co / ci), rel=1e-9, abs=1e-9)
    # swapping inside and outside flips the sign; so does flipping the valence
    assert vrest.nernst(co, ci, z, celsius=t) == pytest.approx(-E, rel=1e-12, abs=1e-12)
    assert vrest.nernst(ci, co, -z, celsius=t) == pytest.approx(-E, rel=1e-12, abs=1e-12)


def test_equal_concentrations_give_zero():
    assert vrest.nernst(42.0, 42.0, 2) == 0.0


def test_broadcasting_over_arrays():
    co = np.array([1.0, 4.0, 16.0])
    E = vrest.nernst(140.0, co, 1, celsius=np.array([[20.0], [37.0]]))
    assert E.shape == (2, 3)
    # doubling [K]out twice adds 2·ln2·RT/F each time
    assert np.diff(E[1]) == pytest.approx([2 * math.log(2) * rtf_mV(37)] * 2, rel=1e-12)


def test_activity_coefficients_enter_as_activities():
    # E uses activities a = γc: γ_out = 0.75, γ_in = 0.75 cancel; γ_out alone shifts by ln(0.75)
    base = vrest.nernst(140, 4, 1)
    assert vrest.nernst(140, 4, 1, gamma_in=0.75, gamma_out=0.75) == pytest.approx(base, abs=1e-12)
    shifted = vrest.nernst(140, 4, 1, gamma_out=0.75)
    assert shifted - base == pytest.approx(rtf_mV(37) * math.log(0.75), rel=1e-12)


@given(conc, conc, valences, st.floats(-150, 150))
def test_electrochemical_potential_is_zF_times_driving_force(ci, co, z, V):
    dmu = vrest.electrochemical_potential_difference(ci, co, z, V)
    E = vrest.nernst(ci, co, z)
    # Δμ̃ = RT ln(ci/co) + zFV (the chapter's equation), in kJ/mol
    direct = (R_CODATA * 310.15 * math.log(ci / co) + z * F_CODATA * V * 1e-3) * 1e-3
    assert dmu == pytest.approx(direct, rel=1e-9, abs=1e-9)
    assert dmu == pytest.approx(z * F_CODATA * (V - E) * 1e-6, rel=1e-9, abs=1e-9)


def test_driving_force_sign_convention():
    # V − E > 0 drives a cation out (outward current positive)
    assert vrest.driving_force(-70.0, -95.0) == pytest.approx(25.0)
